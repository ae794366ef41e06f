import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The overview's text values, kept as the JSON it writes them in: a child's and a user's name as
 * JSON strings (escaped), a meeting's start in the format `Date.prototype.toISOString` writes.
 * The overview statement writes them for every listed case on every request (27 cases, 54 names
 * and up to 27 timestamps for a caseworker); kept beside the columns they come from, they are
 * written once per change of the row instead. Stored generated columns, so that no writer can
 * forget them and every path that changes a name or a start (TypeORM, SQL, the seeders) keeps them
 * current. The two functions are what PostgreSQL needs to accept the expressions there: `to_json`
 * and `to_char` are declared STABLE because some of their argument types and format patterns
 * depend on settings, but for text, and for a UTC timestamp in this numeric-only pattern, they do
 * not. Adding a stored column rewrites the table once, under its lock, as the migration runs.
 */
export class OverviewJsonColumns1763900012000 implements MigrationInterface {
  name = 'OverviewJsonColumns1763900012000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE FUNCTION json_string(value text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT to_json(value)::text $$;`);
    await db.query(
      `CREATE FUNCTION iso_timestamp(value timestamptz) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT to_char(value AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$;`,
    );
    await db.query(`ALTER TABLE cases ADD COLUMN child_name_json text GENERATED ALWAYS AS (json_string(child_name)) STORED;`);
    await db.query(`ALTER TABLE users ADD COLUMN display_name_json text GENERATED ALWAYS AS (json_string(display_name)) STORED;`);
    await db.query(`ALTER TABLE meetings ADD COLUMN starts_at_iso text GENERATED ALWAYS AS (iso_timestamp(starts_at)) STORED;`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE meetings DROP COLUMN starts_at_iso;`);
    await db.query(`ALTER TABLE users DROP COLUMN display_name_json;`);
    await db.query(`ALTER TABLE cases DROP COLUMN child_name_json;`);
    await db.query(`DROP FUNCTION iso_timestamp(timestamptz);`);
    await db.query(`DROP FUNCTION json_string(text);`);
  }
}
