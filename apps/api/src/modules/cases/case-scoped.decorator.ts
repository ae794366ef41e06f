import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata, UseInterceptors } from '@nestjs/common';
import { ApiExtension, ApiParam } from '@nestjs/swagger';
import type { CaseAction, CaseResource } from '@samraad/domain';
import type { CaseAccess } from './case-access.service.js';
import { CaseAuditInterceptor } from './case-audit.interceptor.js';

export const CASE_SCOPE = 'samraad:caseScope';

export interface CaseScope {
  resource: CaseResource;
  action: CaseAction;
  /** The audit action, e.g. `member.remove`. */
  audit: string;
}

/**
 * Marks a route under `/cases/:caseId` with what it touches. The global CaseAccessGuard checks
 * membership and the permission matrix, and CaseAuditInterceptor audits the access; a case
 * route without this decorator is refused outright. The OpenAPI extension lets the access tests
 * enumerate every case route and its expected permission.
 *
 * The interceptor is bound here, to exactly the routes it audits, rather than globally: as a
 * global interceptor it put every other route (the overview, auth) through Nest's RxJS
 * interceptor chain for nothing, ~3 % of the overview's CPU. It is the only interceptor, so it
 * still wraps the whole handler.
 */
export function CaseScoped(resource: CaseResource, action: CaseAction, audit: string): MethodDecorator {
  const scope: CaseScope = { resource, action, audit };
  return applyDecorators(
    SetMetadata(CASE_SCOPE, scope),
    UseInterceptors(CaseAuditInterceptor),
    ApiExtension('x-case-access', { resource, action }),
    ApiParam({ name: 'caseId', format: 'uuid' }),
  );
}

export interface CaseRequest {
  caseAccess?: CaseAccess;
}

/** The case and the caller's role in it, as the guard resolved them. */
export const CurrentCase = createParamDecorator((_data: unknown, context: ExecutionContext): CaseAccess => {
  const access = context.switchToHttp().getRequest<CaseRequest>().caseAccess;
  if (!access) throw new Error('CurrentCase used on a route without @CaseScoped');
  return access;
});
