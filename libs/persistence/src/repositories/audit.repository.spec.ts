/** Medium tier: the chained audit append (`audit_append` in the database) against a real database. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuditEvent } from '@samraad/domain';
import { openTestDatabase } from '../../../../test/helpers/database.js';
import { AUDIT_GENESIS_HASH, auditHash } from '../audit-chain.js';
import type { OpenedDatabase } from '../data-source.js';
import { AuditChainHead1763900011000 } from '../migrations/1763900011000-audit-chain-head.js';
import { TransactionHost } from '../transaction-host.js';
import { AuditRepository } from './audit.repository.js';

function event(action: string, detail: AuditEvent['detail'] = {}): AuditEvent {
  return { actorId: randomUUID(), actorRole: 'caseworker', organisationId: null, action, caseId: randomUUID(), resource: 'case', outcome: 'success', ip: '127.0.0.1', detail };
}

describe('AuditRepository', () => {
  let opened: OpenedDatabase;
  let tx: TransactionHost;
  let audit: AuditRepository;

  const rowCount = async () => ((await opened.dataSource.query('SELECT count(*)::int AS n FROM audit_entries')) as { n: number }[])[0]!.n;
  /** The chain head (`audit_chain_head`) and the log's last entry, side by side (seq as text: pg and PGlite hand bigint out differently). */
  const headAndLast = async () =>
    (
      (await opened.dataSource.query(
        `SELECT h.seq::text AS "headSeq", h.hash AS "headHash",
                coalesce((SELECT max(seq) FROM audit_entries), 0)::text AS "lastSeq",
                coalesce((SELECT hash FROM audit_entries ORDER BY seq DESC LIMIT 1), repeat('0', 64)) AS "lastHash",
                (SELECT count(*)::int FROM audit_chain_head) AS "headRows"
         FROM audit_chain_head h`,
      )) as { headSeq: string; headHash: string; lastSeq: string; lastHash: string; headRows: number }[]
    )[0]!;
  const expectHeadAtLastEntry = async () => {
    const { headSeq, headHash, lastSeq, lastHash, headRows } = await headAndLast();
    expect({ headSeq, headHash, headRows }).toEqual({ headSeq: lastSeq, headHash: lastHash, headRows: 1 });
  };

  beforeAll(async () => {
    opened = await openTestDatabase();
    tx = new TransactionHost(opened.dataSource);
    audit = new AuditRepository(tx);
  });
  afterAll(async () => {
    await opened.close();
  });

  it('chains each row to the one before, with the hash the application computes for it', async () => {
    const at = new Date('2026-03-01T10:00:00.123Z');
    // A nested value (the type allows flat ones only) must chain the same in the database too.
    const first = event('test.first', { method: 'GET', z: 'æøå "quoted" \\ back\nslash \u0001', nested: { list: [1, 2.5, null, 'x'] } } as unknown as AuditEvent['detail']);
    const second = { ...event('test.second'), actorId: null, caseId: null, ip: null, resource: null, outcome: 'denied' as const };
    // An empty log: the head is the genesis hash.
    expect(await headAndLast()).toMatchObject({ headSeq: '0', headHash: AUDIT_GENESIS_HASH });
    await audit.append(first, at);
    await audit.append(second, at);

    const rows = (await opened.dataSource.query(`SELECT prev_hash AS "prevHash", hash FROM audit_entries ORDER BY seq`)) as { prevHash: string; hash: string }[];
    expect(rows).toHaveLength(2);
    expect(rows[0]!.prevHash).toBe(AUDIT_GENESIS_HASH);
    expect(rows[0]!.hash).toBe(auditHash(AUDIT_GENESIS_HASH, at, first));
    expect(rows[1]!.prevHash).toBe(rows[0]!.hash);
    expect(rows[1]!.hash).toBe(auditHash(rows[0]!.hash, at, second));
    expect(await audit.verifyChain()).toEqual({ ok: true, checked: 2, brokenAtSeq: null });
    await expectHeadAtLastEntry();
  });

  it('keeps the chain intact under concurrent appends, inside and outside transactions', async () => {
    const before = await rowCount();
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        i % 3 === 0
          ? audit.append(event(`test.concurrent.${i}`, { i }))
          : tx.run(async () => {
              // A request's own reads come first; the append is the transaction's last statement.
              await tx.manager.query('SELECT count(*) FROM audit_entries');
              await audit.append(event(`test.concurrent.${i}`, { i }));
            }),
      ),
    );
    expect(await rowCount()).toBe(before + 24);
    expect(await audit.verifyChain()).toEqual({ ok: true, checked: before + 24, brokenAtSeq: null });
    await expectHeadAtLastEntry();
  });

  it('writes concurrent entries outside a transaction as a group, every one chained, in one statement', async () => {
    const before = await rowCount();
    const at = new Date('2026-03-02T08:00:00.000Z');
    const events = Array.from({ length: 30 }, (_, i) => event(`test.group.${i}`, { i, text: i % 2 ? 'æøå "q" \\' : null }));
    await Promise.all(events.map((e) => audit.append(e, at)));
    const rows = (await opened.dataSource.query(`SELECT action, prev_hash AS "prevHash", hash, xmin::text AS xid FROM audit_entries ORDER BY seq DESC LIMIT 30`)) as { action: string; prevHash: string; hash: string; xid: string }[];
    rows.reverse();
    // In the order the callers appended, each hashed over its predecessor as the application hashes it.
    expect(rows.map((row) => row.action)).toEqual(events.map((e) => e.action));
    rows.forEach((row, i) => expect(row.hash).toBe(auditHash(row.prevHash, at, events[i]!)));
    // One transaction carried them all.
    expect(new Set(rows.map((row) => row.xid)).size).toBe(1);
    expect(await rowCount()).toBe(before + 30);
    expect(await audit.verifyChain()).toEqual({ ok: true, checked: before + 30, brokenAtSeq: null });
    await expectHeadAtLastEntry();
  });

  it('fails every append of a group that cannot be written, keeps none of them, and writes the next group', async () => {
    const before = await rowCount();
    await opened.dataSource.query(
      `CREATE FUNCTION test_refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.action = 'test.poison' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$`,
    );
    await opened.dataSource.query('CREATE TRIGGER tr_test_refuse_poison BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION test_refuse_poison()');
    try {
      const group = [audit.append(event('test.innocent.1')), audit.append(event('test.poison')), audit.append(event('test.innocent.2'))];
      const headBefore = await headAndLast();
      const outcomes = await Promise.allSettled(group);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected']);
      expect(await rowCount()).toBe(before);
      // The failed group moved the head no more than the log.
      expect(await headAndLast()).toEqual(headBefore);
      await audit.append(event('test.after-failed-group'));
    } finally {
      await opened.dataSource.query('DROP TRIGGER tr_test_refuse_poison ON audit_entries');
      await opened.dataSource.query('DROP FUNCTION test_refuse_poison()');
    }
    expect(await rowCount()).toBe(before + 1);
    expect(await audit.verifyChain()).toEqual({ ok: true, checked: before + 1, brokenAtSeq: null });
  });

  it('chains an entry written in a transaction as it commits, and leaves nothing pending', async () => {
    const before = await rowCount();
    await tx.run(async () => {
      await audit.append(event('test.in-transaction'));
      // Not chained yet, not even as the transaction sees it, and the chain lock not taken: that happens at commit.
      expect(await tx.manager.query('SELECT count(*)::int AS n FROM audit_entries')).toEqual([{ n: before }]);
      expect(await tx.manager.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()`)).toEqual([{ n: 0 }]);
    });
    expect(await rowCount()).toBe(before + 1);
    expect(await opened.dataSource.query('SELECT count(*)::int AS n FROM audit_pending')).toEqual([{ n: 0 }]);
    expect((await audit.verifyChain()).ok).toBe(true);
    await expectHeadAtLastEntry();
  });

  it('fails the commit with AuditUnavailable, keeping nothing of the transaction, when the entry cannot be chained', async () => {
    const before = await rowCount();
    await opened.dataSource.query('CREATE TABLE audit_probe (value text NOT NULL)');
    await opened.dataSource.query(`CREATE FUNCTION test_chain_down() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'chain down'; END $$`);
    await opened.dataSource.query('CREATE TRIGGER tr_test_chain_down BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION test_chain_down()');
    try {
      await expect(
        tx.run(async () => {
          await tx.manager.query(`INSERT INTO audit_probe (value) VALUES ('kept?')`);
          await audit.append(event('test.unchainable'));
        }),
      ).rejects.toMatchObject({ code: 'AuditUnavailable' });
    } finally {
      await opened.dataSource.query('DROP TRIGGER tr_test_chain_down ON audit_entries');
      await opened.dataSource.query('DROP FUNCTION test_chain_down()');
    }
    expect(await opened.dataSource.query('SELECT count(*)::int AS n FROM audit_probe')).toEqual([{ n: 0 }]);
    expect(await opened.dataSource.query('SELECT count(*)::int AS n FROM audit_pending')).toEqual([{ n: 0 }]);
    expect(await rowCount()).toBe(before);
    expect((await audit.verifyChain()).ok).toBe(true);
  });

  it('leaves no row, and an intact chain, when the transaction it was written in rolls back', async () => {
    const before = await rowCount();
    await expect(
      tx.run(async () => {
        await audit.append(event('test.rolled-back'));
        throw new Error('the request failed');
      }),
    ).rejects.toThrow('the request failed');
    expect(await rowCount()).toBe(before);
    await audit.append(event('test.after-rollback'));
    expect(await audit.verifyChain()).toEqual({ ok: true, checked: before + 1, brokenAtSeq: null });
    await expectHeadAtLastEntry();
  });

  it('starts the chain head at the last entry of a log written before the head existed, and chains on from it', async () => {
    const migration = new AuditChainHead1763900011000();
    // Each step on a runner of its own, released before the appends (PGlite has one connection).
    const migrate = async (step: 'up' | 'down') => {
      const runner = opened.dataSource.createQueryRunner();
      try {
        await migration[step](runner);
      } finally {
        await runner.release();
      }
    };
    // Back to the functions that read the log's last entry, and a few entries written by them.
    await migrate('down');
    expect(await opened.dataSource.query(`SELECT to_regclass('audit_chain_head') IS NULL AS gone`)).toEqual([{ gone: true }]);
    await Promise.all([audit.append(event('test.before-head.1')), audit.append(event('test.before-head.2'))]);
    await tx.run(() => audit.append(event('test.before-head.3')));
    await migrate('up');
    await expectHeadAtLastEntry();
    const before = await rowCount();
    await audit.append(event('test.after-head'));
    await tx.run(() => audit.append(event('test.after-head.in-transaction')));
    expect(await audit.verifyChain()).toEqual({ ok: true, checked: before + 2, brokenAtSeq: null });
    await expectHeadAtLastEntry();
  });

  it('chains on from an entry that an append from before the head wrote past it', async () => {
    // As the functions of migrations 1763900004000 and 1763900006000 append (one under way while
    // the upgrade to the head ran): chained to the log's last entry, the head left where it was.
    const { lastHash } = await headAndLast();
    const at = new Date('2026-03-03T09:00:00.000Z');
    const old = event('test.old-function');
    await opened.dataSource.query(
      `INSERT INTO audit_entries (at, actor_id, actor_role, organisation_id, action, case_id, resource, outcome, ip, detail, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [at.toISOString(), old.actorId, old.actorRole, old.organisationId, old.action, old.caseId, old.resource, old.outcome, old.ip, JSON.stringify(old.detail), lastHash, auditHash(lastHash, at, old)],
    );
    const stale = await headAndLast();
    expect(stale.headSeq).not.toBe(stale.lastSeq);
    const before = await rowCount();
    await audit.append(event('test.after-old-function'));
    await tx.run(() => audit.append(event('test.after-old-function.in-transaction')));
    expect(await audit.verifyChain()).toEqual({ ok: true, checked: before + 2, brokenAtSeq: null });
    await expectHeadAtLastEntry();
  });

  it('refuses a second head row', async () => {
    await expect(opened.dataSource.query(`INSERT INTO audit_chain_head (only_row, seq, hash) VALUES (false, 0, 'x')`)).rejects.toThrow(/ck_audit_chain_head_one_row/);
    await expect(opened.dataSource.query(`INSERT INTO audit_chain_head (seq, hash) VALUES (0, 'x')`)).rejects.toThrow(/pk_audit_chain_head|duplicate/);
    await expectHeadAtLastEntry();
  });
});
