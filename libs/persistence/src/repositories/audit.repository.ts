import { Injectable } from '@nestjs/common';
import type { AuditEvent } from '@samraad/domain';
import { AUDIT_GENESIS_HASH, auditHash } from '../audit-chain.js';
import { AuditEntryEntity } from '../entities/index.js';
import { TransactionHost } from '../transaction-host.js';

/** Serialises appends so that each row chains to the one before it. */
const AUDIT_CHAIN_LOCK = 7_240_001;

export interface AuditChainReport {
  ok: boolean;
  checked: number;
  /** The first row whose hash does not match its content or its predecessor. */
  brokenAtSeq: string | null;
}

@Injectable()
export class AuditRepository {
  constructor(private readonly tx: TransactionHost) {}

  async append(event: AuditEvent, at: Date = new Date()): Promise<void> {
    await this.tx.run(async () => {
      const db = this.tx.manager;
      await db.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
      const [last] = (await db.query('SELECT hash FROM audit_entries ORDER BY seq DESC LIMIT 1')) as { hash: string }[];
      const prevHash = last?.hash ?? AUDIT_GENESIS_HASH;
      const hash = auditHash(prevHash, at, event);
      await db.query(
        `INSERT INTO audit_entries (at, actor_id, actor_role, organisation_id, action, case_id, resource, outcome, ip, detail, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [at.toISOString(), event.actorId, event.actorRole, event.organisationId, event.action, event.caseId, event.resource, event.outcome, event.ip, JSON.stringify(event.detail), prevHash, hash],
      );
    });
  }

  listForCase(caseId: string, limit: number, beforeSeq?: string): Promise<AuditEntryEntity[]> {
    const query = this.tx.manager
      .getRepository(AuditEntryEntity)
      .createQueryBuilder('a')
      .where('a.case_id = :caseId', { caseId })
      .orderBy('a.seq', 'DESC')
      .limit(limit);
    if (beforeSeq) query.andWhere('a.seq < :beforeSeq', { beforeSeq });
    return query.getMany();
  }

  /** Entries matching a filter, newest first (tests and the admin's review). */
  find(filter: { actorId?: string; caseId?: string; action?: string; outcome?: AuditEntryEntity['outcome'] }, limit = 1000): Promise<AuditEntryEntity[]> {
    return this.tx.manager.getRepository(AuditEntryEntity).find({ where: filter, order: { seq: 'DESC' }, take: limit });
  }

  count(): Promise<number> {
    return this.tx.manager.getRepository(AuditEntryEntity).count();
  }

  /** Recomputes the chain from the first row; detects a changed, removed or inserted row. */
  async verifyChain(batchSize = 1000): Promise<AuditChainReport> {
    let prevHash = AUDIT_GENESIS_HASH;
    let afterSeq = '0';
    let checked = 0;
    for (;;) {
      const rows = await this.tx.manager
        .getRepository(AuditEntryEntity)
        .createQueryBuilder('a')
        .where('a.seq > :afterSeq', { afterSeq })
        .orderBy('a.seq', 'ASC')
        .limit(batchSize)
        .getMany();
      if (rows.length === 0) return { ok: true, checked, brokenAtSeq: null };
      for (const row of rows) {
        const expected = auditHash(prevHash, row.at, row);
        // PGlite hands bigint out as a number, pg as a string.
        if (row.prevHash !== prevHash || row.hash !== expected) return { ok: false, checked, brokenAtSeq: String(row.seq) };
        prevHash = row.hash;
        checked += 1;
      }
      afterSeq = String(rows[rows.length - 1]!.seq);
    }
  }
}
