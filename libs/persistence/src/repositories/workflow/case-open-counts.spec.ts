import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openTestDatabase } from '../../../../../test/helpers/database.js';
import type { OpenedDatabase } from '../../data-source.js';

/**
 * The open statement requests and open concerns kept on each case (migration 1763900013000), which
 * the overview reads instead of counting: after every kind of write they equal a count of the rows.
 */
describe('the open counts kept on the case', () => {
  let database: OpenedDatabase;
  let userId: string;
  let caseA: string;
  let caseB: string;
  const query = <T>(sql: string, params: unknown[] = []): Promise<T[]> => database.dataSource.query(sql, params) as Promise<T[]>;

  /** Every case whose kept counts a recount of its rows disagrees with. */
  const drifted = () =>
    query(
      `SELECT c.id, c.open_statement_requests, c.open_concerns, r.n AS requests, o.n AS concerns
       FROM cases c
       CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM statement_requests r WHERE r.case_id = c.id AND r.status = 'requested') r
       CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM observations o WHERE o.case_id = c.id AND o.kind = 'concern' AND o.acknowledged_at IS NULL) o
       WHERE c.open_statement_requests <> r.n OR c.open_concerns <> o.n`,
    );

  /** The kept counts (open requests, open concerns) of both cases, and the drifted cases. */
  async function counts(): Promise<{ a: [number, number]; b: [number, number]; drifted: unknown[] }> {
    const kept = await query<{ id: string; requests: number; concerns: number }>(
      `SELECT id, open_statement_requests AS requests, open_concerns AS concerns FROM cases WHERE id IN ($1, $2)`,
      [caseA, caseB],
    );
    const of = (id: string): [number, number] => {
      const row = kept.find((k) => k.id === id)!;
      return [row.requests, row.concerns];
    };
    return { a: of(caseA), b: of(caseB), drifted: await drifted() };
  }

  const requestIn = (caseId: string, due = '2026-01-10') =>
    query<{ id: string }>(`INSERT INTO statement_requests (case_id, requested_from, requested_by, due_date) VALUES ($1, $2, $2, $3) RETURNING id`, [caseId, userId, due]).then(([row]) => row!.id);
  const observationIn = (caseId: string, kind: 'concern' | 'resource' | 'neutral') =>
    query<{ id: string }>(`INSERT INTO observations (case_id, author_id, observed_on, area, kind, text) VALUES ($1, $2, '2026-01-05', 'school', $3, 'Iagttagelse') RETURNING id`, [caseId, userId, kind]).then(
      ([row]) => row!.id,
    );

  beforeAll(async () => {
    database = await openTestDatabase();
    const [municipality] = await query<{ id: string }>(`INSERT INTO municipalities (name) VALUES ('Prøve') RETURNING id`);
    const [organisation] = await query<{ id: string }>(`INSERT INTO organisations (municipality_id, name, kind) VALUES ($1, 'Familieafdelingen', 'department') RETURNING id`, [municipality!.id]);
    const [user] = await query<{ id: string }>(
      `INSERT INTO users (municipality_id, organisation_id, email, display_name, role, password_hash) VALUES ($1, $2, 'open-counts@samraad.example', 'Sagsbehandler', 'caseworker', 'x') RETURNING id`,
      [municipality!.id, organisation!.id],
    );
    userId = user!.id;
    const cases = await query<{ id: string }>(
      `INSERT INTO cases (municipality_id, organisation_id, owner_id, child_name, child_birth_year) VALUES ($1, $2, $3, 'Barn A', 2016), ($1, $2, $3, 'Barn B', 2017) RETURNING id`,
      [municipality!.id, organisation!.id, userId],
    );
    [caseA, caseB] = cases.map((c) => c.id) as [string, string];
  });
  afterAll(async () => {
    await database?.close();
  });

  it('start at zero and follow requests as they are made, answered, cancelled, moved and deleted', async () => {
    expect(await counts()).toEqual({ a: [0, 0], b: [0, 0], drifted: [] });
    const first = await requestIn(caseA);
    const second = await requestIn(caseA);
    const third = await requestIn(caseB);
    expect(await counts()).toEqual({ a: [2, 0], b: [1, 0], drifted: [] });

    await query(`UPDATE statement_requests SET reminded_at = now() WHERE case_id IN ($1, $2)`, [caseA, caseB]);
    expect(await counts()).toEqual({ a: [2, 0], b: [1, 0], drifted: [] });
    await query(`UPDATE statement_requests SET status = 'submitted' WHERE id = $1`, [first]);
    await query(`UPDATE statement_requests SET status = 'cancelled' WHERE id = $1`, [third]);
    expect(await counts()).toEqual({ a: [1, 0], b: [0, 0], drifted: [] });
    await query(`UPDATE statement_requests SET case_id = $2 WHERE id = $1`, [second, caseB]);
    expect(await counts()).toEqual({ a: [0, 0], b: [1, 0], drifted: [] });
    await query(`DELETE FROM statement_requests WHERE id IN ($1, $2, $3)`, [first, second, third]);
    expect(await counts()).toEqual({ a: [0, 0], b: [0, 0], drifted: [] });
  });

  it('count only unacknowledged concerns, also when many rows of both cases change in one statement', async () => {
    const concern = await observationIn(caseA, 'concern');
    await observationIn(caseA, 'resource');
    await observationIn(caseB, 'neutral');
    expect(await counts()).toEqual({ a: [0, 1], b: [0, 0], drifted: [] });

    await query(`UPDATE observations SET acknowledged_by = $2, acknowledged_at = now() WHERE id = $1`, [concern, userId]);
    expect(await counts()).toEqual({ a: [0, 0], b: [0, 0], drifted: [] });
    await query(`UPDATE observations SET kind = 'concern' WHERE case_id IN ($1, $2) AND kind <> 'concern'`, [caseA, caseB]);
    expect(await counts()).toEqual({ a: [0, 1], b: [0, 1], drifted: [] });

    await query(
      `INSERT INTO observations (case_id, author_id, observed_on, area, kind, text)
       SELECT CASE WHEN g % 2 = 0 THEN $1::uuid ELSE $2::uuid END, $3, '2026-01-06', 'home', CASE WHEN g % 3 = 0 THEN 'resource' ELSE 'concern' END, 'Iagttagelse ' || g
       FROM generate_series(1, 12) g`,
      [caseA, caseB, userId],
    );
    // g = 1..12: concerns are those not divisible by 3, even ones in case A (2, 4, 8, 10), odd ones in B (1, 5, 7, 11).
    expect(await counts()).toEqual({ a: [0, 5], b: [0, 5], drifted: [] });
    await query(`UPDATE observations SET acknowledged_at = now(), acknowledged_by = $3 WHERE case_id IN ($1, $2) AND observed_on = '2026-01-06' AND text LIKE '%1%'`, [caseA, caseB, userId]);
    // Acknowledged: 10 (A), 1 and 11 (B); 12 is a resource.
    expect(await counts()).toEqual({ a: [0, 4], b: [0, 3], drifted: [] });
    await query(`DELETE FROM observations WHERE case_id IN ($1, $2)`, [caseA, caseB]);
    expect(await counts()).toEqual({ a: [0, 0], b: [0, 0], drifted: [] });
  });

  it('are left as they were by a write that is rolled back', async () => {
    await requestIn(caseA);
    const before = await counts();
    const failure = new Error('rolled back');
    await expect(
      database.dataSource.transaction(async (manager) => {
        await manager.query(`INSERT INTO observations (case_id, author_id, observed_on, area, kind, text) VALUES ($1, $2, '2026-01-07', 'school', 'concern', 'x')`, [caseA, userId]);
        await manager.query(`UPDATE statement_requests SET status = 'submitted' WHERE case_id = $1`, [caseA]);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await counts()).toEqual(before);
    expect(before).toEqual({ a: [1, 0], b: [0, 0], drifted: [] });
  });

  it('count every one of many writers to one case at once', async () => {
    const before = await counts();
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        database.dataSource.transaction(async (manager) => {
          await manager.query(`INSERT INTO observations (case_id, author_id, observed_on, area, kind, text) VALUES ($1, $2, '2026-01-08', 'school', 'concern', $3)`, [caseB, userId, `samtidig ${i}`]);
          await manager.query(`INSERT INTO statement_requests (case_id, requested_from, requested_by, due_date) VALUES ($1, $2, $2, '2026-02-01')`, [caseB, userId]);
        }),
      ),
    );
    expect(await counts()).toEqual({ a: before.a, b: [before.b[0] + 12, before.b[1] + 12], drifted: [] });
  });

  it('do not stand in the way of deleting a case with its requests and observations', async () => {
    await observationIn(caseB, 'concern');
    await query(`DELETE FROM cases WHERE id = $1`, [caseB]);
    expect(await query(`SELECT 1 FROM statement_requests WHERE case_id = $1 UNION ALL SELECT 1 FROM observations WHERE case_id = $1`, [caseB])).toEqual([]);
    expect(await query(`SELECT id FROM cases WHERE id = $1`, [caseB])).toEqual([]);
    expect(await query(`SELECT open_statement_requests AS requests, open_concerns AS concerns FROM cases WHERE id = $1`, [caseA])).toEqual([{ requests: 1, concerns: 0 }]);
    expect(await drifted()).toEqual([]);
  });
});
