import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { AuthUser } from '@samraad/auth';
import { DomainError } from '@samraad/domain';
import { type NotificationRow, NotificationsRepository, TransactionHost, UsersRepository } from '@samraad/persistence';
import { DomainEvents } from '../../common/domain-events.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { MailSender } from './mail-sender.js';

/** What a notification is about. The e-mail says only that there is something to look at. */
export const NOTIFICATION_TYPES = [
  'statement.requested',
  'statement.overdue',
  'statement.submitted',
  'observation.concern',
  'observation.created',
  'meeting.scheduled',
  'meeting.moved',
  'meeting.concluded',
  'agenda.proposed',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

const EMAIL_SUBJECTS: Partial<Record<NotificationType, { da: string; en: string }>> = {
  'statement.requested': { da: 'Du er blevet bedt om en statusudtalelse', en: 'You have been asked for a status statement' },
  'statement.overdue': { da: 'Påmindelse: en statusudtalelse mangler', en: 'Reminder: a status statement is overdue' },
  'meeting.scheduled': { da: 'Du er inviteret til et opfølgningsmøde', en: 'You are invited to a follow-up meeting' },
  'meeting.moved': { da: 'Et opfølgningsmøde er flyttet', en: 'A follow-up meeting has moved' },
};

export interface NotificationView {
  id: string;
  caseId: string | null;
  type: string;
  payload: Record<string, unknown>;
  createdAt: string;
  read: boolean;
}

function toView(row: NotificationRow): NotificationView {
  return { id: row.id, caseId: row.caseId, type: row.type, payload: row.payload, createdAt: row.createdAt.toISOString(), read: row.readAt !== null };
}

/**
 * In-app notifications (stored, with read state, pushed live after commit) and the e-mail outbox.
 * E-mails carry no case content — no child's name — only a pointer to Samråd: e-mail is not a
 * safe channel for special-category data.
 */
@Injectable()
export class NotificationsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly users: UsersRepository,
    private readonly events: DomainEvents,
    private readonly tx: TransactionHost,
    private readonly mail: MailSender,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (this.mail.enabled && this.config.outboxIntervalSeconds > 0) {
      this.timer = setInterval(() => void this.flushOutbox().catch((error: Error) => this.logger.warn(`outbox flush failed: ${error.message}`)), this.config.outboxIntervalSeconds * 1000);
      this.timer.unref();
    }
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Stores one notification per recipient; an optional e-mail (with attachment, e.g. an .ics). */
  async notify(userIds: string[], caseId: string | null, type: NotificationType, payload: Record<string, unknown>, attachment?: { name: string; content: string }): Promise<void> {
    const recipients = [...new Set(userIds)];
    for (const userId of recipients) {
      const row = await this.notifications.create(userId, caseId, type, payload);
      this.tx.afterCommit(() =>
        this.events.emit('notification.created', { userId, notification: { id: row.id, caseId, type, payload, createdAt: row.createdAt.toISOString() } }),
      );
      const subject = EMAIL_SUBJECTS[type];
      if (subject) {
        const user = await this.users.findById(userId);
        if (!user || user.disabledAt) continue;
        const english = user.locale === 'en';
        await this.notifications.enqueueEmail({
          toEmail: user.email,
          subject: `Samråd: ${english ? subject.en : subject.da}`,
          body: english ? `${subject.en}. Sign in to Samråd to see it.` : `${subject.da}. Log ind i Samråd for at se den.`,
          attachmentName: attachment?.name ?? null,
          attachment: attachment?.content ?? null,
        });
      }
    }
  }

  async list(user: AuthUser, limit = 50): Promise<NotificationView[]> {
    return (await this.notifications.listForUser(user.id, limit)).map(toView);
  }

  async markRead(user: AuthUser, id: string): Promise<void> {
    if (!(await this.notifications.markRead(user.id, id))) throw new DomainError('NotFound');
  }

  /** Sends what the outbox holds through SMTP (when configured); failures are retried later. */
  async flushOutbox(): Promise<number> {
    if (!this.mail.enabled) return 0;
    let sent = 0;
    for (const email of await this.notifications.listUnsent(50)) {
      try {
        await this.mail.send(email);
        await this.notifications.markSent(email.id);
        sent += 1;
      } catch (error) {
        await this.notifications.markFailed(email.id, (error as Error).message);
      }
    }
    return sent;
  }
}
