import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The caseworker's professional assessment (socialfaglig vurdering) after a meeting: its text lives
 * in an internal collaboration document; the decisions that change data are kept here.
 */
export class Assessments1763900003000 implements MigrationInterface {
  name = 'Assessments1763900003000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE assessments (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL,
        meeting_id uuid NOT NULL,
        document_name text NOT NULL,
        investigation_update_needed boolean NULL,
        intervention_decisions jsonb NOT NULL DEFAULT '[]'::jsonb,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_assessments PRIMARY KEY (id),
        CONSTRAINT fk_assessments_case FOREIGN KEY (case_id) REFERENCES cases (id) ON DELETE CASCADE,
        CONSTRAINT fk_assessments_meeting FOREIGN KEY (meeting_id) REFERENCES meetings (id) ON DELETE CASCADE,
        CONSTRAINT uq_assessments_meeting UNIQUE (meeting_id)
      );
      CREATE INDEX ix_assessments_case ON assessments (case_id);

      -- A frozen version of an assessment that the caseworker chose to share with the family.
      CREATE TABLE shared_assessments (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        assessment_id uuid NOT NULL,
        case_id uuid NOT NULL,
        version_id uuid NOT NULL,
        shared_by uuid NOT NULL,
        shared_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_shared_assessments PRIMARY KEY (id),
        CONSTRAINT fk_shared_assessments_assessment FOREIGN KEY (assessment_id) REFERENCES assessments (id) ON DELETE CASCADE,
        CONSTRAINT uq_shared_assessments_version UNIQUE (version_id)
      );
      CREATE INDEX ix_shared_assessments_case ON shared_assessments (case_id, shared_at);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE shared_assessments; DROP TABLE assessments;`);
  }
}
