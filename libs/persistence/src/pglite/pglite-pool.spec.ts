import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PGlite } from '@electric-sql/pglite';
import { pgliteDriver } from './pglite-pool.js';

describe('the PGlite pool', () => {
  let db: PGlite;
  let pool: { query(sql: string): Promise<unknown> };
  beforeAll(async () => {
    db = await PGlite.create();
    const { Pool } = pgliteDriver(db);
    pool = new Pool() as unknown as typeof pool;
  });
  afterAll(() => db.close());

  it('lets the event loop turn between queued statements (PGlite runs on this thread)', async () => {
    let done = 0;
    const queued = Array.from({ length: 20 }, () => pool.query('SELECT pg_catalog.count(*) FROM pg_catalog.pg_class').then(() => done++));
    const seenAtTurn = new Promise<number>((resolve) => setImmediate(() => resolve(done)));
    await Promise.all(queued);
    expect(done).toBe(20);
    // Handed over in microtasks, all twenty ran before any timer, socket read or immediate.
    expect(await seenAtTurn).toBeLessThan(3);
  });
});
