import { createHash } from 'node:crypto';
import type { AuditEvent } from '@samraad/domain';

export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/** The SQLSTATE of a commit refused because its audit entries could not be chained (migration 1763900005000). */
export const AUDIT_UNCHAINED_SQLSTATE = 'SA001';

function canonicalDetail(detail: AuditEvent['detail']): [string, unknown][] {
  return Object.keys(detail)
    .sort()
    .map((key) => [key, detail[key]]);
}

/**
 * The canonical JSON array of one audit row without its first element, the previous hash: the
 * text after `["<previous hash>",`. The database's `audit_append` hashes the previous hash and
 * this text (it knows the previous hash only once it holds the chain lock).
 */
export function auditChainedFields(at: Date, event: AuditEvent): string {
  // JSON.stringify([prev, ...rest]) === '["' + prev + '",' + JSON.stringify(rest).slice(1) for a hex `prev`.
  return JSON.stringify([
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
  ]).slice(1);
}

/** The hash of one audit row: SHA-256 over the previous hash and the row's fields, in a fixed order. */
export function auditHash(prevHash: string, at: Date, event: AuditEvent): string {
  // `["<prevHash>"` followed by `,` and the rest of the array: JSON.stringify([prevHash, ...fields]).
  return createHash('sha256').update(`${JSON.stringify([prevHash]).slice(0, -1)},${auditChainedFields(at, event)}`).digest('hex');
}
