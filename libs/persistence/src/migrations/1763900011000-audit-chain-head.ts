import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The head of `CREATE OR REPLACE` for `audit_append`, whose signature both directions keep. */
const REPLACE_AUDIT_APPEND = `CREATE OR REPLACE FUNCTION audit_append(
        p_at timestamptz, p_actor_id uuid, p_actor_role text, p_organisation_id uuid, p_action text, p_case_id uuid,
        p_resource text, p_outcome text, p_ip text, p_detail jsonb, p_chained_fields text
      ) RETURNS void LANGUAGE plpgsql VOLATILE AS`;

/** The columns every append writes, in the order of its VALUES. */
const ENTRY_COLUMNS = '(at, actor_id, actor_role, organisation_id, action, case_id, resource, outcome, ip, detail, prev_hash, hash)';

/** `audit_append_many`'s entries (`p_entries`, a JSON array) as records, in the order given. */
const ENTRIES_IN_ORDER = `SELECT r.* FROM json_array_elements(p_entries) WITH ORDINALITY AS x(entry, n),
            json_to_record(x.entry) AS r(at timestamptz, actor_id uuid, actor_role text, organisation_id uuid, action text, case_id uuid,
                                         resource text, outcome text, ip text, detail jsonb, chained_fields text)
          ORDER BY x.n`;

/** An entry's hash: SHA-256 over `["<previous hash>",` and its `chained_fields` (as `auditHash` in audit-chain.ts). */
function hashAfterPrevious(chainedFields: string): string {
  return `encode(sha256(convert_to('["' || previous || '",' || ${chainedFields}, 'UTF8')), 'hex')`;
}

/**
 * Reads the chain's last hash into `previous` (PL/pgSQL, under the chain lock). The head is current
 * when the log's sequence has handed out no number past it. Otherwise an append went past the head:
 * one by a function from before this migration that was already under way while it ran (it moves
 * the log on, not the head), or one that was rolled back (it moves neither, and the log's last
 * entry is the head's own); then the log's last entry says.
 */
const READ_HEAD = `SELECT seq, hash INTO STRICT head_seq, previous FROM audit_chain_head;
        IF head_seq < (SELECT last_value FROM audit_entries_seq_seq) THEN
          SELECT hash INTO previous FROM audit_entries ORDER BY seq DESC LIMIT 1;
          previous := coalesce(previous, repeat('0', 64));
        END IF;`;

/**
 * The hash of the chain's last entry kept in a row of its own, `audit_chain_head`, which both
 * append functions read and move on under the chain lock.
 *
 * They used to read it as `SELECT hash FROM audit_entries ORDER BY seq DESC LIMIT 1`. PL/pgSQL
 * plans that query once per connection and keeps the plan until the table's statistics change.
 * Planned on an empty log whose statistics say it is empty (a VACUUM ANALYZE of a new database
 * before its first entry), it is a sequential scan and a sort of the whole log, kept while the log
 * grows until the next ANALYZE: on PGlite its maintenance pass (every five minutes), on a
 * PostgreSQL without autovacuum never. (`bench:api`'s runs did not meet it: their first group
 * found entries in the log.) With that plan a group of ten took 8.1 ms on PGlite 10,000 entries
 * on, against 1.4 ms with the head; with a log that had never been analyzed, or was analyzed again,
 * the head cost 6-15 % more (1.3 against 1.3 ms, 1.8 against 1.5 ms; `bench/lib/audit-head-probe.mjs`,
 * docs/bench.md, twelfth session). A one-row table is read in the same time whatever the plan and
 * however long the log is.
 *
 * The head is bookkeeping, not evidence: `verifyChain` checks each entry against the one before
 * it, so a head changed by hand makes the next entry fail verification. Each append checks it
 * against the log's sequence, a one-row read as well (`READ_HEAD`), so an append that passed the
 * head (during the upgrade to this migration, or rolled back) is caught.
 */
