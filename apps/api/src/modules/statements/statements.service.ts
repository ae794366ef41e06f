import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { AuthUser } from '@samraad/auth';
import { type CaseRole, compareDates, DomainError, isLocalDate, isOverdue, localDateOf } from '@samraad/domain';
import { CasesRepository, MeetingsRepository, type StatementRequestRow, type StatementRow, StatementsRepository, type StatementVisibility, TransactionHost } from '@samraad/persistence';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { CaseAccess } from '../cases/case-access.service.js';
import { AgendaService } from '../meetings/agenda.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import type { CorrectStatementDto, RequestStatementDto, SubmitStatementDto } from './dto/statement.dto.js';

const AUTHOR_ROLES: CaseRole[] = ['school', 'daycare', 'health_visitor', 'provider'];

export interface StatementRequestView {
  id: string;
  authorId: string;
  authorName: string;
  meetingId: string | null;
  dueDate: string;
  note: string | null;
  status: StatementRequestRow['status'];
  overdue: boolean;
}

export type StatementView = Omit<StatementRow, 'submittedAt'> & { submittedAt: string };

function toRequestView(row: StatementRequestRow, now: Date): StatementRequestView {
  return { id: row.id, authorId: row.requestedFrom, authorName: row.requestedFromName, meetingId: row.meetingId, dueDate: row.dueDate, note: row.note, status: row.status, overdue: row.status === 'requested' && isOverdue(row.dueDate, now) };
}

function toView(row: StatementRow): StatementView {
  return { ...row, submittedAt: row.submittedAt.toISOString() };
}

/**
 * Status statements (statusudtalelser): requested by the caseworker before a meeting, written
 * against the plan's goals by those who see the child's everyday life, gone through with the
 * family, and immutable once submitted (a correction is a new version).
 */
