import { Injectable } from '@nestjs/common';
import type { AuditEvent } from '@samraad/domain';
import { AUDIT_GENESIS_HASH, auditChainedFields, auditHash } from '../audit-chain.js';
import { AuditGroupCommit } from '../audit-group-commit.js';
import { AuditEntryEntity } from '../entities/index.js';
import { TransactionHost } from '../transaction-host.js';

export interface AuditChainReport {
  ok: boolean;
  checked: number;
  /** The first row whose hash does not match its content or its predecessor. */
  brokenAtSeq: string | null;
}

/** One entry as `audit_append_many` reads it (migration 1763900006000). */
interface AuditRow {
  at: string;
  actor_id: string | null;
  actor_role: string | null;
  organisation_id: string | null;
  action: string;
  case_id: string | null;
  resource: string | null;
  outcome: string;
  ip: string | null;
  detail: AuditEvent['detail'];
  chained_fields: string;
}

@Injectable()
export class AuditRepository {
  private readonly groupCommit = new AuditGroupCommit<AuditRow>((rows) => this.appendMany(rows));

  constructor(private readonly tx: TransactionHost) {}

  /**
   * Appends one row that chains to the last one. Outside a transaction it joins a group commit:
   * the entries of concurrent callers are appended in one statement (`audit_append_many`,
   * migration 1763900006000), and this resolves once that statement has committed. Inside a
   * transaction the row is chained as the transaction commits (`audit_pending`, migration
   * 1763900005000), so the chain lock, which serialises all appends, is held only for the commit
   * and not while the application finishes the transaction; if it cannot be chained, the commit
   * fails and TransactionHost.run reports AuditUnavailable.
   */
  async append(event: AuditEvent, at: Date = new Date()): Promise<void> {
    if (!this.tx.inTransaction) {
      return this.groupCommit.append({
        at: at.toISOString(),
        actor_id: event.actorId,
        actor_role: event.actorRole,
        organisation_id: event.organisationId,
        action: event.action,
        case_id: event.caseId,
        resource: event.resource,
        outcome: event.outcome,
        ip: event.ip,
        detail: event.detail,
        chained_fields: auditChainedFields(at, event),
      });
    }
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
    await this.tx.queryPrepared(
      'audit.appendAtCommit',
      `INSERT INTO audit_pending (at, actor_id, actor_role, organisation_id, action, case_id, resource, outcome, ip, detail, chained_fields)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      params,
    );
  }

  /** One autocommitted statement: all of `rows` are chained, in order, or none. */
  private async appendMany(rows: AuditRow[]): Promise<void> {
    await this.tx.queryPrepared('audit.appendMany', 'SELECT audit_append_many($1::json)', [JSON.stringify(rows)]);
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
