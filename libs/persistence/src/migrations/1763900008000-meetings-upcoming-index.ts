import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The overview looks up each case's next planned or running meeting on every request. With
 * `ix_meetings_case_starts` the prepared statement's generic plan read all of a case's recent
 * meetings, held ones included, and sorted them (bench:api: about half of the overview
 * statement's PostgreSQL CPU); with only the upcoming ones in an index of their own it reads one
 * index entry per case. Meetings change status a handful of times in their life, so keeping the
 * index costs next to nothing.
 */
export class MeetingsUpcomingIndex1763900008000 implements MigrationInterface {
  name = 'MeetingsUpcomingIndex1763900008000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX ix_meetings_case_upcoming ON meetings (case_id, starts_at) WHERE status IN ('planned', 'in_progress');`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX ix_meetings_case_upcoming;`);
  }
}
