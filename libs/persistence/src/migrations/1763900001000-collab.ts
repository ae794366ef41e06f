import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Collaborative documents: an append-only update log per document, compacted into one snapshot
 * (a document's state = its snapshot + the log rows that remain), and named versions.
 */
export class Collab1763900001000 implements MigrationInterface {
  name = 'Collab1763900001000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE collab_updates (
        id bigint GENERATED ALWAYS AS IDENTITY,
        doc_name text NOT NULL,
        case_id uuid NOT NULL,
        update bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_collab_updates PRIMARY KEY (id),
        CONSTRAINT fk_collab_updates_case FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE,
        CONSTRAINT ck_collab_updates_not_empty CHECK (octet_length(update) > 0)
      );
      CREATE INDEX ix_collab_updates_doc ON collab_updates (doc_name, id);
      CREATE INDEX ix_collab_updates_case ON collab_updates (case_id);

      CREATE TABLE collab_snapshots (
        doc_name text NOT NULL,
        case_id uuid NOT NULL,
        state bytea NOT NULL,
        compacted_updates bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_collab_snapshots PRIMARY KEY (doc_name),
        CONSTRAINT fk_collab_snapshots_case FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE
      );
      CREATE INDEX ix_collab_snapshots_case ON collab_snapshots (case_id);

      CREATE TABLE collab_versions (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        doc_name text NOT NULL,
        case_id uuid NOT NULL,
        label text NOT NULL,
        created_by uuid NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        state bytea NOT NULL,
        CONSTRAINT pk_collab_versions PRIMARY KEY (id),
        CONSTRAINT fk_collab_versions_case FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE,
        CONSTRAINT fk_collab_versions_created_by FOREIGN KEY (created_by) REFERENCES users (id),
        CONSTRAINT ck_collab_versions_label CHECK (char_length(label) BETWEEN 1 AND 200)
      );
      CREATE INDEX ix_collab_versions_doc ON collab_versions (doc_name, created_at);
      CREATE INDEX ix_collab_versions_case ON collab_versions (case_id);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE collab_versions; DROP TABLE collab_snapshots; DROP TABLE collab_updates;');
  }
}
