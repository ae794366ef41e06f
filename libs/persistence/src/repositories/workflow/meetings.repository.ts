import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../transaction-host.js';

export type MeetingStatus = 'planned' | 'in_progress' | 'concluded' | 'cancelled';

export interface MeetingRow {
  id: string;
  caseId: string;
  title: string;
  startsAt: Date;
  durationMinutes: number;
  location: string | null;
  onlineUrl: string | null;
  childTimeBudgetMinutes: number | null;
  status: MeetingStatus;
  nextFollowUpDate: string | null;
  responsibleUserId: string | null;
  minutesVersionId: string | null;
  startedAt: Date | null;
  concludedAt: Date | null;
  concludedBy: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface ParticipantRow {
  meetingId: string;
  userId: string;
  displayName: string;
  userRole: string;
  caseRole: string | null;
  contribution: string | null;
  confirmedAt: Date | null;
}

export interface AgendaItemRow {
  id: string;
  meetingId: string;
  title: string;
  proposedBy: string;
  proposedByRole: string;
  status: 'proposed' | 'accepted' | 'declined';
  position: number;
  minutesBudget: number | null;
  statementId: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  createdAt: Date;
}

export interface SuggestionRow {
  id: string;
  meetingId: string;
  suggestedUserId: string | null;
  suggestedName: string | null;
  reason: string | null;
  proposedBy: string;
  status: 'proposed' | 'accepted' | 'declined';
  createdAt: Date;
}

const MEETING_COLUMNS = `
  m.id, m.case_id AS "caseId", m.title, m.starts_at AS "startsAt", m.duration_minutes AS "durationMinutes",
  m.location, m.online_url AS "onlineUrl", m.child_time_budget_minutes AS "childTimeBudgetMinutes", m.status,
  m.next_follow_up_date::text AS "nextFollowUpDate", m.responsible_user_id AS "responsibleUserId",
  m.minutes_version_id AS "minutesVersionId", m.started_at AS "startedAt", m.concluded_at AS "concludedAt",
  m.concluded_by AS "concludedBy", m.created_by AS "createdBy", m.created_at AS "createdAt", m.updated_at AS "updatedAt"`;

const AGENDA_COLUMNS = `
  id, meeting_id AS "meetingId", title, proposed_by AS "proposedBy", proposed_by_role AS "proposedByRole", status,
  position, minutes_budget AS "minutesBudget", statement_id AS "statementId", decided_by AS "decidedBy",
  decided_at AS "decidedAt", created_at AS "createdAt"`;

export type NewMeeting = Pick<MeetingRow, 'caseId' | 'title' | 'startsAt' | 'durationMinutes' | 'location' | 'onlineUrl' | 'childTimeBudgetMinutes' | 'createdBy'>;
export type MeetingChanges = Partial<Pick<MeetingRow, 'title' | 'startsAt' | 'durationMinutes' | 'location' | 'onlineUrl' | 'childTimeBudgetMinutes'>>;

const CHANGE_COLUMNS: Record<keyof MeetingChanges, string> = {
  title: 'title',
  startsAt: 'starts_at',
  durationMinutes: 'duration_minutes',
  location: 'location',
  onlineUrl: 'online_url',
  childTimeBudgetMinutes: 'child_time_budget_minutes',
};

@Injectable()
export class MeetingsRepository {
  constructor(private readonly tx: TransactionHost) {}

  private query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.tx.manager.query(sql, params) as Promise<T[]>;
  }

