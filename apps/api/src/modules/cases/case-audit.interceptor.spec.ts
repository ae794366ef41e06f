/** Unit tier: how CaseAuditInterceptor pairs a case route with its audit entry (transaction host and audit mocked). */
import { describe, expect, it } from '@jest/globals';
import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@samraad/domain';
import type { TransactionHost } from '@samraad/persistence';
import { lastValueFrom, Observable } from 'rxjs';
import type { AuditService } from '../audit/audit.service.js';
import { CaseAuditInterceptor } from './case-audit.interceptor.js';
import type { CaseScope } from './case-scoped.decorator.js';

function setUp(method: string, scope: CaseScope, options: { auditFails?: boolean } = {}) {
  const events: string[] = [];
  let inTransaction = false;
  const tx = {
    run: async <T>(work: () => Promise<T>): Promise<T> => {
      events.push('begin');
      inTransaction = true;
      try {
        const result = await work();
        events.push('commit');
        return result;
      } finally {
        inTransaction = false;
      }
    },
  } as unknown as TransactionHost;
  const audit = {
    record: async (_user: unknown, input: { outcome: string }) => {
      events.push(`audit ${input.outcome}${inTransaction ? ' (in transaction)' : ''}`);
      if (options.auditFails) throw new DomainError('AuditUnavailable');
    },
  } as unknown as AuditService;
  const reflector = { get: () => scope } as unknown as Reflector;
  const request = { method, params: { caseId: 'c1' }, route: { path: '/cases/:caseId/x' }, user: { id: 'u1' }, caseAccess: { case: { id: 'c1' }, role: 'caseworker' }, headers: {}, socket: {} };
  const context = { getType: () => 'http', getHandler: () => undefined, switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
  const handler = (result: unknown | Error): CallHandler => ({
    handle: () =>
      new Observable((subscriber) => {
        events.push(`handler${inTransaction ? ' (in transaction)' : ''}`);
        if (result instanceof Error) subscriber.error(result);
        else {
          subscriber.next(result);
          subscriber.complete();
        }
      }),
  });
  const interceptor = new CaseAuditInterceptor(reflector, tx, audit);
  return { events, run: (result: unknown | Error) => lastValueFrom(interceptor.intercept(context, handler(result))) };
}

const read: CaseScope = { resource: 'case', action: 'read', audit: 'case.timeline.read' };
const write: CaseScope = { resource: 'case', action: 'write', audit: 'case.update' };

describe('CaseAuditInterceptor', () => {
  it('answers a read once its entry is written, without a transaction', async () => {
    const { events, run } = setUp('GET', read);
    expect(await run(['data'])).toEqual(['data']);
    expect(events).toEqual(['handler', 'audit success']);
  });

  it('serves no data from a read whose entry cannot be written', async () => {
    const { events, run } = setUp('GET', read, { auditFails: true });
    await expect(run(['data'])).rejects.toMatchObject({ code: 'AuditUnavailable' });
    expect(events).toEqual(['handler', 'audit success']);
  });

  it('audits a failed read as a failure', async () => {
    const { events, run } = setUp('GET', read);
    await expect(run(new DomainError('MeetingNotFound'))).rejects.toMatchObject({ code: 'MeetingNotFound' });
    expect(events).toEqual(['handler', 'audit failure']);
  });

  it('runs a change and its entry in one transaction', async () => {
    const { events, run } = setUp('PATCH', write);
    await run({ ok: true });
    expect(events).toEqual(['begin', 'handler (in transaction)', 'audit success (in transaction)', 'commit']);
  });
});
