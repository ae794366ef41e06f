/** Medium tier: the transaction host and the PGlite pool against a real database. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openTestDatabase } from '../../../test/helpers/database.js';
import type { OpenedDatabase } from './data-source.js';
import { TransactionHost } from './transaction-host.js';

describe('TransactionHost', () => {
  let opened: OpenedDatabase;
  let tx: TransactionHost;

  const count = async (): Promise<number> => ((await tx.dataSource.query('SELECT count(*)::int AS n FROM tx_probe')) as { n: number }[])[0]!.n;
  const insert = (value: string) => tx.manager.query('INSERT INTO tx_probe (value) VALUES ($1)', [value]);

  beforeAll(async () => {
    opened = await openTestDatabase();
    tx = new TransactionHost(opened.dataSource);
    await opened.dataSource.query('CREATE TABLE tx_probe (value text NOT NULL, flag boolean NULL)');
  });
  afterAll(async () => {
    await opened.close();
  });

  it('runs a prepared statement again and again with new parameters, inside the current transaction', async () => {
    const probe = (value: string) => tx.queryPrepared<{ n: number }>('test.probeCount', 'SELECT count(*)::int AS n FROM tx_probe WHERE value = $1', [value]);
    expect(await probe('prepared')).toEqual([{ n: 0 }]);
    await expect(
      tx.run(async () => {
        await insert('prepared');
        // Sees the transaction's own uncommitted row, so it runs on the transaction's connection.
        expect(await probe('prepared')).toEqual([{ n: 1 }]);
        expect(await probe('other')).toEqual([{ n: 0 }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await Promise.all([probe('prepared'), probe('prepared'), probe('prepared')])).toEqual([[{ n: 0 }], [{ n: 0 }], [{ n: 0 }]]);
  });

  it('commits the work and then runs afterCommit callbacks, in order', async () => {
    const seen: string[] = [];
    const before = await count();
    await tx.run(async () => {
      await insert('a');
      tx.afterCommit(() => seen.push('first'));
      tx.afterCommit(() => seen.push('second'));
      expect(seen).toEqual([]);
      expect(tx.inTransaction).toBe(true);
    });
    expect(seen).toEqual(['first', 'second']);
    expect(await count()).toBe(before + 1);
    expect(tx.inTransaction).toBe(false);
  });

  it('rolls back everything, nested calls included, and drops afterCommit callbacks when the work throws', async () => {
    const seen: string[] = [];
    const before = await count();
    await expect(
      tx.run(async () => {
        await insert('b');
        await tx.run(async () => {
          await insert('c');
          tx.afterCommit(() => seen.push('nested'));
        });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(seen).toEqual([]);
    expect(await count()).toBe(before);
  });

  it('runs afterCommit at once outside a transaction', () => {
    let ran = false;
    tx.afterCommit(() => (ran = true));
    expect(ran).toBe(true);
  });

  it('does not let work scheduled inside a transaction reuse it after it ended', async () => {
    let later: Promise<void> | undefined;
    await tx.run(async () => {
      later = new Promise<void>((resolve, reject) =>
        setTimeout(() => {
          expect(tx.inTransaction).toBe(false);
          insert('after').then(() => resolve(), reject);
        }, 10),
      );
    });
    await later;
    expect(((await tx.dataSource.query(`SELECT count(*)::int AS n FROM tx_probe WHERE value = 'after'`)) as { n: number }[])[0]!.n).toBe(1);
  });

  it('keeps concurrent transactions apart: one that rolls back leaves the other intact', async () => {
    const before = await count();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        tx.run(async () => {
          await insert(`p${i}`);
          await new Promise((r) => setTimeout(r, 1));
          await insert(`q${i}`);
          if (i % 2 === 1) throw new Error(`fail ${i}`);
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(5);
    expect(await count()).toBe(before + 10);
    const rows = (await tx.dataSource.query(`SELECT value FROM tx_probe WHERE value ~ '^[pq][0-9]$' ORDER BY value`)) as { value: string }[];
    expect(rows.map((r) => r.value)).toEqual(['p0', 'p2', 'p4', 'p6', 'p8', 'q0', 'q2', 'q4', 'q6', 'q8']);
  });

  it('stores booleans through TypeORM parameters on both back ends', async () => {
    await tx.run(async () => {
      await tx.manager.query('INSERT INTO tx_probe (value, flag) VALUES ($1, $2), ($3, $4)', ['yes', true, 'no', false]);
    });
    const rows = (await tx.dataSource.query(`SELECT value, flag FROM tx_probe WHERE value IN ('yes', 'no') ORDER BY value`)) as { value: string; flag: boolean }[];
    expect(rows).toEqual([
      { value: 'no', flag: false },
      { value: 'yes', flag: true },
    ]);
  });

  it('reports affected rows of UPDATE and DELETE', async () => {
    await tx.dataSource.query(`INSERT INTO tx_probe (value) VALUES ('u1'), ('u1'), ('u2')`);
    const updated = await tx.dataSource.createQueryBuilder().update('tx_probe').set({ value: 'u3' }).where('value = :v', { v: 'u1' }).execute();
    expect(updated.affected).toBe(2);
    const deleted = await tx.dataSource.createQueryBuilder().delete().from('tx_probe').where('value = :v', { v: 'u3' }).execute();
    expect(deleted.affected).toBe(2);
    const none = await tx.dataSource.createQueryBuilder().delete().from('tx_probe').where('value = :v', { v: 'nothing' }).execute();
    expect(none.affected).toBe(0);
  });
});
