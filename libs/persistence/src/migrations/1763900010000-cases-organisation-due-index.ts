import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A team leader's overview shows the department's cases a page at a time, most urgent first (by
 * next follow-up, then name, then id). In this index the first page is the first entries under the
 * organisation, read in order, instead of every case of the department sorted on each request. It
 * starts with `organisation_id`, so it replaces `ix_cases_organisation`.
 */
export class CasesOrganisationDueIndex1763900010000 implements MigrationInterface {
  name = 'CasesOrganisationDueIndex1763900010000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX ix_cases_organisation_due ON cases (organisation_id, next_follow_up_date, child_name, id);`);
    await db.query(`DROP INDEX ix_cases_organisation;`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX ix_cases_organisation ON cases (organisation_id);`);
    await db.query(`DROP INDEX ix_cases_organisation_due;`);
  }
}