@Injectable()
export class StatementsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Statements');
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly statements: StatementsRepository,
    private readonly cases: CasesRepository,
    private readonly meetings: MeetingsRepository,
    private readonly agenda: AgendaService,
    private readonly notifications: NotificationsService,
    private readonly tx: TransactionHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (this.config.reminderIntervalSeconds > 0) {
      this.timer = setInterval(() => void this.remindOverdue().catch((error: Error) => this.logger.warn(`reminder sweep failed: ${error.message}`)), this.config.reminderIntervalSeconds * 1000);
      this.timer.unref();
    }
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /**
   * Which statements `user` may read in a case where they have `role`: all of them for the case's
   * lead and the family; otherwise their own, those shared with the members and those written in
   * their organisation. The case timeline applies the same in SQL (TimelineRepository).
   */
  visibility(user: AuthUser, role: CaseRole): StatementVisibility {
    return { all: role === 'caseworker' || role === 'team_leader' || role === 'parent', userId: user.id, organisationId: user.organisationId };
  }

  private canSee(user: AuthUser, role: CaseRole, statement: Pick<StatementRow, 'authorId' | 'sharedWithMembers' | 'authorOrganisationId'>): boolean {
    const visibility = this.visibility(user, role);
    if (visibility.all || statement.authorId === visibility.userId || statement.sharedWithMembers) return true;
    return visibility.organisationId !== null && statement.authorOrganisationId === visibility.organisationId;
  }

  async request(actor: AuthUser, access: CaseAccess, dto: RequestStatementDto, now = new Date()): Promise<StatementRequestView> {
    if (access.role !== 'caseworker') throw new DomainError('Forbidden');
    const member = await this.cases.findMember(access.case.id, dto.authorId);
    if (!member || !AUTHOR_ROLES.includes(member.role)) throw new DomainError('ValidationFailed', { authorId: ['must be a school, daycare, health visitor or provider member of the case'] });
    const dueDate = dto.dueDate.slice(0, 10);
    if (!isLocalDate(dueDate)) throw new DomainError('ValidationFailed', { dueDate: ['must be a date'] });
    if (dto.meetingId) {
      const meeting = await this.meetings.find(access.case.id, dto.meetingId);
      if (!meeting) throw new DomainError('ValidationFailed', { meetingId: ['no such meeting in this case'] });
      if (compareDates(dueDate, localDateOf(meeting.startsAt)) >= 0) throw new DomainError('ValidationFailed', { dueDate: ['must be before the meeting'] });
    }
    const created = await this.statements.createRequest({ caseId: access.case.id, meetingId: dto.meetingId ?? null, requestedFrom: dto.authorId, requestedBy: actor.id, dueDate, note: dto.note ?? null });
    await this.notifications.notify([dto.authorId], access.case.id, 'statement.requested', { requestId: created.id, dueDate });
    return toRequestView(created, now);
  }

  async listRequests(user: AuthUser, access: CaseAccess, now = new Date()): Promise<StatementRequestView[]> {
    const rows = await this.statements.listRequests(access.case.id);
    const visible = access.role === 'caseworker' || access.role === 'team_leader' ? rows : rows.filter((row) => row.requestedFrom === user.id);
    return visible.map((row) => toRequestView(row, now));
  }

  async submit(user: AuthUser, access: CaseAccess, dto: SubmitStatementDto, now = new Date()): Promise<StatementView> {
    if (!AUTHOR_ROLES.includes(access.role)) throw new DomainError('Forbidden');
    let request: StatementRequestRow | null = null;
    if (dto.requestId) {
      request = await this.statements.findRequest(access.case.id, dto.requestId, true);
      if (!request || request.requestedFrom !== user.id) throw new DomainError('StatementRequestNotFound');
      if (request.status !== 'requested') throw new DomainError('StatementRequestClosed');
    }
    const created = await this.statements.create({
      caseId: access.case.id,
      requestId: request?.id ?? null,
      meetingId: request?.meetingId ?? null,
      authorId: user.id,
      authorOrganisationId: user.organisationId,
      version: 1,
      previousId: null,
      goalEntries: dto.goalEntries.map((entry) => ({ goalId: entry.goalId, change: entry.change, rating: entry.rating ?? null, examples: entry.examples })),
      freeText: dto.freeText,
      reviewedWithFamily: dto.reviewedWithFamily,
      sharedWithMembers: dto.sharedWithMembers ?? false,
      submittedLate: request !== null && isOverdue(request.dueDate, now),
    });
    if (request) {
      await this.statements.markRequestSubmitted(request.id);
      if (request.meetingId) await this.agenda.attachStatement(request.meetingId, created.id, user.id, access.role, user.displayName);
    }
    await this.notifications.notify([access.case.ownerId], access.case.id, 'statement.submitted', { statementId: created.id, late: created.submittedLate, reviewedWithFamily: created.reviewedWithFamily });
    return toView(created);
  }

  /** A correction is a new version that points at the one it replaces; the original stays. */
  async correct(user: AuthUser, access: CaseAccess, statementId: string, dto: CorrectStatementDto): Promise<StatementView> {
    const previous = await this.statements.find(access.case.id, statementId);
    if (!previous || !this.canSee(user, access.role, previous)) throw new DomainError('StatementNotFound');
    if (previous.authorId !== user.id) throw new DomainError('Forbidden');
    if (previous.superseded) throw new DomainError('StatementAlreadyCorrected');
    const created = await this.statements.create({
      caseId: access.case.id,
      requestId: previous.requestId,
      meetingId: previous.meetingId,
      authorId: user.id,
      authorOrganisationId: user.organisationId,
      version: previous.version + 1,
      previousId: previous.id,
      goalEntries: dto.goalEntries.map((entry) => ({ goalId: entry.goalId, change: entry.change, rating: entry.rating ?? null, examples: entry.examples })),
      freeText: dto.freeText,
      reviewedWithFamily: dto.reviewedWithFamily,
      sharedWithMembers: dto.sharedWithMembers ?? previous.sharedWithMembers,
      submittedLate: previous.submittedLate,
    });
    return toView(created);
  }

  async list(user: AuthUser, access: CaseAccess): Promise<StatementView[]> {
    return (await this.statements.listForCase(access.case.id)).filter((row) => this.canSee(user, access.role, row)).map(toView);
  }

  async get(user: AuthUser, access: CaseAccess, statementId: string): Promise<StatementView> {
    const row = await this.statements.find(access.case.id, statementId);
    if (!row || !this.canSee(user, access.role, row)) throw new DomainError('StatementNotFound');
    return toView(row);
  }

  /** Reminds authors of overdue requests, at most once a day each. Returns how many were reminded. */
  async remindOverdue(now = new Date()): Promise<number> {
    const due = await this.statements.listOverdueToRemind(localDateOf(now), new Date(now.getTime() - 24 * 3600 * 1000));
    for (const request of due) {
      await this.tx.run(async () => {
        await this.notifications.notify([request.requestedFrom], request.caseId, 'statement.overdue', { requestId: request.id, dueDate: request.dueDate });
        await this.statements.markReminded(request.id);
      });
    }
    return due.length;
  }
}
