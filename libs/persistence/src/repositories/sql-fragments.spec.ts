import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type OpenedDatabase, openDatabase } from '../data-source.js';
import { jsonArray, jsonObject } from './sql-fragments.js';

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
