import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openTestDatabase } from '../../../../../test/helpers/database.js';
import type { OpenedDatabase } from '../../data-source.js';
import { TransactionHost } from '../../transaction-host.js';
import { FollowUpsRepository } from './follow-ups.repository.js';

/**
 * The overview statement is prepared once per connection and should then run on that plan, not be
 * planned again on every call (on PGlite planning it cost twice what running it did). PostgreSQL
 * plans a prepared statement anew for each call when a plan made for the given values looks
 * cheaper than the generic one; it did so here for a caseworker, who is asked for no statements,
 * once schools had open requests.
 */
describe('the overview statement', () => {
  let database: OpenedDatabase;
  let tx: TransactionHost;
  let followUps: FollowUpsRepository;
  let caseworkerId: string;
  const one = async <T>(sql: string, params: unknown[] = []): Promise<T> => ((await database.dataSource.query(sql, params)) as T[])[0]!;

  beforeAll(async () => {
    database = await openTestDatabase();
    tx = new TransactionHost(database.dataSource);
    followUps = new FollowUpsRepository(tx);
    const { id: municipalityId } = await one<{ id: string }>(`INSERT INTO municipalities (name) VALUES ('Prøve') RETURNING id`);
    const { id: departmentId } = await one<{ id: string }>(`INSERT INTO organisations (municipality_id, name, kind) VALUES ($1, 'Familieafdelingen', 'department') RETURNING id`, [municipalityId]);
    ({ id: caseworkerId } = await one<{ id: string }>(
      `INSERT INTO users (municipality_id, organisation_id, email, display_name, role, password_hash) VALUES ($1, $2, 'plan-caseworker@samraad.example', 'Sagsbehandler', 'caseworker', 'x') RETURNING id`,
      [municipalityId, departmentId],
    ));
    // Fifty teachers, 1,250 cases (thirty of them the caseworker's), an open request to a teacher on
    // each: about 25 per teacher, as in bench:api (with 8 per teacher the generic plan won anyway).
    await database.dataSource.query(
      `INSERT INTO users (municipality_id, organisation_id, email, display_name, role, password_hash)
       SELECT $1, $2, 'plan-teacher-' || g || '@samraad.example', 'Lærer ' || g, 'school', 'x' FROM generate_series(1, 50) g`,
      [municipalityId, departmentId],
    );
    await database.dataSource.query(
      `INSERT INTO cases (municipality_id, organisation_id, owner_id, child_name, child_birth_year, next_follow_up_date)
       SELECT $1, $2, $3, 'Barn ' || g, 2016, current_date + g FROM generate_series(1, 1250) g`,
      [municipalityId, departmentId, caseworkerId],
    );
    await database.dataSource.query(`INSERT INTO case_members (case_id, user_id, role, added_by) SELECT id, owner_id, 'caseworker', owner_id FROM cases WHERE child_name IN (SELECT 'Barn ' || g FROM generate_series(1, 30) g)`);
    await database.dataSource.query(
      `INSERT INTO statement_requests (case_id, requested_from, requested_by, due_date)
       SELECT c.id, t.id, c.owner_id, current_date + 7 FROM cases c JOIN users t ON t.email = 'plan-teacher-' || (1 + hashtext(c.child_name) % 50 + 50) % 50 + 1 || '@samraad.example'`,
    );
    await database.dataSource.query(`ANALYZE`);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('is planned once and then runs on its generic plan', async () => {
    const plans = await tx.run(async () => {
      for (let call = 0; call < 10; call++) {
        const overview = await followUps.overview({ memberId: caseworkerId }, caseworkerId, '2026-12-07', new Date('2026-12-07T09:00:00Z'));
        expect(overview.caseCount).toBe(30);
      }
      return (await tx.manager.query(
        `SELECT generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements WHERE statement LIKE '%AS "openRequests"%'`,
      )) as { generic: number; custom: number }[];
    });
    // PostgreSQL makes custom plans for the first five calls, to compare.
    expect(plans).toEqual([{ generic: 5, custom: 5 }]);
  });
});
