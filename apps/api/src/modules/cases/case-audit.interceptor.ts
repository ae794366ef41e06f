import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuthUser } from '@samraad/auth';
import { isDomainError } from '@samraad/domain';
import { TransactionHost } from '@samraad/persistence';
import type { Request } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { clientIp } from '../../common/client-ip.js';
import { AuditService } from '../audit/audit.service.js';
import { routeOf } from './case-access.guard.js';
import { CASE_SCOPE, type CaseRequest, type CaseScope } from './case-scoped.decorator.js';

/**
 * Runs a case route in one transaction together with its audit entry: the change and its entry
 * commit together, and a read is only answered once its entry is written. A request that fails
 * is rolled back and audited as a failure.
 */
@Injectable()
export class CaseAuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly tx: TransactionHost,
    private readonly audit: AuditService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const scope = this.reflector.get<CaseScope | undefined>(CASE_SCOPE, context.getHandler());
    if (!scope || context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request & CaseRequest & { user: AuthUser }>();
    const access = request.caseAccess!;
    const entry = {
      action: scope.audit,
      caseId: access.case.id,
      resource: scope.resource,
      role: access.role,
      ip: clientIp(request),
      detail: { method: request.method, route: routeOf(request), ...otherParams(request.params) },
    };

    const run = async (): Promise<unknown> => {
      try {
        return await this.tx.run(async () => {
          const result = await lastValueFrom(next.handle(), { defaultValue: undefined });
          await this.audit.record(request.user, { ...entry, outcome: 'success' });
          return result;
        });
      } catch (error) {
        if (!(isDomainError(error) && error.code === 'AuditUnavailable')) {
          await this.audit.record(request.user, { ...entry, outcome: 'failure', detail: { ...entry.detail, error: isDomainError(error) ? error.code : 'Internal' } });
        }
        throw error;
      }
    };
    return from(run());
  }
}

function otherParams(params: Record<string, string | string[]>): Record<string, string> {
  const rest: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) if (name !== 'caseId') rest[name] = String(value);
  return rest;
}
