import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openTestDatabase } from '../../../../test/helpers/database.js';
import { type OpenedDatabase, openDatabase } from '../data-source.js';
import { isoTimestamp, jsonArray, jsonObject } from './sql-fragments.js';

/** The JSON the database writes with these helpers parses to what `JSON.stringify` would have written. */
describe('jsonObject and jsonArray', () => {
  let database: OpenedDatabase;
  const query = <T>(sql: string, params: unknown[] = []): Promise<T[]> => database.dataSource.query(sql, params) as Promise<T[]>;

  beforeAll(async () => {
    database = await openDatabase({});
  });
  afterAll(async () => {
    await database?.close();
  });

  const ROW = jsonObject([
    ['name', 'v.name', 'text'],
    ['id', 'v.id', 'token'],
    ['day', 'v.day::text', 'token'],
    ['count', 'v.n', 'literal'],
    ['late', 'v.day < DATE \'2026-01-01\'', 'literal'],
    ['inner', `CASE WHEN v.n IS NULL THEN NULL ELSE ${jsonObject([['n', 'v.n', 'literal']])} END`, 'literal'],
  ]);

  it('escapes text as JSON does and writes null for SQL nulls', async () => {
    const names = ['Ida "Lille" Hansen', 'back\\slash', 'line\nbreak\ttab', 'Ærø Øster Åsa', 'emoji 👩‍👧', '\u0001control', "o'clock", '</script>'];
    for (const name of names) {
      const [row] = await query<{ json: string }>(
        `SELECT ${ROW} AS json FROM (SELECT $1::text AS name, '6f1c1b8e-7a8f-4a59-9f3e-0c3b9d0a9e11'::uuid AS id, DATE '2025-12-31' AS day, 7 AS n) v`,
        [name],
      );
      expect(JSON.parse(row!.json)).toEqual({ name, id: '6f1c1b8e-7a8f-4a59-9f3e-0c3b9d0a9e11', day: '2025-12-31', count: 7, late: true, inner: { n: 7 } });
    }
    const [nulls] = await query<{ json: string }>(`SELECT ${ROW} AS json FROM (SELECT NULL::text AS name, NULL::uuid AS id, NULL::date AS day, NULL::int AS n) v`);
    expect(nulls!.json).toBe('{"name":null,"id":null,"day":null,"count":null,"late":null,"inner":null}');
  });

  it('aggregates rows in the given order, and an empty set to []', async () => {
    const element = jsonObject([['n', 'g', 'literal']]);
    const [some] = await query<{ json: string }>(`SELECT ${jsonArray(element, 'g DESC')} AS json FROM generate_series(1, 3) g`);
    expect(JSON.parse(some!.json)).toEqual([{ n: 3 }, { n: 2 }, { n: 1 }]);
    const [none] = await query<{ json: string }>(`SELECT ${jsonArray(element, 'g')} AS json FROM generate_series(1, 0) g`);
    expect(none!.json).toBe('[]');
  });

  it('refuses a key it would have to escape', () => {
    expect(() => jsonObject([['a"b', '1', 'literal']])).toThrow(/unsupported key/);
  });
});

/**
 * The names and meeting starts the overview reads as JSON (migration 1763900012000): stored
 * generated columns, written as `to_json` and `isoTimestamp` would write them, whoever writes the row.
 */
