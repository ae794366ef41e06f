import { Inject, Injectable, Optional } from '@nestjs/common';
import type { AuthUser } from '@samraad/auth';
import { meetingDocumentName } from '@samraad/collab/schema';
import { type CaseRole, can, compareDates, DomainError, isLocalDate, localDateOf, wasOnTime } from '@samraad/domain';
import { CasesRepository, FollowUpsRepository, InterventionsRepository, type MeetingRow, MeetingsRepository, type ParticipantRow, TransactionHost } from '@samraad/persistence';
import { DomainEvents } from '../../common/domain-events.js';
import type { CaseAccess } from '../cases/case-access.service.js';
import { FollowUpService } from '../follow-up/follow-up.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import type { ConcludeMeetingDto, CreateMeetingDto, UpdateMeetingDto } from './dto/meeting.dto.js';
import { meetingInvitation } from './ics.js';
import { MINUTES_ARCHIVE, type MinutesArchive } from './minutes-archive.js';

export interface ParticipantView {
  userId: string;
  displayName: string;
  caseRole: string | null;
  contribution: string | null;
  confirmed: boolean;
}

export interface MeetingView {
  id: string;
  caseId: string;
  title: string;
  startsAt: string;
  durationMinutes: number;
  location: string | null;
  onlineUrl: string | null;
  childTimeBudgetMinutes: number | null;
  status: MeetingRow['status'];
  /** When the caseworker started the meeting (the child's time budget counts from here). */
  startedAt: string | null;
  documentName: string;
  nextFollowUpDate: string | null;
  responsibleUserId: string | null;
  minutesVersionId: string | null;
  concludedAt: string | null;
  participants: ParticipantView[];
}

function toParticipantView(row: ParticipantRow): ParticipantView {
  return { userId: row.userId, displayName: row.displayName, caseRole: row.caseRole, contribution: row.contribution, confirmed: row.confirmedAt !== null };
}

export function isCaseLead(role: CaseRole): boolean {
  return role === 'caseworker';
}

/** Scheduling, participants, the meeting's lifecycle and its conclusion. */
@Injectable()
export class MeetingsService {
  constructor(
    private readonly meetings: MeetingsRepository,
    private readonly cases: CasesRepository,
    private readonly interventions: InterventionsRepository,
    private readonly followUpDates: FollowUpsRepository,
    private readonly followUps: FollowUpService,
    private readonly notifications: NotificationsService,
    private readonly events: DomainEvents,
    private readonly tx: TransactionHost,
    @Optional() @Inject(MINUTES_ARCHIVE) private readonly archive: MinutesArchive | null,
  ) {}

  async view(meeting: MeetingRow): Promise<MeetingView> {
    return this.toView(meeting, await this.meetings.listParticipants(meeting.id));
  }

  private toView(meeting: MeetingRow, participants: ParticipantRow[]): MeetingView {
    return {
      id: meeting.id,
      caseId: meeting.caseId,
      title: meeting.title,
      startsAt: meeting.startsAt.toISOString(),
      durationMinutes: meeting.durationMinutes,
      location: meeting.location,
      onlineUrl: meeting.onlineUrl,
      childTimeBudgetMinutes: meeting.childTimeBudgetMinutes,
      status: meeting.status,
      startedAt: meeting.startedAt?.toISOString() ?? null,
      documentName: meetingDocumentName(meeting.caseId, meeting.id),
      nextFollowUpDate: meeting.nextFollowUpDate,
      responsibleUserId: meeting.responsibleUserId,
      minutesVersionId: meeting.minutesVersionId,
      concludedAt: meeting.concludedAt?.toISOString() ?? null,
      participants: participants.map(toParticipantView),
    };
  }

  /** The meeting, or MeetingNotFound; optionally locked for a state change. */
  async require(caseId: string, meetingId: string, lock = false): Promise<MeetingRow> {
    const meeting = await this.meetings.find(caseId, meetingId, lock);
    if (!meeting) throw new DomainError('MeetingNotFound');
    return meeting;
  }

  /** Participants take part; the caseworker and team leader see every meeting of their case. */
  async requireParticipant(user: AuthUser, access: CaseAccess, meetingId: string): Promise<MeetingRow> {
    const meeting = await this.require(access.case.id, meetingId);
    if (access.role !== 'caseworker' && access.role !== 'team_leader' && !(await this.meetings.isParticipant(meetingId, user.id))) throw new DomainError('NotAParticipant');
    return meeting;
  }

  private assertLead(access: CaseAccess): void {
    if (!isCaseLead(access.role)) throw new DomainError('Forbidden');
  }