export class AuditChainHead1763900011000 implements MigrationInterface {
  name = 'AuditChainHead1763900011000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_chain_head (
        only_row boolean NOT NULL DEFAULT true,
        seq bigint NOT NULL,
        hash text NOT NULL,
        CONSTRAINT pk_audit_chain_head PRIMARY KEY (only_row),
        CONSTRAINT ck_audit_chain_head_one_row CHECK (only_row)
      );
      INSERT INTO audit_chain_head (seq, hash)
        SELECT coalesce(max(seq), 0), coalesce((SELECT hash FROM audit_entries ORDER BY seq DESC LIMIT 1), repeat('0', 64)) FROM audit_entries;

      ${REPLACE_AUDIT_APPEND} $$
      DECLARE
        previous text;
        head_seq bigint;
        next_hash text;
        next_seq bigint;
      BEGIN
        -- The same lock number the application used before this function (AUDIT_CHAIN_LOCK).
        PERFORM pg_advisory_xact_lock(7240001);
        ${READ_HEAD}
        next_hash := ${hashAfterPrevious('p_chained_fields')};
        INSERT INTO audit_entries ${ENTRY_COLUMNS}
        VALUES (p_at, p_actor_id, p_actor_role, p_organisation_id, p_action, p_case_id, p_resource, p_outcome, p_ip, p_detail, previous, next_hash)
        RETURNING seq INTO next_seq;
        UPDATE audit_chain_head SET seq = next_seq, hash = next_hash;
      END
      $$;

      CREATE OR REPLACE FUNCTION audit_append_many(p_entries json) RETURNS void LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        previous text;
        head_seq bigint;
        next_hash text;
        last_seq bigint;
        e record;
      BEGIN
        -- The same lock as audit_append (AUDIT_CHAIN_LOCK).
        PERFORM pg_advisory_xact_lock(7240001);
        ${READ_HEAD}
        FOR e IN
          ${ENTRIES_IN_ORDER}
        LOOP
          next_hash := ${hashAfterPrevious('e.chained_fields')};
          INSERT INTO audit_entries ${ENTRY_COLUMNS}
          VALUES (e.at, e.actor_id, e.actor_role, e.organisation_id, e.action, e.case_id, e.resource, e.outcome, e.ip, coalesce(e.detail, '{}'::jsonb), previous, next_hash)
          RETURNING seq INTO last_seq;
          previous := next_hash;
        END LOOP;
        IF last_seq IS NOT NULL THEN
          UPDATE audit_chain_head SET seq = last_seq, hash = previous;
        END IF;
      END
      $$;
    `);
  }

  /** Back to the functions of migrations 1763900004000 and 1763900006000. */
  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ${REPLACE_AUDIT_APPEND} $$
      DECLARE
        previous text;
      BEGIN
        PERFORM pg_advisory_xact_lock(7240001);
        SELECT hash INTO previous FROM audit_entries ORDER BY seq DESC LIMIT 1;
        previous := coalesce(previous, repeat('0', 64));
        INSERT INTO audit_entries ${ENTRY_COLUMNS}
        VALUES (p_at, p_actor_id, p_actor_role, p_organisation_id, p_action, p_case_id, p_resource, p_outcome, p_ip, p_detail, previous,
                ${hashAfterPrevious('p_chained_fields')});
      END
      $$;

      CREATE OR REPLACE FUNCTION audit_append_many(p_entries json) RETURNS void LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        previous text;
        next_hash text;
        e record;
      BEGIN
        PERFORM pg_advisory_xact_lock(7240001);
        SELECT hash INTO previous FROM audit_entries ORDER BY seq DESC LIMIT 1;
        previous := coalesce(previous, repeat('0', 64));
        FOR e IN
          ${ENTRIES_IN_ORDER}
        LOOP
          next_hash := ${hashAfterPrevious('e.chained_fields')};
          INSERT INTO audit_entries ${ENTRY_COLUMNS}
          VALUES (e.at, e.actor_id, e.actor_role, e.organisation_id, e.action, e.case_id, e.resource, e.outcome, e.ip, coalesce(e.detail, '{}'::jsonb), previous, next_hash);
          previous := next_hash;
        END LOOP;
      END
      $$;

      DROP TABLE audit_chain_head;
    `);
  }
}
