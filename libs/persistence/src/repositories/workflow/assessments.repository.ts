import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../transaction-host.js';

export interface InterventionDecision {
  interventionId: string;
  decision: 'continue' | 'adjust' | 'end';
  reason: string | null;
}

export interface AssessmentRow {
  id: string;
  caseId: string;
  meetingId: string;
  documentName: string;
  investigationUpdateNeeded: boolean | null;
  interventionDecisions: InterventionDecision[];
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface SharedAssessmentRow {
  id: string;
  assessmentId: string;
  meetingId: string;
  versionId: string;
  sharedBy: string;
  sharedAt: Date;
}

const COLUMNS = `
  id, case_id AS "caseId", meeting_id AS "meetingId", document_name AS "documentName",
  investigation_update_needed AS "investigationUpdateNeeded", intervention_decisions AS "interventionDecisions",
  created_by AS "createdBy", created_at AS "createdAt", updated_at AS "updatedAt"`;

@Injectable()
export class AssessmentsRepository {
  constructor(private readonly tx: TransactionHost) {}

  private query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.tx.manager.query(sql, params) as Promise<T[]>;
  }

  /** The meeting's assessment, created on first use. */
  async findOrCreate(caseId: string, meetingId: string, documentName: string, createdBy: string): Promise<AssessmentRow> {
    await this.query(
      `INSERT INTO assessments (case_id, meeting_id, document_name, created_by) VALUES ($1, $2, $3, $4) ON CONFLICT ON CONSTRAINT uq_assessments_meeting DO NOTHING`,
      [caseId, meetingId, documentName, createdBy],
    );
    return (await this.findForMeeting(caseId, meetingId))!;
  }

  async findForMeeting(caseId: string, meetingId: string): Promise<AssessmentRow | null> {
    const [row] = await this.query<AssessmentRow>(`SELECT ${COLUMNS} FROM assessments WHERE case_id = $1 AND meeting_id = $2`, [caseId, meetingId]);
    return row ?? null;
  }

  listForCase(caseId: string): Promise<AssessmentRow[]> {
    return this.query<AssessmentRow>(`SELECT ${COLUMNS} FROM assessments WHERE case_id = $1 ORDER BY created_at DESC`, [caseId]);
  }

  async updateDecisions(id: string, investigationUpdateNeeded: boolean | null, decisions: InterventionDecision[]): Promise<void> {
    await this.query(`UPDATE assessments SET investigation_update_needed = $2, intervention_decisions = $3, updated_at = now() WHERE id = $1`, [id, investigationUpdateNeeded, JSON.stringify(decisions)]);
  }

  async share(assessmentId: string, caseId: string, versionId: string, sharedBy: string): Promise<SharedAssessmentRow> {
    const [row] = await this.query<SharedAssessmentRow>(
      `INSERT INTO shared_assessments (assessment_id, case_id, version_id, shared_by) VALUES ($1, $2, $3, $4)
       RETURNING id, assessment_id AS "assessmentId", (SELECT meeting_id FROM assessments WHERE id = $1) AS "meetingId", version_id AS "versionId", shared_by AS "sharedBy", shared_at AS "sharedAt"`,
      [assessmentId, caseId, versionId, sharedBy],
    );
    return row!;
  }

  listShared(caseId: string): Promise<SharedAssessmentRow[]> {
    return this.query<SharedAssessmentRow>(
      `SELECT s.id, s.assessment_id AS "assessmentId", a.meeting_id AS "meetingId", s.version_id AS "versionId", s.shared_by AS "sharedBy", s.shared_at AS "sharedAt"
       FROM shared_assessments s JOIN assessments a ON a.id = s.assessment_id WHERE s.case_id = $1 ORDER BY s.shared_at DESC`,
      [caseId],
    );
  }
}
