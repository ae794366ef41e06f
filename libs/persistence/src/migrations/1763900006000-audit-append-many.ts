import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Appends several audit entries to the chain in one statement, for the group commit of entries
 * written outside a transaction (AuditGroupCommit, libs/persistence/src/audit-group-commit.ts).
 *
 * Each autocommitted `audit_append` took the chain lock and held it through its own commit and
 * WAL flush, so under load every audited request outside a transaction waited for the flushes of
 * all those before it, one at a time. Here one lock, one read of the last hash and one commit
 * serve a whole group; each entry is hashed exactly as `audit_append` hashes it (the previous
 * hash and the entry's `chained_fields`), in the order given, so the chain verifies unchanged.
 * The statement is all or nothing: if one entry cannot be written, none is.
 *
 * `p_entries` is a JSON array of objects with the columns of `audit_pending` (without `id`).
 */
export class AuditAppendMany1763900006000 implements MigrationInterface {
  name = 'AuditAppendMany1763900006000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION audit_append_many(p_entries json) RETURNS void LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        previous text;
        next_hash text;
        e record;
      BEGIN
        -- The same lock as audit_append (AUDIT_CHAIN_LOCK).
        PERFORM pg_advisory_xact_lock(7240001);
        SELECT hash INTO previous FROM audit_entries ORDER BY seq DESC LIMIT 1;
        previous := coalesce(previous, repeat('0', 64));
        FOR e IN
          SELECT r.* FROM json_array_elements(p_entries) WITH ORDINALITY AS x(entry, n),
            json_to_record(x.entry) AS r(at timestamptz, actor_id uuid, actor_role text, organisation_id uuid, action text, case_id uuid,
                                         resource text, outcome text, ip text, detail jsonb, chained_fields text)
          ORDER BY x.n
        LOOP
          next_hash := encode(sha256(convert_to('["' || previous || '",' || e.chained_fields, 'UTF8')), 'hex');
          INSERT INTO audit_entries (at, actor_id, actor_role, organisation_id, action, case_id, resource, outcome, ip, detail, prev_hash, hash)
          VALUES (e.at, e.actor_id, e.actor_role, e.organisation_id, e.action, e.case_id, e.resource, e.outcome, e.ip, coalesce(e.detail, '{}'::jsonb), previous, next_hash);
          previous := next_hash;
        END LOOP;
      END
      $$;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION audit_append_many(json);`);
  }
}
