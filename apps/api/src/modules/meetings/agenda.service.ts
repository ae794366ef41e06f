import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@samraad/auth';
import { DomainError } from '@samraad/domain';
import { type AgendaItemRow, MeetingsRepository, type SuggestionRow } from '@samraad/persistence';
import type { CaseAccess } from '../cases/case-access.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import type { ProposeAgendaItemDto, SuggestParticipantDto } from './dto/meeting.dto.js';
import { isCaseLead, MeetingsService } from './meetings.service.js';

export interface AgendaItemView {
  id: string;
  title: string;
  status: AgendaItemRow['status'];
  position: number;
  minutesBudget: number | null;
  proposedBy: string;
  proposedByRole: string;
  statementId: string | null;
}

function toView(row: AgendaItemRow): AgendaItemView {
  return { id: row.id, title: row.title, status: row.status, position: row.position, minutesBudget: row.minutesBudget, proposedBy: row.proposedBy, proposedByRole: row.proposedByRole, statementId: row.statementId };
}

/**
 * The agenda is prepared with the family (Anbefaling 17, step 1): participants — the parents and
 * the child above all — propose items and who should take part; the caseworker accepts or
 * declines. The caseworker's own items are accepted at once.
 */
@Injectable()
export class AgendaService {
  constructor(
    private readonly meetings: MeetingsRepository,
    private readonly meetingsService: MeetingsService,
    private readonly notifications: NotificationsService,
  ) {}

  async list(user: AuthUser, access: CaseAccess, meetingId: string): Promise<{ items: AgendaItemView[]; suggestions: SuggestionRow[] }> {
    await this.meetingsService.requireParticipant(user, access, meetingId);
    const items = (await this.meetings.listAgenda(meetingId)).map(toView);
    const suggestions = isCaseLead(access.role) || access.role === 'team_leader' ? await this.meetings.listSuggestions(meetingId) : (await this.meetings.listSuggestions(meetingId)).filter((s) => s.proposedBy === user.id);
    return { items, suggestions };
  }

  async propose(user: AuthUser, access: CaseAccess, meetingId: string, dto: ProposeAgendaItemDto): Promise<AgendaItemView> {
    const meeting = await this.meetingsService.requireParticipant(user, access, meetingId);
    if (meeting.status === 'concluded' || meeting.status === 'cancelled') throw new DomainError('MeetingConcluded');
    const lead = isCaseLead(access.role);
    const item = await this.meetings.addAgendaItem({
      meetingId,
      title: dto.title,
      proposedBy: user.id,
      proposedByRole: access.role,
      status: lead ? 'accepted' : 'proposed',
      minutesBudget: dto.minutesBudget ?? null,
      statementId: null,
    });
    if (!lead) await this.notifications.notify([access.case.ownerId], access.case.id, 'agenda.proposed', { meetingId, agendaItemId: item.id });
    return toView(item);
  }

  async decide(user: AuthUser, access: CaseAccess, meetingId: string, itemId: string, decision: 'accepted' | 'declined'): Promise<AgendaItemView> {
    if (!isCaseLead(access.role)) throw new DomainError('Forbidden');
    const meeting = await this.meetingsService.require(access.case.id, meetingId);
    if (meeting.status === 'concluded') throw new DomainError('MeetingConcluded');
    const item = await this.meetings.findAgendaItem(meetingId, itemId);
    if (!item) throw new DomainError('AgendaItemNotFound');
    await this.meetings.decideAgendaItem(itemId, decision, user.id);
    return toView((await this.meetings.findAgendaItem(meetingId, itemId))!);
  }

  async move(access: CaseAccess, meetingId: string, itemId: string, position: number): Promise<AgendaItemView> {
    if (!isCaseLead(access.role)) throw new DomainError('Forbidden');
    await this.meetingsService.require(access.case.id, meetingId);
    if (!(await this.meetings.findAgendaItem(meetingId, itemId))) throw new DomainError('AgendaItemNotFound');
    await this.meetings.moveAgendaItem(itemId, position);
    return toView((await this.meetings.findAgendaItem(meetingId, itemId))!);
  }

  /** A received status statement is put on the agenda of the meeting it was written for. */
  async attachStatement(meetingId: string, statementId: string, authorId: string, authorRole: string, authorName: string): Promise<void> {
    await this.meetings.addAgendaItem({ meetingId, title: `Statusudtalelse: ${authorName}`, proposedBy: authorId, proposedByRole: authorRole, status: 'accepted', minutesBudget: null, statementId });
  }

  async suggestParticipant(user: AuthUser, access: CaseAccess, meetingId: string, dto: SuggestParticipantDto): Promise<SuggestionRow> {
    if (!dto.userId && !dto.name) throw new DomainError('ValidationFailed', { userId: ['give a case member or a name'] });
    const meeting = await this.meetingsService.requireParticipant(user, access, meetingId);
    if (meeting.status === 'concluded' || meeting.status === 'cancelled') throw new DomainError('MeetingConcluded');
    return this.meetings.addSuggestion({ meetingId, suggestedUserId: dto.userId ?? null, suggestedName: dto.name ?? null, reason: dto.reason ?? null, proposedBy: user.id });
  }

  /** Accepting a suggested member makes them a participant; a named outsider is noted for the caseworker to invite. */
  async decideSuggestion(user: AuthUser, access: CaseAccess, meetingId: string, suggestionId: string, decision: 'accepted' | 'declined'): Promise<SuggestionRow> {
    if (!isCaseLead(access.role)) throw new DomainError('Forbidden');
    await this.meetingsService.require(access.case.id, meetingId);
    const suggestion = await this.meetings.findSuggestion(meetingId, suggestionId);
    if (!suggestion) throw new DomainError('SuggestionNotFound');
    await this.meetings.decideSuggestion(suggestionId, decision, user.id);
    if (decision === 'accepted' && suggestion.suggestedUserId) await this.meetingsService.addParticipant(user, access, meetingId, suggestion.suggestedUserId, undefined);
    return (await this.meetings.findSuggestion(meetingId, suggestionId))!;
  }
}
