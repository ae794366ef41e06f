import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type OpenedDatabase, openDatabase } from '../data-source.js';
import { PgliteMaintenance, tablesDue } from './pglite-maintenance.js';

interface TableStats {
  n_dead_tup: number;
  last_vacuum: Date | null;
  last_analyze: Date | null;
}

/** The embedded database vacuums and analyzes nothing on its own; PgliteMaintenance does. */
describe('PGlite maintenance', () => {
  let database: OpenedDatabase;
  let maintenance: PgliteMaintenance;

  const query = <T>(sql: string): Promise<T[]> => database.dataSource.query(sql) as Promise<T[]>;
  /** The table's statistics, once the backend has reported its counts (it does so at most once a second on its own). */
  const stats = async (table: string): Promise<TableStats> => {
    await query(`SELECT pg_stat_force_next_flush()`);
    await query(`SELECT 1`);
    const [row] = await query<TableStats>(`SELECT n_dead_tup::int, last_vacuum, last_analyze FROM pg_stat_user_tables WHERE relname = '${table}'`);
    return row!;
  };

  beforeAll(async () => {
    database = await openDatabase({});
    // An hour: the passes below are started by hand.
    maintenance = new PgliteMaintenance(database.dataSource, 3600);
    await stats('cases');
    await maintenance.run();
  });
  afterAll(async () => {
    await maintenance?.stop();
    await database?.close();
  });

  it('vacuums a table with many dead rows, and leaves nothing due after its pass', async () => {
    await query(`CREATE TABLE churn (id int PRIMARY KEY, v int)`);
    await query(`INSERT INTO churn SELECT g, 0 FROM generate_series(1, 5000) g`);
    await query(`UPDATE churn SET v = 1`);
    await query(`UPDATE churn SET v = 2`);
    const before = await stats('churn');
    expect(before.n_dead_tup).toBeGreaterThanOrEqual(5000);
    expect(before.last_vacuum).toBeNull();
    expect(await tablesDue(database.dataSource)).toContainEqual({ table: 'public.churn', vacuum: true });

    await maintenance.run();

    const after = await stats('churn');
    expect(after.n_dead_tup).toBe(0);
    expect(after.last_vacuum).not.toBeNull();
    expect(after.last_analyze).not.toBeNull();
    expect(await tablesDue(database.dataSource)).toEqual([]);
  });

  it('analyzes a table whose rows changed, without vacuuming it when few are dead', async () => {
    await query(`CREATE TABLE few (id int PRIMARY KEY, v text)`);
    await query(`INSERT INTO few SELECT g, 'x' || g FROM generate_series(1, 200) g`);
    await stats('few');
    expect(await tablesDue(database.dataSource)).toEqual([{ table: 'public.few', vacuum: false }]);

    await maintenance.run();

    const after = await stats('few');
    expect(after.last_analyze).not.toBeNull();
    expect(after.last_vacuum).toBeNull();
    const [{ n }] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stats WHERE tablename = 'few'`);
    expect(n).toBe(2);
  });

  it('quotes table names it did not choose', async () => {
    await query(`CREATE TABLE "Odd name; DROP" (id int)`);
    await query(`INSERT INTO "Odd name; DROP" SELECT g FROM generate_series(1, 200) g`);
    await stats('Odd name; DROP');
    expect(await tablesDue(database.dataSource)).toEqual([{ table: 'public."Odd name; DROP"', vacuum: false }]);
    await maintenance.run();
    expect((await stats('Odd name; DROP')).last_analyze).not.toBeNull();
  });

  it('is started by openDatabase for PGlite when asked, and stopped by close', async () => {
    const other = await openDatabase({ maintenanceSeconds: 1 });
    try {
      await other.dataSource.query(`CREATE TABLE churn (id int PRIMARY KEY, v int)`);
      await other.dataSource.query(`INSERT INTO churn SELECT g, 0 FROM generate_series(1, 2000) g`);
      await other.dataSource.query(`UPDATE churn SET v = 1`);
      await other.dataSource.query(`SELECT pg_stat_force_next_flush()`);
      const deadline = Date.now() + 15_000;
      let vacuumed: Date | null = null;
      while (!vacuumed && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        [{ vacuumed }] = (await other.dataSource.query(`SELECT last_vacuum AS vacuumed FROM pg_stat_user_tables WHERE relname = 'churn'`)) as { vacuumed: Date | null }[];
      }
      expect(vacuumed).not.toBeNull();
    } finally {
      await other.close();
    }
  });
});
