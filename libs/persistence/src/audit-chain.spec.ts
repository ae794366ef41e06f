import { describe, expect, it } from '@jest/globals';
import type { AuditEvent } from '@samraad/domain';
import { createHash } from 'node:crypto';
import { AUDIT_GENESIS_HASH, auditChainedFields, auditHash } from './audit-chain.js';

const at = new Date('2026-01-02T03:04:05.678Z');
const event: AuditEvent = {
  actorId: '6f1c1a52-0d3e-4a55-9d0c-3b1c2d4e5f60',
  actorRole: 'caseworker',
  organisationId: '1f1c1a52-0d3e-4a55-9d0c-3b1c2d4e5f61',
  action: 'case.read',
  caseId: '2f1c1a52-0d3e-4a55-9d0c-3b1c2d4e5f62',
  resource: 'case',
  outcome: 'success',
  ip: '127.0.0.1',
  detail: { method: 'GET', route: '/api/cases/:caseId' },
};

describe('auditHash', () => {
  it('is a SHA-256 hex digest, the same for the same input', () => {
    expect(auditHash(AUDIT_GENESIS_HASH, at, event)).toMatch(/^[0-9a-f]{64}$/);
    expect(auditHash(AUDIT_GENESIS_HASH, at, event)).toBe(auditHash(AUDIT_GENESIS_HASH, new Date(at.getTime()), { ...event, detail: { ...event.detail } }));
  });

  it('hashes what it always hashed, so rows written before audit_append still verify', () => {
    expect(auditHash(AUDIT_GENESIS_HASH, at, event)).toBe('6db18d97e4de0c10394ff605a15f5c6f8c4df61dc9bf1902a78c9a6f8ef211c0');
  });

  it('splits off the previous hash as audit_append expects: ["<previous>", then the chained fields', () => {
    const prev = 'ab'.repeat(32);
    // A nested value (the type allows flat ones only) must hash the same in both places too.
    const detail = { z: 'æøå "quoted" \\ \n\u0001', a: { nested: [1, 2.5, null] } } as unknown as AuditEvent['detail'];
    const tricky: AuditEvent = { ...event, ip: null, detail };
    const inDatabase = createHash('sha256').update(`["${prev}",${auditChainedFields(at, tricky)}`).digest('hex');
    expect(inDatabase).toBe(auditHash(prev, at, tricky));
  });

  it('does not depend on the key order of detail (jsonb reorders keys)', () => {
    expect(auditHash(AUDIT_GENESIS_HASH, at, { ...event, detail: { route: '/api/cases/:caseId', method: 'GET' } })).toBe(auditHash(AUDIT_GENESIS_HASH, at, event));
  });

  it('changes with the previous hash, the time and every field', () => {
    const base = auditHash(AUDIT_GENESIS_HASH, at, event);
    expect(auditHash('1'.repeat(64), at, event)).not.toBe(base);
    expect(auditHash(AUDIT_GENESIS_HASH, new Date(at.getTime() + 1), event)).not.toBe(base);
    const changes: Partial<AuditEvent>[] = [
      { actorId: null },
      { actorRole: 'team_leader' },
      { organisationId: null },
      { action: 'case.update' },
      { caseId: null },
      { resource: 'members' },
      { outcome: 'denied' },
      { ip: '10.0.0.1' },
      { detail: { method: 'GET', route: '/api/cases/:caseId', extra: 1 } },
      { detail: { method: 'POST', route: '/api/cases/:caseId' } },
    ];
    const hashes = changes.map((change) => auditHash(AUDIT_GENESIS_HASH, at, { ...event, ...change }));
    for (const hash of hashes) expect(hash).not.toBe(base);
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it('cannot be fooled by moving text between adjacent fields', () => {
    const a = auditHash(AUDIT_GENESIS_HASH, at, { ...event, action: 'case.re', resource: 'adcase' });
    const b = auditHash(AUDIT_GENESIS_HASH, at, { ...event, action: 'case.read', resource: 'case' });
    expect(a).not.toBe(b);
  });
});
