import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A count kept on `cases`: the rows of `table` that meet `open`, changed by what each statement
 * adds and takes away (a trigger per event, since a trigger with transition tables has one event).
 * Adding the change (`column + delta`) rather than counting again keeps it right under concurrent
 * writers: the second writer's UPDATE waits for the first's lock on the case row and then adds to
 * the value the first committed, where a recount would use a snapshot from before that commit.
 */
interface KeptCount {
  table: string;
  column: string;
  open: string;
}

const CASE_OPEN_COUNTS: readonly KeptCount[] = [
  { table: 'statement_requests', column: 'open_statement_requests', open: `status = 'requested'` },
  { table: 'observations', column: 'open_concerns', open: `kind = 'concern' AND acknowledged_at IS NULL` },
];

function functionName(count: KeptCount): string {
  return `keep_${count.column}`;
}

function keepCount(count: KeptCount): string {
  const changes = (rows: 'new_rows' | 'old_rows', sign: 1 | -1) => `SELECT case_id, ${sign} AS n FROM ${rows} WHERE ${count.open}`;
  const apply = (changes: string) =>
    `UPDATE cases c SET ${count.column} = c.${count.column} + d.n
       FROM (SELECT case_id, sum(n)::int AS n FROM (${changes}) x GROUP BY case_id HAVING sum(n) <> 0) d
       WHERE c.id = d.case_id;`;
  return `
    CREATE FUNCTION ${functionName(count)}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        ${apply(changes('new_rows', 1))}
      ELSIF TG_OP = 'DELETE' THEN
        ${apply(changes('old_rows', -1))}
      ELSE
        ${apply(`${changes('new_rows', 1)} UNION ALL ${changes('old_rows', -1)}`)}
      END IF;
      RETURN NULL;
    END
    $$;
    CREATE TRIGGER tr_${count.table}_count_insert AFTER INSERT ON ${count.table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${functionName(count)}();
    CREATE TRIGGER tr_${count.table}_count_update AFTER UPDATE ON ${count.table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${functionName(count)}();
    CREATE TRIGGER tr_${count.table}_count_delete AFTER DELETE ON ${count.table} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${functionName(count)}();
    UPDATE cases c SET ${count.column} = n.n FROM (SELECT case_id, count(*)::int AS n FROM ${count.table} WHERE ${count.open} GROUP BY case_id) n WHERE c.id = n.case_id;`;
}

/**
 * The overview lists, for each of a caseworker's cases, its open statement requests and its open
 * concerns; it looked both up in their tables case by case on every request (two index scans per
 * case, 2-4 µs each in PGlite's WebAssembly, docs/bench.md, sixteenth session). Kept on the case
 * instead, they change when a request or an observation does, a few times a week per case; the
 * overdue requests, which depend on the day, are still counted on the request, and only for the
 * cases that have an open one. Statement-level triggers, so that a bulk load updates each case once.
 */
export class CaseOpenCounts1763900013000 implements MigrationInterface {
  name = 'CaseOpenCounts1763900013000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE cases ADD COLUMN open_statement_requests integer NOT NULL DEFAULT 0, ADD COLUMN open_concerns integer NOT NULL DEFAULT 0;`);
    for (const count of CASE_OPEN_COUNTS) await db.query(keepCount(count));
  }

  async down(db: QueryRunner): Promise<void> {
    for (const count of CASE_OPEN_COUNTS) {
      for (const event of ['insert', 'update', 'delete']) await db.query(`DROP TRIGGER tr_${count.table}_count_${event} ON ${count.table};`);
      await db.query(`DROP FUNCTION ${functionName(count)}();`);
    }
    await db.query(`ALTER TABLE cases DROP COLUMN open_concerns, DROP COLUMN open_statement_requests;`);
  }
}
