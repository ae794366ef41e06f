import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuthUser } from '@samraad/auth';
import { canInCase, DomainError } from '@samraad/domain';
import type { Request } from 'express';
import { clientIp } from '../../common/client-ip.js';
import { AuditService } from '../audit/audit.service.js';
import { CaseAccessService } from './case-access.service.js';
import { CASE_SCOPE, type CaseRequest, type CaseScope } from './case-scoped.decorator.js';

/**
 * Global guard for case data. A non-member (or a case that does not exist, or one in another
 * municipality) gets the same 404; a member without the permission gets 403. Every denial is
 * audited. A route with a `:caseId` parameter and no @CaseScoped is a programming error and
 * fails closed.
 */
@Injectable()
export class CaseAccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly access: CaseAccessService,
    private readonly audit: AuditService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request & CaseRequest & { user?: AuthUser }>();
    const scope = this.reflector.get<CaseScope | undefined>(CASE_SCOPE, context.getHandler());
    const caseId = request.params?.['caseId'];
    if (!scope) {
      if (caseId !== undefined) throw new DomainError('Internal');
      return true;
    }
    const user = request.user;
    if (!user || typeof caseId !== 'string') throw new DomainError('Unauthenticated');

    const access = await this.access.resolve(user, caseId);
    const auditBase = { action: scope.audit, resource: scope.resource, ip: clientIp(request), detail: { method: request.method, route: routeOf(request) } };
    if (!access) {
      await this.audit.record(user, { ...auditBase, caseId: isUuid(caseId) ? caseId : null, outcome: 'denied', detail: { ...auditBase.detail, reason: 'not_member' } });
      throw new DomainError('CaseNotFound');
    }
    if (!canInCase({ role: access.role, isOwner: access.case.ownerId === user.id }, scope.resource, scope.action)) {
      await this.audit.record(user, { ...auditBase, caseId, role: access.role, outcome: 'denied', detail: { ...auditBase.detail, reason: 'no_permission' } });
      throw new DomainError('Forbidden');
    }
    request.caseAccess = access;
    return true;
  }
}

export function routeOf(request: Request): string {
  return (request.route as { path?: string } | undefined)?.path ?? request.path;
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
