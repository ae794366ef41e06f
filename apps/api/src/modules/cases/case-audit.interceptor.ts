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
 * commit together. A request that fails is rolled back and audited as a failure.
 *
 * A read (GET with the `read` action; those handlers write nothing) needs no transaction: it is
 * answered once its entry is committed, which outside a transaction goes with the entries of
 * concurrent requests in one group commit (AuditRepository.append), instead of each read holding a
 * pooled connection for BEGIN … COMMIT and taking the chain lock for its own commit.
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

    const handleAndRecord = async (): Promise<unknown> => {
      const result = await lastValueFrom(next.handle(), { defaultValue: undefined });
      await this.audit.record(request.user, { ...entry, outcome: 'success' });
      return result;
    };
    const readOnly = scope.action === 'read' && request.method === 'GET';
    const run = async (): Promise<unknown> => {
      try {
        return await (readOnly ? handleAndRecord() : this.tx.run(handleAndRecord));
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