  private async assertMember(caseId: string, userId: string, field: string): Promise<void> {
    if (!(await this.cases.findMember(caseId, userId))) throw new DomainError('ValidationFailed', { [field]: ['must be a member of the case'] });
  }

  async list(user: AuthUser, access: CaseAccess): Promise<MeetingView[]> {
    const rows = await this.meetings.listForCase(access.case.id);
    const participants = await this.meetings.listParticipantsOf(rows.map((row) => row.id));
    const views = rows.map((row) => this.toView(row, participants.filter((participant) => participant.meetingId === row.id)));
    if (access.role === 'caseworker' || access.role === 'team_leader') return views;
    return views.filter((meeting) => meeting.participants.some((participant) => participant.userId === user.id));
  }

  async get(user: AuthUser, access: CaseAccess, meetingId: string): Promise<MeetingView> {
    return this.view(await this.requireParticipant(user, access, meetingId));
  }

  async schedule(actor: AuthUser, access: CaseAccess, dto: CreateMeetingDto): Promise<MeetingView> {
    this.assertLead(access);
    const participants = dto.participants ?? [];
    for (const [index, participant] of participants.entries()) await this.assertMember(access.case.id, participant.userId, `participants.${index}.userId`);
    const meeting = await this.meetings.create({
      caseId: access.case.id,
      title: dto.title ?? 'Opfølgningsmøde',
      startsAt: new Date(dto.startsAt),
      durationMinutes: dto.durationMinutes,
      location: dto.location ?? null,
      onlineUrl: dto.onlineUrl ?? null,
      childTimeBudgetMinutes: dto.childTimeBudgetMinutes ?? null,
      createdBy: actor.id,
    });
    await this.meetings.addParticipant(meeting.id, actor.id, null, actor.id);
    for (const participant of participants) await this.meetings.addParticipant(meeting.id, participant.userId, participant.contribution ?? null, actor.id);
    const invited = participants.map((participant) => participant.userId).filter((id) => id !== actor.id);
    await this.notifications.notify(invited, access.case.id, 'meeting.scheduled', { meetingId: meeting.id, startsAt: meeting.startsAt.toISOString() }, { name: 'invitation.ics', content: meetingInvitation(meeting, 'REQUEST') });
    return this.view(meeting);
  }

  async update(actor: AuthUser, access: CaseAccess, meetingId: string, dto: UpdateMeetingDto): Promise<MeetingView> {
    this.assertLead(access);
    const meeting = await this.require(access.case.id, meetingId, true);
    if (meeting.status === 'concluded' || meeting.status === 'cancelled') throw new DomainError('MeetingConcluded');
    await this.meetings.update(access.case.id, meetingId, { ...dto, startsAt: dto.startsAt ? new Date(dto.startsAt) : undefined });
    const updated = await this.require(access.case.id, meetingId);
    if (dto.startsAt && updated.startsAt.getTime() !== meeting.startsAt.getTime()) {
      const others = (await this.meetings.listParticipants(meetingId)).map((participant) => participant.userId).filter((id) => id !== actor.id);
      await this.notifications.notify(others, access.case.id, 'meeting.moved', { meetingId, startsAt: updated.startsAt.toISOString() }, { name: 'invitation.ics', content: meetingInvitation(updated, 'REQUEST') });
    }
    return this.view(updated);
  }

  async addParticipant(actor: AuthUser, access: CaseAccess, meetingId: string, userId: string, contribution: string | undefined): Promise<MeetingView> {
    this.assertLead(access);
    const meeting = await this.require(access.case.id, meetingId);
    if (meeting.status === 'concluded') throw new DomainError('MeetingConcluded');
    await this.assertMember(access.case.id, userId, 'userId');
    if (await this.meetings.addParticipant(meetingId, userId, contribution ?? null, actor.id)) {
      await this.notifications.notify([userId], access.case.id, 'meeting.scheduled', { meetingId, startsAt: meeting.startsAt.toISOString() }, { name: 'invitation.ics', content: meetingInvitation(meeting, 'REQUEST') });
      this.accessChanged(access.case.id, meetingId);
    }
    return this.view(meeting);
  }

  async removeParticipant(access: CaseAccess, meetingId: string, userId: string): Promise<void> {
    this.assertLead(access);
    await this.require(access.case.id, meetingId);
    if (userId === access.case.ownerId) throw new DomainError('CannotRemoveOwner');
    if (!(await this.meetings.removeParticipant(meetingId, userId))) throw new DomainError('MemberNotFound');
    this.accessChanged(access.case.id, meetingId);
  }

