import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Chains an audit entry written inside a transaction at that transaction's commit.
 *
 * `audit_append` takes the chain lock, which is held until the transaction ends. Called as a
 * request transaction's last statement, the lock stayed held while the api process got round to
 * sending COMMIT; under load every other request waited behind it (bench:api, timeline: 4-7 of 10
 * pooled connections waiting for the lock, its holder idle in transaction).
 *
 * Inside a transaction the application now inserts the entry into `audit_pending`; a deferred
 * constraint trigger appends it to the chain with `audit_append` as the transaction commits, and
 * removes it from `audit_pending` (so the row never becomes visible there). The lock is then held
 * only for the trigger and the commit itself. If the entry cannot be chained, the commit fails
 * with SQLSTATE SA001 and nothing of the transaction is kept.
 */
export class AuditChainAtCommit1763900005000 implements MigrationInterface {
  name = 'AuditChainAtCommit1763900005000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_pending (
        id bigserial NOT NULL,
        at timestamptz NOT NULL,
        actor_id uuid NULL,
        actor_role text NULL,
        organisation_id uuid NULL,
        action text NOT NULL,
        case_id uuid NULL,
        resource text NULL,
        outcome text NOT NULL,
        ip text NULL,
        detail jsonb NOT NULL,
        chained_fields text NOT NULL,
        CONSTRAINT pk_audit_pending PRIMARY KEY (id)
      );

      CREATE FUNCTION audit_pending_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM audit_append(NEW.at, NEW.actor_id, NEW.actor_role, NEW.organisation_id, NEW.action, NEW.case_id,
                             NEW.resource, NEW.outcome, NEW.ip, NEW.detail, NEW.chained_fields);
        DELETE FROM audit_pending WHERE id = NEW.id;
        RETURN NULL;
      EXCEPTION WHEN OTHERS THEN
        RAISE EXCEPTION 'audit entry could not be chained: %', SQLERRM USING ERRCODE = 'SA001';
      END
      $$;

      CREATE CONSTRAINT TRIGGER tr_audit_pending_chain AFTER INSERT ON audit_pending
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_pending_chain();
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE audit_pending;
      DROP FUNCTION audit_pending_chain();
    `);
  }
}
