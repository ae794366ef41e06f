import { Injectable } from '@nestjs/common';
import type { AuditEvent } from '@samraad/domain';
import { AUDIT_GENESIS_HASH, auditChainedFields, auditHash } from '../audit-chain.js';
import { AuditEntryEntity } from '../entities/index.js';
import { TransactionHost } from '../transaction-host.js';

export interface AuditChainReport {
  ok: boolean;
  checked: number;
  /** The first row whose hash does not match its content or its predecessor. */
  brokenAtSeq: string | null;
}

@Injectable()
export class AuditRepository {
  constructor(private readonly tx: TransactionHost) {}

  /**
   * Appends one row that chains to the last one. Outside a transaction that is one statement of its
   * own (`audit_append`, migration 1763900004000). Inside one the row is chained as the transaction
   * commits (`audit_pending`, migration 1763900005000), so the chain lock, which serialises all
   * appends, is held only for the commit and not while the application finishes the transaction;
   * if it cannot be chained, the commit fails and TransactionHost.run reports AuditUnavailable.
   */
  async append(event: AuditEvent, at: Date = new Date()): Promise<void> {
    const params = [
      at.toISOString(),
      event.actorId,
      event.actorRole,
      event.organisationId,
      event.action,
      event.caseId,
      event.resource,
      event.outcome,
      event.ip,
      JSON.stringify(event.detail),
      auditChainedFields(at, event),
    ];
    if (this.tx.inTransaction) {
      await this.tx.queryPrepared(
        'audit.appendAtCommit',
        `INSERT INTO audit_pending (at, actor_id, actor_role, organisation_id, action, case_id, resource, outcome, ip, detail, chained_fields)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        params,
      );
    } else {
      await this.tx.queryPrepared('audit.append', 'SELECT audit_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)', params);
    }
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