  async create(meeting: NewMeeting): Promise<MeetingRow> {
    const [row] = await this.query<{ id: string }>(
      `INSERT INTO meetings (case_id, title, starts_at, duration_minutes, location, online_url, child_time_budget_minutes, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [meeting.caseId, meeting.title, meeting.startsAt.toISOString(), meeting.durationMinutes, meeting.location, meeting.onlineUrl, meeting.childTimeBudgetMinutes, meeting.createdBy],
    );
    return (await this.find(meeting.caseId, row!.id))!;
  }

  async find(caseId: string, meetingId: string, lock = false): Promise<MeetingRow | null> {
    const [row] = await this.query<MeetingRow>(`SELECT ${MEETING_COLUMNS} FROM meetings m WHERE m.case_id = $1 AND m.id = $2${lock ? ' FOR UPDATE' : ''}`, [caseId, meetingId]);
    return row ?? null;
  }

  listForCase(caseId: string): Promise<MeetingRow[]> {
    return this.tx.queryPrepared<MeetingRow>('meetings.listForCase', `SELECT ${MEETING_COLUMNS} FROM meetings m WHERE m.case_id = $1 ORDER BY m.starts_at DESC`, [caseId]);
  }

  async update(caseId: string, meetingId: string, changes: MeetingChanges): Promise<void> {
    const entries = Object.entries(changes).filter(([, value]) => value !== undefined) as [keyof MeetingChanges, unknown][];
    if (entries.length === 0) return;
    const sets = entries.map(([key], index) => `${CHANGE_COLUMNS[key]} = $${index + 3}`);
    const values = entries.map(([, value]) => (value instanceof Date ? value.toISOString() : value));
    await this.query(`UPDATE meetings SET ${sets.join(', ')}, updated_at = now() WHERE case_id = $1 AND id = $2`, [caseId, meetingId, ...values]);
  }

  async setStatus(meetingId: string, status: MeetingStatus): Promise<void> {
    await this.query(`UPDATE meetings SET status = $2, started_at = CASE WHEN $2 = 'in_progress' THEN now() ELSE started_at END, updated_at = now() WHERE id = $1`, [meetingId, status]);
  }

  async conclude(meetingId: string, nextFollowUpDate: string, responsibleUserId: string, concludedBy: string, minutesVersionId: string | null): Promise<void> {
    await this.query(
      `UPDATE meetings SET status = 'concluded', next_follow_up_date = $2, responsible_user_id = $3, concluded_by = $4, concluded_at = now(),
         minutes_version_id = $5, updated_at = now() WHERE id = $1`,
      [meetingId, nextFollowUpDate, responsibleUserId, concludedBy, minutesVersionId],
    );
  }

  // Participants

  listParticipants(meetingId: string): Promise<ParticipantRow[]> {
    return this.listParticipantsOf([meetingId]);
  }

  /** The participants of several meetings in one query. */
  listParticipantsOf(meetingIds: string[]): Promise<ParticipantRow[]> {
    if (meetingIds.length === 0) return Promise.resolve([]);
    return this.query<ParticipantRow>(
      `SELECT p.meeting_id AS "meetingId", p.user_id AS "userId", u.display_name AS "displayName", u.role AS "userRole",
              cm.role AS "caseRole", p.contribution, p.confirmed_at AS "confirmedAt"
       FROM meeting_participants p
       JOIN users u ON u.id = p.user_id
       JOIN meetings m ON m.id = p.meeting_id
       LEFT JOIN case_members cm ON cm.case_id = m.case_id AND cm.user_id = p.user_id
       WHERE p.meeting_id = ANY($1::uuid[]) ORDER BY u.display_name`,
      [meetingIds],
    );
  }

  async isParticipant(meetingId: string, userId: string): Promise<boolean> {
    const rows = await this.query(`SELECT 1 FROM meeting_participants WHERE meeting_id = $1 AND user_id = $2`, [meetingId, userId]);
    return rows.length > 0;
  }

  async addParticipant(meetingId: string, userId: string, contribution: string | null, addedBy: string): Promise<boolean> {
    const rows = await this.query(
      `INSERT INTO meeting_participants (meeting_id, user_id, contribution, added_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT ON CONSTRAINT pk_meeting_participants DO NOTHING RETURNING user_id`,
      [meetingId, userId, contribution, addedBy],
    );
    return rows.length > 0;
  }

  async removeParticipant(meetingId: string, userId: string): Promise<boolean> {
    const rows = await this.query(`DELETE FROM meeting_participants WHERE meeting_id = $1 AND user_id = $2 RETURNING user_id`, [meetingId, userId]);
    return rows.length > 0;
  }

  async confirmParticipant(meetingId: string, userId: string, contribution: string | undefined): Promise<boolean> {
    const rows = await this.query(
      `UPDATE meeting_participants SET confirmed_at = now(), contribution = COALESCE($3, contribution)
       WHERE meeting_id = $1 AND user_id = $2 RETURNING user_id`,
      [meetingId, userId, contribution ?? null],
    );
    return rows.length > 0;
  }

  // Agenda

  listAgenda(meetingId: string): Promise<AgendaItemRow[]> {
    return this.query<AgendaItemRow>(`SELECT ${AGENDA_COLUMNS} FROM agenda_items WHERE meeting_id = $1 ORDER BY position, created_at`, [meetingId]);
  }

  async findAgendaItem(meetingId: string, itemId: string): Promise<AgendaItemRow | null> {
    const [row] = await this.query<AgendaItemRow>(`SELECT ${AGENDA_COLUMNS} FROM agenda_items WHERE meeting_id = $1 AND id = $2`, [meetingId, itemId]);
    return row ?? null;
  }

  async addAgendaItem(item: Pick<AgendaItemRow, 'meetingId' | 'title' | 'proposedBy' | 'proposedByRole' | 'status' | 'minutesBudget' | 'statementId'>): Promise<AgendaItemRow> {
    const [row] = await this.query<AgendaItemRow>(
      `INSERT INTO agenda_items (meeting_id, title, proposed_by, proposed_by_role, status, position, minutes_budget, statement_id)
       VALUES ($1, $2, $3, $4, $5, (SELECT COALESCE(MAX(position), 0) + 1 FROM agenda_items WHERE meeting_id = $1), $6, $7)
       RETURNING ${AGENDA_COLUMNS}`,
      [item.meetingId, item.title, item.proposedBy, item.proposedByRole, item.status, item.minutesBudget, item.statementId],
    );
    return row!;
  }

  async decideAgendaItem(itemId: string, status: 'accepted' | 'declined', decidedBy: string): Promise<void> {
    await this.query(`UPDATE agenda_items SET status = $2, decided_by = $3, decided_at = now() WHERE id = $1`, [itemId, status, decidedBy]);
  }

  async moveAgendaItem(itemId: string, position: number): Promise<void> {
    await this.query(`UPDATE agenda_items SET position = $2 WHERE id = $1`, [itemId, position]);
  }

  // Participant suggestions

  async addSuggestion(suggestion: Pick<SuggestionRow, 'meetingId' | 'suggestedUserId' | 'suggestedName' | 'reason' | 'proposedBy'>): Promise<SuggestionRow> {
    const [row] = await this.query<SuggestionRow>(
      `INSERT INTO participant_suggestions (meeting_id, suggested_user_id, suggested_name, reason, proposed_by) VALUES ($1, $2, $3, $4, $5)
       RETURNING id, meeting_id AS "meetingId", suggested_user_id AS "suggestedUserId", suggested_name AS "suggestedName", reason,
                 proposed_by AS "proposedBy", status, created_at AS "createdAt"`,
      [suggestion.meetingId, suggestion.suggestedUserId, suggestion.suggestedName, suggestion.reason, suggestion.proposedBy],
    );
    return row!;
  }

  listSuggestions(meetingId: string): Promise<SuggestionRow[]> {
    return this.query<SuggestionRow>(
      `SELECT id, meeting_id AS "meetingId", suggested_user_id AS "suggestedUserId", suggested_name AS "suggestedName", reason,
              proposed_by AS "proposedBy", status, created_at AS "createdAt"
       FROM participant_suggestions WHERE meeting_id = $1 ORDER BY created_at`,
      [meetingId],
    );
  }

  async findSuggestion(meetingId: string, id: string): Promise<SuggestionRow | null> {
    const rows = await this.listSuggestions(meetingId);
    return rows.find((row) => row.id === id) ?? null;
  }

  async decideSuggestion(id: string, status: 'accepted' | 'declined', decidedBy: string): Promise<void> {
    await this.query(`UPDATE participant_suggestions SET status = $2, decided_by = $3, decided_at = now() WHERE id = $1`, [id, status, decidedBy]);
  }

  // Addenda to concluded minutes

  async addAddendum(meetingId: string, authorId: string, text: string): Promise<{ id: string; createdAt: Date }> {
    const [row] = await this.query<{ id: string; createdAt: Date }>(
      `INSERT INTO meeting_addenda (meeting_id, author_id, text) VALUES ($1, $2, $3) RETURNING id, created_at AS "createdAt"`,
      [meetingId, authorId, text],
    );
    return row!;
  }

  listAddenda(meetingId: string): Promise<{ id: string; authorId: string; text: string; createdAt: Date }[]> {
    return this.query(`SELECT id, author_id AS "authorId", text, created_at AS "createdAt" FROM meeting_addenda WHERE meeting_id = $1 ORDER BY created_at`, [meetingId]);
  }

  /** Upcoming meetings of the given cases (for the overview). */
  listUpcoming(caseIds: string[], from: Date): Promise<MeetingRow[]> {
    if (caseIds.length === 0) return Promise.resolve([]);
    return this.query<MeetingRow>(
      `SELECT ${MEETING_COLUMNS} FROM meetings m WHERE m.case_id = ANY($1::uuid[]) AND m.status IN ('planned', 'in_progress') AND m.starts_at >= $2 ORDER BY m.starts_at`,
      [caseIds, from.toISOString()],
    );
  }
}
