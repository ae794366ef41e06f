import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../transaction-host.js';

export interface NotificationRow {
  id: string;
  userId: string;
  caseId: string | null;
  type: string;
  payload: Record<string, unknown>;
  createdAt: Date;
  readAt: Date | null;
}

export interface OutboxRow {
  id: string;
  toEmail: string;
  subject: string;
  body: string;
  attachmentName: string | null;
  attachment: string | null;
  createdAt: Date;
  sentAt: Date | null;
  attempts: number;
}

const COLUMNS = `id, user_id AS "userId", case_id AS "caseId", type, payload, created_at AS "createdAt", read_at AS "readAt"`;

@Injectable()
export class NotificationsRepository {
  constructor(private readonly tx: TransactionHost) {}

  private query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.tx.manager.query(sql, params) as Promise<T[]>;
  }

  async create(userId: string, caseId: string | null, type: string, payload: Record<string, unknown>): Promise<NotificationRow> {
    const [row] = await this.query<NotificationRow>(`INSERT INTO notifications (user_id, case_id, type, payload) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`, [userId, caseId, type, JSON.stringify(payload)]);
    return row!;
  }

  listForUser(userId: string, limit: number): Promise<NotificationRow[]> {
    return this.query<NotificationRow>(`SELECT ${COLUMNS} FROM notifications WHERE user_id = $1 ORDER BY created_at DESC LIMIT $2`, [userId, limit]);
  }

  async markRead(userId: string, id: string): Promise<boolean> {
    const rows = await this.query(`UPDATE notifications SET read_at = COALESCE(read_at, now()) WHERE user_id = $1 AND id = $2 RETURNING id`, [userId, id]);
    return rows.length > 0;
  }

  async enqueueEmail(email: Pick<OutboxRow, 'toEmail' | 'subject' | 'body' | 'attachmentName' | 'attachment'>): Promise<void> {
    await this.query(`INSERT INTO email_outbox (to_email, subject, body, attachment_name, attachment) VALUES ($1, $2, $3, $4, $5)`, [email.toEmail, email.subject, email.body, email.attachmentName, email.attachment]);
  }

  listUnsent(limit: number): Promise<OutboxRow[]> {
    return this.query<OutboxRow>(
      `SELECT id, to_email AS "toEmail", subject, body, attachment_name AS "attachmentName", attachment, created_at AS "createdAt", sent_at AS "sentAt", attempts
       FROM email_outbox WHERE sent_at IS NULL AND attempts < 5 ORDER BY created_at LIMIT $1`,
      [limit],
    );
  }

  listOutbox(toEmail: string): Promise<OutboxRow[]> {
    return this.query<OutboxRow>(
      `SELECT id, to_email AS "toEmail", subject, body, attachment_name AS "attachmentName", attachment, created_at AS "createdAt", sent_at AS "sentAt", attempts
       FROM email_outbox WHERE to_email = $1 ORDER BY created_at`,
      [toEmail],
    );
  }

  async markSent(id: string): Promise<void> {
    await this.query(`UPDATE email_outbox SET sent_at = now(), attempts = attempts + 1 WHERE id = $1`, [id]);
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.query(`UPDATE email_outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, [id, error.slice(0, 500)]);
  }
}
