import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgliteThread } from './pglite-thread.js';

describe('PGlite on its own thread', () => {
  let db: PgliteThread;
  beforeAll(async () => {
    db = await PgliteThread.create(undefined);
  });
  afterAll(() => db.close());

  it('runs a long statement while the event loop goes on', async () => {
    let turns = 0;
    let running = true;
    const spin = (): void => {
      turns++;
      if (running) setImmediate(spin);
    };
    setImmediate(spin);
    const [row] = (await db.query('SELECT count(*)::int AS n FROM generate_series(1, 2000000)')).rows as { n: number }[];
    running = false;
    expect(row!.n).toBe(2_000_000);
    // On the api's thread the statement ran start to end with no turn of the loop in between.
    expect(turns).toBeGreaterThan(20);
  });

  it('hands values over as pg would: bytes, dates, JSON, numbers, booleans, null', async () => {
    const bytes = new Uint8Array([0, 1, 254, 255]);
    const { rows } = await db.query(`SELECT $1::bytea AS b, '2026-12-06T10:00:00Z'::timestamptz AS t, '{"a":[1,"x",null]}'::jsonb AS j, 42::int AS i, true AS yes, NULL::text AS nothing`, [bytes]);
    const [row] = rows as { b: Uint8Array; t: Date; j: unknown; i: number; yes: boolean; nothing: null }[];
    expect(row!.b).toBeInstanceOf(Uint8Array);
    expect([...row!.b]).toEqual([...bytes]);
    expect(row!.t).toBeInstanceOf(Date);
    expect(row!.t.toISOString()).toBe('2026-12-06T10:00:00.000Z');
    expect(row!.j).toEqual({ a: [1, 'x', null] });
    expect(row).toMatchObject({ i: 42, yes: true, nothing: null });
  });

  it("reports PostgreSQL's error fields (SQLSTATE, constraint), and goes on after an error", async () => {
    await db.exec('CREATE TABLE t_unique (k text CONSTRAINT uq_t_unique_k UNIQUE); INSERT INTO t_unique VALUES (\'a\')');
    const failed = await db.query(`INSERT INTO t_unique VALUES ('a')`).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(Error);
    expect(failed).toMatchObject({ code: '23505', constraint: 'uq_t_unique_k' });
    expect((await db.query('SELECT count(*)::int AS n FROM t_unique')).rows).toEqual([{ n: 1 }]);
  });

  it('prepares a statement once per SQL text, also after its table changed and beyond the statement limit', async () => {
    await db.exec('CREATE TABLE t_prepared (a int); INSERT INTO t_prepared VALUES (1)');
    const select = 'SELECT * FROM t_prepared WHERE a = $1';
    expect((await db.query(select, [1])).rows).toEqual([{ a: 1 }]);
    // PostgreSQL refuses a prepared statement whose result columns changed; it is prepared again.
    await db.exec('ALTER TABLE t_prepared ADD COLUMN b text');
    expect((await db.query(select, [1])).rows).toEqual([{ a: 1, b: null }]);
    // Inside a transaction the change fails the transaction (as on PostgreSQL); after it, the statement runs again.
    await db.exec('ALTER TABLE t_prepared ADD COLUMN c int');
    await db.exec('BEGIN');
    await expect(db.query(select, [1])).rejects.toThrow(/cached plan/);
    await db.exec('ROLLBACK');
    expect((await db.query(select, [1])).rows).toEqual([{ a: 1, b: null, c: null }]);
    for (let k = 0; k < 520; k++) expect((await db.query(`SELECT $1::int + ${k} AS n`, [1])).rows).toEqual([{ n: 1 + k }]);
    expect((await db.query(select, [1])).rows).toEqual([{ a: 1, b: null, c: null }]);
  });

  it('delivers notifications to every listener of a channel until it stops listening', async () => {
    const first: string[] = [];
    const second: string[] = [];
    const stopFirst = await db.listen('thread_test', (payload) => first.push(payload));
    const stopSecond = await db.listen('thread_test', (payload) => second.push(payload));
    await db.query(`SELECT pg_notify('thread_test', 'one')`);
    await waitFor(() => first.length === 1 && second.length === 1);
    await stopFirst();
    await db.query(`SELECT pg_notify('thread_test', 'two')`);
    await waitFor(() => second.length === 2);
    await stopSecond();
    await db.query(`SELECT pg_notify('thread_test', 'three')`);
    await db.query('SELECT 1');
    expect(first).toEqual(['one']);
    expect(second).toEqual(['one', 'two']);
  });

  it('fails every waiting and later statement when the thread stops unexpectedly', async () => {
    const other = await PgliteThread.create(undefined);
    const waiting = other.query('SELECT count(*) FROM generate_series(1, 3000000)');
    await (other as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await expect(waiting).rejects.toThrow(/exited/);
    await expect(other.query('SELECT 1', [])).rejects.toThrow(/exited/);
  });

  it('keeps every row of tables on disk that grow and shrink between reads, also after a restart', async () => {
    // On disk the thread keeps the files' sizes between writes (file-status-cache.mjs); a size kept
    // too long would have PostgreSQL extend a table over its own last pages or miss rows.
    const dir = mkdtempSync(join(tmpdir(), 'samraad-pglite-thread-'));
    try {
      let disk = await PgliteThread.create(dir);
      await disk.exec('CREATE TABLE t_disk (k int PRIMARY KEY, v text); CREATE INDEX ix_t_disk_v ON t_disk (v)');
      const expected = { n: 0, sum: 0 };
      const check = async (on: PgliteThread): Promise<void> => {
        expect((await on.query('SELECT count(*)::int AS n, coalesce(sum(k), 0)::int AS sum FROM t_disk')).rows).toEqual([expected]);
      };
      for (let batch = 0; batch < 25; batch++) {
        const from = batch * 400;
        await disk.query(`INSERT INTO t_disk SELECT g, repeat(md5(g::text), 3) FROM generate_series($1::int, $1::int + 399) g`, [from]);
        expected.n += 400;
        expected.sum += 400 * from + (399 * 400) / 2;
        await check(disk);
        // By the index, which grew as well.
        expect((await disk.query('SELECT k FROM t_disk WHERE v = repeat(md5($1::text), 3)', [from + 399])).rows).toEqual([{ k: from + 399 }]);
      }
      // The upper half deleted and vacuumed away: the table's file is cut short; then it grows again.
      await disk.query('DELETE FROM t_disk WHERE k >= 5000');
      await disk.exec('VACUUM t_disk');
      expected.n = 5000;
      expected.sum = (4999 * 5000) / 2;
      await check(disk);
      await disk.query(`INSERT INTO t_disk SELECT g, repeat(md5(g::text), 3) FROM generate_series(20000, 21999) g`);
      expected.n += 2000;
      expected.sum += 2000 * 20000 + (1999 * 2000) / 2;
      await check(disk);
      await disk.close();
      disk = await PgliteThread.create(dir);
      await check(disk);
      await disk.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses statements once closed', async () => {
    const other = await PgliteThread.create(undefined);
    await other.close();
    await expect(other.query('SELECT 1')).rejects.toThrow(/exited/);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}