describe('the values kept written as JSON', () => {
  let database: OpenedDatabase;
  const NAMES = ['Ida "Lille" Hansen', 'back\\slash', 'line\nbreak\ttab', 'Ærø Øster Åsa', 'emoji 👩‍👧', '\u0001control', "o'clock", '</script>'];
  const STARTS = ['2026-03-29T00:59:59.999Z', '2026-03-29T01:00:00.000Z', '2026-10-25T00:30:00.120Z', '1969-12-31T23:59:59.001Z', '2026-12-31T23:00:00.000Z'];

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('json_string and iso_timestamp write what to_json and Date.prototype.toISOString write, whatever the session time zone', async () => {
    await database.dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL TimeZone = 'Europe/Copenhagen'`);
      for (const name of NAMES) {
        const [row] = (await manager.query(`SELECT json_string($1) AS kept, to_json($1::text)::text AS written`, [name])) as { kept: string; written: string }[];
        expect(row!.kept).toBe(row!.written);
        expect(JSON.parse(row!.kept)).toBe(name);
      }
      for (const at of STARTS) {
        const [row] = (await manager.query(`SELECT iso_timestamp($1::timestamptz) AS kept, ${isoTimestamp('$1::timestamptz')} AS written`, [at])) as { kept: string; written: string }[];
        expect(row).toEqual({ kept: at, written: at });
      }
    });
  });

  it('keeps the columns current as rows are written and changed, and refuses writes to them', async () => {
    const failure = new Error('rolled back');
    await expect(
      database.dataSource.transaction(async (manager) => {
        const one = async <T>(sql: string, params: unknown[] = []): Promise<T> => ((await manager.query(sql, params)) as T[])[0]!;
        const { id: municipalityId } = await one<{ id: string }>(`INSERT INTO municipalities (name) VALUES ('Prøve') RETURNING id`);
        const { id: organisationId } = await one<{ id: string }>(`INSERT INTO organisations (municipality_id, name, kind) VALUES ($1, 'Familieafdelingen', 'department') RETURNING id`, [municipalityId]);
        const user = await one<{ id: string; kept: string }>(
          `INSERT INTO users (municipality_id, organisation_id, email, display_name, role, password_hash) VALUES ($1, $2, 'json-columns@samraad.example', $3, 'caseworker', 'x')
           RETURNING id, display_name_json AS kept`,
          [municipalityId, organisationId, NAMES[0]],
        );
        expect(JSON.parse(user.kept)).toBe(NAMES[0]);
        const child = await one<{ id: string; kept: string }>(
          `INSERT INTO cases (municipality_id, organisation_id, owner_id, child_name, child_birth_year) VALUES ($1, $2, $3, $4, 2016) RETURNING id, child_name_json AS kept`,
          [municipalityId, organisationId, user.id, NAMES[2]],
        );
        expect(JSON.parse(child.kept)).toBe(NAMES[2]);
        const meeting = await one<{ id: string; kept: string }>(
          `INSERT INTO meetings (case_id, title, starts_at, duration_minutes, created_by) VALUES ($1, 'Opfølgning', $2, 60, $3) RETURNING id, starts_at_iso AS kept`,
          [child.id, STARTS[0], user.id],
        );
        expect(meeting.kept).toBe(STARTS[0]);

        await manager.query(`UPDATE users SET display_name = $2 WHERE id = $1`, [user.id, NAMES[4]]);
        await manager.query(`UPDATE cases SET child_name = $2 WHERE id = $1`, [child.id, NAMES[5]]);
        await manager.query(`UPDATE meetings SET starts_at = $2 WHERE id = $1`, [meeting.id, STARTS[2]]);
        const kept = await one<{ owner: string; child: string; starts: string }>(
          `SELECT u.display_name_json AS owner, c.child_name_json AS child, m.starts_at_iso AS starts FROM users u, cases c, meetings m WHERE u.id = $1 AND c.id = $2 AND m.id = $3`,
          [user.id, child.id, meeting.id],
        );
        expect({ owner: JSON.parse(kept.owner), child: JSON.parse(kept.child), starts: kept.starts }).toEqual({ owner: NAMES[4], child: NAMES[5], starts: STARTS[2] });

        await expect(manager.query(`UPDATE users SET display_name_json = '"x"' WHERE id = $1`, [user.id])).rejects.toThrow(/can only be updated to DEFAULT/);
        throw failure;
      }),
    ).rejects.toBe(failure);
  });
});
