import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change to a user row is announced on the channel `samraad_user_changed` (payload: the
 * user id; empty after a TRUNCATE), as the changing transaction commits. Authentication keeps a
 * short-lived cache of the users it has seen (PrincipalCache) and drops an entry as the
 * notification arrives, so that an account disabled, deleted or given another role by any means
 * (also straight in SQL, which is how accounts are disabled today) is refused promptly on every
 * instance.
 */
export class UserChangeNotify1763900007000 implements MigrationInterface {
  name = 'UserChangeNotify1763900007000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION users_notify_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('samraad_user_changed', CASE WHEN TG_OP = 'TRUNCATE' THEN '' ELSE OLD.id::text END);
        RETURN NULL;
      END
      $$;
      CREATE TRIGGER tr_users_notify_changed AFTER UPDATE OR DELETE ON users
        FOR EACH ROW EXECUTE FUNCTION users_notify_changed();
      CREATE TRIGGER tr_users_notify_truncated AFTER TRUNCATE ON users
        FOR EACH STATEMENT EXECUTE FUNCTION users_notify_changed();
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TRIGGER tr_users_notify_truncated ON users;
      DROP TRIGGER tr_users_notify_changed ON users;
      DROP FUNCTION users_notify_changed();
    `);
  }
}
