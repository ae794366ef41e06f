import { createHash } from 'node:crypto';
import type { AuditEvent } from '@samraad/domain';

export const AUDIT_GENESIS_HASH = '0'.repeat(64);

function canonicalDetail(detail: AuditEvent['detail']): [string, unknown][] {
  return Object.keys(detail)
    .sort()
    .map((key) => [key, detail[key]]);
}

/** The hash of one audit row: SHA-256 over the previous hash and the row's fields, in a fixed order. */
export function auditHash(prevHash: string, at: Date, event: AuditEvent): string {
  const canonical = JSON.stringify([
    prevHash,
    at.toISOString(),
    event.actorId,
    event.actorRole,
    event.organisationId,
    event.action,
    event.caseId,
    event.resource,
    event.outcome,
    event.ip,
    canonicalDetail(event.detail),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
