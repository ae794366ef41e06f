import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1763900000000 implements MigrationInterface {
  name = 'Foundation1763900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE municipalities (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_municipalities PRIMARY KEY (id)
      );

      CREATE TABLE organisations (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        municipality_id uuid NOT NULL,
        name text NOT NULL,
        kind text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_organisations PRIMARY KEY (id),
        CONSTRAINT fk_organisations_municipality FOREIGN KEY (municipality_id) REFERENCES municipalities (id),
        CONSTRAINT ck_organisations_kind CHECK (kind IN ('department', 'school', 'daycare', 'health_visitor_service', 'provider'))
      );
      CREATE INDEX ix_organisations_municipality ON organisations (municipality_id);

      CREATE TABLE users (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        municipality_id uuid NOT NULL,
        organisation_id uuid NULL,
        email text NOT NULL,
        display_name text NOT NULL,
        role text NOT NULL,
        password_hash text NOT NULL,
        locale text NOT NULL DEFAULT 'da',
        disabled_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_users PRIMARY KEY (id),
        CONSTRAINT uq_users_email UNIQUE (email),
        CONSTRAINT fk_users_municipality FOREIGN KEY (municipality_id) REFERENCES municipalities (id),
        CONSTRAINT fk_users_organisation FOREIGN KEY (organisation_id) REFERENCES organisations (id),
        CONSTRAINT ck_users_role CHECK (role IN ('admin', 'caseworker', 'team_leader', 'school', 'daycare', 'health_visitor', 'provider', 'parent', 'child', 'network')),
        CONSTRAINT ck_users_email_lower CHECK (email = lower(email))
      );
      CREATE INDEX ix_users_municipality ON users (municipality_id);

      CREATE TABLE refresh_tokens (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        family_id uuid NOT NULL,
        token_hash text NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz NULL,
        revoked_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_refresh_tokens PRIMARY KEY (id),
        CONSTRAINT uq_refresh_tokens_hash UNIQUE (token_hash),
        CONSTRAINT fk_refresh_tokens_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      );
      CREATE INDEX ix_refresh_tokens_family ON refresh_tokens (family_id);

      CREATE TABLE login_throttle (
        key text NOT NULL,
        failures integer NOT NULL,
        window_started_at timestamptz NOT NULL,
        CONSTRAINT pk_login_throttle PRIMARY KEY (key)
      );

      CREATE TABLE cases (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        municipality_id uuid NOT NULL,
        organisation_id uuid NOT NULL,
        owner_id uuid NOT NULL,
        child_name text NOT NULL,
        child_birth_date date NULL,
        child_birth_year integer NULL,
        follow_up_interval_months integer NOT NULL DEFAULT 3,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_cases PRIMARY KEY (id),
        CONSTRAINT fk_cases_municipality FOREIGN KEY (municipality_id) REFERENCES municipalities (id),
        CONSTRAINT fk_cases_organisation FOREIGN KEY (organisation_id) REFERENCES organisations (id),
        CONSTRAINT fk_cases_owner FOREIGN KEY (owner_id) REFERENCES users (id),
        CONSTRAINT ck_cases_birth CHECK (child_birth_date IS NOT NULL OR child_birth_year IS NOT NULL),
        CONSTRAINT ck_cases_interval CHECK (follow_up_interval_months BETWEEN 1 AND 12)
      );
      CREATE INDEX ix_cases_owner ON cases (owner_id);
      CREATE INDEX ix_cases_organisation ON cases (organisation_id);

      CREATE TABLE case_members (
        case_id uuid NOT NULL,
        user_id uuid NOT NULL,
        role text NOT NULL,
        added_by uuid NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_case_members PRIMARY KEY (case_id, user_id),
        CONSTRAINT fk_case_members_case FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE,
        CONSTRAINT fk_case_members_user FOREIGN KEY (user_id) REFERENCES users (id),
        CONSTRAINT ck_case_members_role CHECK (role IN ('caseworker', 'team_leader', 'school', 'daycare', 'health_visitor', 'provider', 'parent', 'child', 'network'))
      );
      CREATE INDEX ix_case_members_user ON case_members (user_id);

      CREATE TABLE audit_entries (
        seq bigserial NOT NULL,
        at timestamptz NOT NULL,
        actor_id uuid NULL,
        actor_role text NULL,
        organisation_id uuid NULL,
        action text NOT NULL,
        case_id uuid NULL,
        resource text NULL,
        outcome text NOT NULL,
        ip text NULL,
        detail jsonb NOT NULL DEFAULT '{}'::jsonb,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        CONSTRAINT pk_audit_entries PRIMARY KEY (seq),
        CONSTRAINT ck_audit_entries_outcome CHECK (outcome IN ('success', 'denied', 'failure'))
      );
      CREATE INDEX ix_audit_entries_case ON audit_entries (case_id, seq);
      CREATE INDEX ix_audit_entries_actor ON audit_entries (actor_id, seq);

      -- The audit log is append-only for the application: no UPDATE, DELETE or TRUNCATE.
      CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_entries is append-only' USING ERRCODE = 'insufficient_privilege';
      END
      $$;
      CREATE TRIGGER tr_audit_entries_no_update BEFORE UPDATE OR DELETE ON audit_entries
        FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
      CREATE TRIGGER tr_audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
        FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE audit_entries;
      DROP FUNCTION audit_entries_append_only();
      DROP TABLE case_members;
      DROP TABLE cases;
      DROP TABLE login_throttle;
      DROP TABLE refresh_tokens;
      DROP TABLE users;
      DROP TABLE organisations;
      DROP TABLE municipalities;
    `);
  }
}
