import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../transaction-host.js';

export interface StatementRequestRow {
  id: string;
  caseId: string;
  meetingId: string | null;
  requestedFrom: string;
  requestedFromName: string;
  requestedBy: string;
  dueDate: string;
  note: string | null;
  status: 'requested' | 'submitted' | 'cancelled';
  remindedAt: Date | null;
  createdAt: Date;
}

export interface GoalEntry {
  goalId: string;
  change: string;
  rating: number | null;
  examples: string;
}

export interface StatementRow {
  id: string;
  caseId: string;
  requestId: string | null;
  meetingId: string | null;
  authorId: string;
  authorName: string;
  authorOrganisationId: string | null;
  version: number;
  previousId: string | null;
  goalEntries: GoalEntry[];
  freeText: string;
  reviewedWithFamily: boolean;
  sharedWithMembers: boolean;
  submittedAt: Date;
  submittedLate: boolean;
  /** Whether a newer version replaces this one. */
  superseded: boolean;
}

const REQUEST_COLUMNS = `
  r.id, r.case_id AS "caseId", r.meeting_id AS "meetingId", r.requested_from AS "requestedFrom", u.display_name AS "requestedFromName",
  r.requested_by AS "requestedBy", r.due_date::text AS "dueDate", r.note, r.status, r.reminded_at AS "remindedAt", r.created_at AS "createdAt"`;

const STATEMENT_COLUMNS = `
  s.id, s.case_id AS "caseId", s.request_id AS "requestId", s.meeting_id AS "meetingId", s.author_id AS "authorId",
  u.display_name AS "authorName", s.author_organisation_id AS "authorOrganisationId", s.version, s.previous_id AS "previousId",
  s.goal_entries AS "goalEntries", s.free_text AS "freeText", s.reviewed_with_family AS "reviewedWithFamily",
  s.shared_with_members AS "sharedWithMembers", s.submitted_at AS "submittedAt", s.submitted_late AS "submittedLate",
  EXISTS (SELECT 1 FROM statements n WHERE n.previous_id = s.id) AS superseded`;

@Injectable()
export class StatementsRepository {
  constructor(private readonly tx: TransactionHost) {}

  private query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.tx.manager.query(sql, params) as Promise<T[]>;
  }

  async createRequest(request: Pick<StatementRequestRow, 'caseId' | 'meetingId' | 'requestedFrom' | 'requestedBy' | 'dueDate' | 'note'>): Promise<StatementRequestRow> {
    const [row] = await this.query<{ id: string }>(
      `INSERT INTO statement_requests (case_id, meeting_id, requested_from, requested_by, due_date, note) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [request.caseId, request.meetingId, request.requestedFrom, request.requestedBy, request.dueDate, request.note],
    );
    return (await this.findRequest(request.caseId, row!.id))!;
  }

  async findRequest(caseId: string, id: string, lock = false): Promise<StatementRequestRow | null> {
    const [row] = await this.query<StatementRequestRow>(
      `SELECT ${REQUEST_COLUMNS} FROM statement_requests r JOIN users u ON u.id = r.requested_from WHERE r.case_id = $1 AND r.id = $2${lock ? ' FOR UPDATE OF r' : ''}`,
      [caseId, id],
    );
    return row ?? null;
  }

  listRequests(caseId: string): Promise<StatementRequestRow[]> {
    return this.query<StatementRequestRow>(`SELECT ${REQUEST_COLUMNS} FROM statement_requests r JOIN users u ON u.id = r.requested_from WHERE r.case_id = $1 ORDER BY r.due_date`, [caseId]);
  }

  /** Open requests whose due day has passed and whose author was not reminded since `remindedBefore`. */
  listOverdueToRemind(today: string, remindedBefore: Date): Promise<StatementRequestRow[]> {
    return this.query<StatementRequestRow>(
      `SELECT ${REQUEST_COLUMNS} FROM statement_requests r JOIN users u ON u.id = r.requested_from
       WHERE r.status = 'requested' AND r.due_date < $1 AND (r.reminded_at IS NULL OR r.reminded_at < $2)`,
      [today, remindedBefore.toISOString()],
    );
  }

  async markReminded(id: string): Promise<void> {
    await this.query(`UPDATE statement_requests SET reminded_at = now() WHERE id = $1`, [id]);
  }

  async markRequestSubmitted(id: string): Promise<void> {
    await this.query(`UPDATE statement_requests SET status = 'submitted' WHERE id = $1`, [id]);
  }

  async create(statement: Omit<StatementRow, 'id' | 'authorName' | 'submittedAt' | 'superseded'>): Promise<StatementRow> {
    const [row] = await this.query<{ id: string }>(
      `INSERT INTO statements (case_id, request_id, meeting_id, author_id, author_organisation_id, version, previous_id, goal_entries, free_text, reviewed_with_family, shared_with_members, submitted_late)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [
        statement.caseId,
        statement.requestId,
        statement.meetingId,
        statement.authorId,
        statement.authorOrganisationId,
        statement.version,
        statement.previousId,
        JSON.stringify(statement.goalEntries),
        statement.freeText,
        statement.reviewedWithFamily,
        statement.sharedWithMembers,
        statement.submittedLate,
      ],
    );
    return (await this.find(statement.caseId, row!.id))!;
  }

  async find(caseId: string, id: string): Promise<StatementRow | null> {
    const [row] = await this.query<StatementRow>(`SELECT ${STATEMENT_COLUMNS} FROM statements s JOIN users u ON u.id = s.author_id WHERE s.case_id = $1 AND s.id = $2`, [caseId, id]);
    return row ?? null;
  }

  listForCase(caseId: string): Promise<StatementRow[]> {
    return this.tx.queryPrepared<StatementRow>(
      'statements.listForCase',
      `SELECT ${STATEMENT_COLUMNS} FROM statements s JOIN users u ON u.id = s.author_id WHERE s.case_id = $1 ORDER BY s.submitted_at DESC`,
      [caseId],
    );
  }
}
