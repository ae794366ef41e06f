import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../transaction-host.js';

export type InterventionStatus = 'active' | 'adjusted' | 'ended';

export interface InterventionRow {
  id: string;
  caseId: string;
  title: string;
  purpose: string;
  providerOrganisationId: string | null;
  startDate: string;
  investigationEndDate: string | null;
  status: InterventionStatus;
  statusReason: string | null;
  endedOn: string | null;
  lastFollowUpDate: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `
  id, case_id AS "caseId", title, purpose, provider_organisation_id AS "providerOrganisationId", start_date::text AS "startDate",
  investigation_end_date::text AS "investigationEndDate", status, status_reason AS "statusReason", ended_on::text AS "endedOn",
  last_follow_up_date::text AS "lastFollowUpDate", created_by AS "createdBy", created_at AS "createdAt", updated_at AS "updatedAt"`;

export type InterventionChanges = Partial<Pick<InterventionRow, 'title' | 'purpose' | 'providerOrganisationId' | 'investigationEndDate' | 'status' | 'statusReason' | 'endedOn'>>;

const CHANGE_COLUMNS: Record<keyof InterventionChanges, string> = {
  title: 'title',
  purpose: 'purpose',
  providerOrganisationId: 'provider_organisation_id',
  investigationEndDate: 'investigation_end_date',
  status: 'status',
  statusReason: 'status_reason',
  endedOn: 'ended_on',
};

@Injectable()
export class InterventionsRepository {
  constructor(private readonly tx: TransactionHost) {}

  private query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.tx.manager.query(sql, params) as Promise<T[]>;
  }

  async create(intervention: Pick<InterventionRow, 'caseId' | 'title' | 'purpose' | 'providerOrganisationId' | 'startDate' | 'investigationEndDate' | 'createdBy'>): Promise<InterventionRow> {
    const [row] = await this.query<InterventionRow>(
      `INSERT INTO interventions (case_id, title, purpose, provider_organisation_id, start_date, investigation_end_date, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [intervention.caseId, intervention.title, intervention.purpose, intervention.providerOrganisationId, intervention.startDate, intervention.investigationEndDate, intervention.createdBy],
    );
    return row!;
  }

  async find(caseId: string, id: string): Promise<InterventionRow | null> {
    const [row] = await this.query<InterventionRow>(`SELECT ${COLUMNS} FROM interventions WHERE case_id = $1 AND id = $2`, [caseId, id]);
    return row ?? null;
  }

  listForCase(caseId: string): Promise<InterventionRow[]> {
    return this.query<InterventionRow>(`SELECT ${COLUMNS} FROM interventions WHERE case_id = $1 ORDER BY start_date, created_at`, [caseId]);
  }

  async update(caseId: string, id: string, changes: InterventionChanges): Promise<InterventionRow> {
    const entries = Object.entries(changes).filter(([, value]) => value !== undefined) as [keyof InterventionChanges, unknown][];
    if (entries.length > 0) {
      const sets = entries.map(([key], index) => `${CHANGE_COLUMNS[key]} = $${index + 3}`);
      await this.query(`UPDATE interventions SET ${sets.join(', ')}, updated_at = now() WHERE case_id = $1 AND id = $2`, [caseId, id, ...entries.map(([, value]) => value)]);
    }
    return (await this.find(caseId, id))!;
  }

  /** All of a case's running interventions are followed up together, at the same meeting. */
  async markFollowedUp(caseId: string, heldOn: string): Promise<void> {
    await this.query(`UPDATE interventions SET last_follow_up_date = $2, updated_at = now() WHERE case_id = $1 AND status <> 'ended'`, [caseId, heldOn]);
  }
}
