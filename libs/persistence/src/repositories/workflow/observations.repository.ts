import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../transaction-host.js';

export type ObservationKind = 'resource' | 'concern' | 'neutral';
export type EverydayArea = 'school' | 'leisure' | 'daily_routines' | 'home' | 'health' | 'friendships';

export interface ObservationRow {
  id: string;
  caseId: string;
  authorId: string;
  authorName: string;
  authorOrganisationId: string | null;
  observedOn: string;
  area: EverydayArea | null;
  goalId: string | null;
  kind: ObservationKind;
  text: string;
  needsFollowUp: boolean;
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
  createdAt: Date;
}

const COLUMNS = `
  o.id, o.case_id AS "caseId", o.author_id AS "authorId", u.display_name AS "authorName", o.author_organisation_id AS "authorOrganisationId",
  o.observed_on::text AS "observedOn", o.area, o.goal_id AS "goalId", o.kind, o.text, o.needs_follow_up AS "needsFollowUp",
  o.acknowledged_by AS "acknowledgedBy", o.acknowledged_at AS "acknowledgedAt", o.created_at AS "createdAt"`;

@Injectable()
export class ObservationsRepository {
  constructor(private readonly tx: TransactionHost) {}

  private query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.tx.manager.query(sql, params) as Promise<T[]>;
  }

  async create(observation: Pick<ObservationRow, 'caseId' | 'authorId' | 'authorOrganisationId' | 'observedOn' | 'area' | 'goalId' | 'kind' | 'text' | 'needsFollowUp'>): Promise<ObservationRow> {
    const [row] = await this.query<{ id: string }>(
      `INSERT INTO observations (case_id, author_id, author_organisation_id, observed_on, area, goal_id, kind, text, needs_follow_up)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [observation.caseId, observation.authorId, observation.authorOrganisationId, observation.observedOn, observation.area, observation.goalId, observation.kind, observation.text, observation.needsFollowUp],
    );
    return (await this.find(observation.caseId, row!.id))!;
  }

  async find(caseId: string, id: string): Promise<ObservationRow | null> {
    const [row] = await this.query<ObservationRow>(`SELECT ${COLUMNS} FROM observations o JOIN users u ON u.id = o.author_id WHERE o.case_id = $1 AND o.id = $2`, [caseId, id]);
    return row ?? null;
  }

  listForCase(caseId: string): Promise<ObservationRow[]> {
    return this.tx.queryPrepared<ObservationRow>('observations.listForCase', `SELECT ${COLUMNS} FROM observations o JOIN users u ON u.id = o.author_id WHERE o.case_id = $1 ORDER BY o.observed_on DESC, o.created_at DESC`, [caseId]);
  }

  async acknowledge(id: string, userId: string): Promise<void> {
    await this.query(`UPDATE observations SET acknowledged_by = $2, acknowledged_at = now() WHERE id = $1 AND acknowledged_at IS NULL`, [id, userId]);
  }

  async setNeedsFollowUp(id: string, needsFollowUp: boolean): Promise<void> {
    await this.query(`UPDATE observations SET needs_follow_up = $2 WHERE id = $1`, [id, needsFollowUp]);
  }
}