  /** A participant confirms they know their role in the meeting (and may restate it). */
  async confirm(user: AuthUser, access: CaseAccess, meetingId: string, contribution: string | undefined): Promise<MeetingView> {
    const meeting = await this.require(access.case.id, meetingId);
    if (!(await this.meetings.confirmParticipant(meetingId, user.id, contribution))) throw new DomainError('NotAParticipant');
    return this.view(meeting);
  }

  async start(access: CaseAccess, meetingId: string): Promise<MeetingView> {
    this.assertLead(access);
    const meeting = await this.require(access.case.id, meetingId, true);
    if (meeting.status !== 'planned') throw new DomainError('MeetingNotOpen');
    await this.meetings.setStatus(meetingId, 'in_progress');
    return this.view(await this.require(access.case.id, meetingId));
  }

  /**
   * Concludes the meeting (Anbefaling 17, step 5): only with the next follow-up date and the person
   * responsible for keeping the caseworker informed until then. Signs off the minutes by freezing
   * a version; the minutes become read-only for everyone. All running interventions count as
   * followed up at this meeting.
   */
  async conclude(actor: AuthUser, access: CaseAccess, meetingId: string, dto: ConcludeMeetingDto, now = new Date()): Promise<MeetingView> {
    this.assertLead(access);
    const missing: Record<string, string[]> = {};
    if (!dto.nextFollowUpDate) missing['nextFollowUpDate'] = ['the next follow-up date is required'];
    if (!dto.responsibleUserId) missing['responsibleUserId'] = ['who keeps the caseworker informed until then is required'];
    if (Object.keys(missing).length > 0) throw new DomainError('FollowUpDateRequired', missing);
    const next = dto.nextFollowUpDate!.slice(0, 10);
    const today = localDateOf(now);
    if (!isLocalDate(next) || compareDates(next, today) <= 0) throw new DomainError('ValidationFailed', { nextFollowUpDate: ['must be a date after today'] });
    await this.assertMember(access.case.id, dto.responsibleUserId!, 'responsibleUserId');

    const meeting = await this.require(access.case.id, meetingId, true);
    if (meeting.status === 'concluded') throw new DomainError('MeetingConcluded');
    if (meeting.status === 'cancelled') throw new DomainError('MeetingNotOpen');

    const due = await this.followUps.currentDue(access.case.id);
    const docName = meetingDocumentName(access.case.id, meetingId);
    const versionId = this.archive ? await this.archive.freeze(docName, `Referat godkendt ${today}`, actor.id) : null;
    await this.meetings.conclude(meetingId, next, dto.responsibleUserId!, actor.id, versionId);
    await this.followUpDates.recordFollowUp({ caseId: access.case.id, meetingId, dueDate: due, heldOn: today, onTime: wasOnTime(due, today) });
    await this.interventions.markFollowedUp(access.case.id, today);
    await this.followUpDates.setCaseDates(access.case.id, { nextFollowUpDate: next, agreedNextFollowUp: next, lastFollowUpDate: today, wellbeingContactId: dto.responsibleUserId! });
    await this.followUps.recompute(access.case.id);

    const participants = (await this.meetings.listParticipants(meetingId)).map((participant) => participant.userId).filter((id) => id !== actor.id);
    await this.notifications.notify(participants, access.case.id, 'meeting.concluded', { meetingId, nextFollowUpDate: next });
    this.accessChanged(access.case.id, meetingId);
    return this.view(await this.require(access.case.id, meetingId));
  }

  async addendum(actor: AuthUser, access: CaseAccess, meetingId: string, text: string): Promise<{ id: string; createdAt: string }> {
    const meeting = await this.requireParticipant(actor, access, meetingId);
    if (meeting.status !== 'concluded') throw new DomainError('MeetingNotOpen');
    if (!can(access.role, 'minutes', 'write')) throw new DomainError('Forbidden');
    const created = await this.meetings.addAddendum(meetingId, actor.id, text);
    return { id: created.id, createdAt: created.createdAt.toISOString() };
  }

  async listAddenda(actor: AuthUser, access: CaseAccess, meetingId: string): Promise<{ id: string; authorId: string; text: string; createdAt: string }[]> {
    await this.requireParticipant(actor, access, meetingId);
    return (await this.meetings.listAddenda(meetingId)).map((addendum) => ({ ...addendum, createdAt: addendum.createdAt.toISOString() }));
  }

  async invitation(actor: AuthUser, access: CaseAccess, meetingId: string): Promise<string> {
    return meetingInvitation(await this.requireParticipant(actor, access, meetingId), 'PUBLISH');
  }

  private accessChanged(caseId: string, meetingId: string): void {
    const docName = meetingDocumentName(caseId, meetingId);
    this.tx.afterCommit(() => this.events.emit('document.access_changed', { docName }));
  }
}
