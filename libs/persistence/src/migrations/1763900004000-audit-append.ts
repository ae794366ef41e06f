import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The chained audit append as one statement. Every append takes the chain lock, reads the last
 * row's hash and inserts the row that chains to it; done from the application that was three
 * round trips with the lock held (and a fourth, the COMMIT, outside a request transaction). In a
 * function it is one round trip, and the lock is held only from here to the end of the caller's
 * transaction.
 *
 * The hash is SHA-256 over `["<previous hash>",` followed by `chained_fields`, the rest of the
 * canonical JSON array that `auditHash` hashes (libs/persistence/src/audit-chain.ts), which the
 * application serialises: the chain verifies with the same code as before.
 *
 * The function is VOLATILE and PL/pgSQL, so in READ COMMITTED each statement in it takes a new
 * snapshot: the SELECT after the lock sees the row of the transaction that held the lock before.
 */
export class AuditAppend1763900004000 implements MigrationInterface {
  name = 'AuditAppend1763900004000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION audit_append(
        p_at timestamptz, p_actor_id uuid, p_actor_role text, p_organisation_id uuid, p_action text, p_case_id uuid,
        p_resource text, p_outcome text, p_ip text, p_detail jsonb, p_chained_fields text
      ) RETURNS void LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        previous text;
      BEGIN
        -- The same lock number the application used before this function (AUDIT_CHAIN_LOCK).
        PERFORM pg_advisory_xact_lock(7240001);
        SELECT hash INTO previous FROM audit_entries ORDER BY seq DESC LIMIT 1;
        previous := coalesce(previous, repeat('0', 64));
        INSERT INTO audit_entries (at, actor_id, actor_role, organisation_id, action, case_id, resource, outcome, ip, detail, prev_hash, hash)
        VALUES (p_at, p_actor_id, p_actor_role, p_organisation_id, p_action, p_case_id, p_resource, p_outcome, p_ip, p_detail, previous,
                encode(sha256(convert_to('["' || previous || '",' || p_chained_fields, 'UTF8')), 'hex'));
      END
      $$;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION audit_append(timestamptz, uuid, text, uuid, text, uuid, text, text, text, jsonb, text);`);
  }
}
