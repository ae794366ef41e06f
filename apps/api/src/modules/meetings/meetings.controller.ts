import { Body, Controller, Delete, Get, Header, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '@samraad/auth';
import { DomainError } from '@samraad/domain';
import type { SuggestionRow } from '@samraad/persistence';
import type { CaseAccess } from '../cases/case-access.service.js';
import { CaseScoped, CurrentCase } from '../cases/case-scoped.decorator.js';
import { type AgendaItemView, AgendaService } from './agenda.service.js';
import {
  AddendumDto,
  ConcludeMeetingDto,
  ConfirmParticipationDto,
  CreateMeetingDto,
  DecisionDto,
  MoveAgendaItemDto,
  ParticipantInputDto,
  ProposeAgendaItemDto,
  RateDto,
  SuggestParticipantDto,
  UpdateMeetingDto,
} from './dto/meeting.dto.js';
import { type MeetingView, MeetingsService } from './meetings.service.js';
import { type RatingView, RatingsService } from './ratings.service.js';

const meetingId = new ParseUUIDPipe({ exceptionFactory: () => new DomainError('MeetingNotFound') });
const itemId = new ParseUUIDPipe({ exceptionFactory: () => new DomainError('AgendaItemNotFound') });
const suggestionId = new ParseUUIDPipe({ exceptionFactory: () => new DomainError('SuggestionNotFound') });
const userId = new ParseUUIDPipe({ exceptionFactory: () => new DomainError('MemberNotFound') });

@ApiTags('meetings')
@ApiBearerAuth()
@Controller('cases/:caseId/meetings')
export class MeetingsController {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly agenda: AgendaService,
    private readonly ratings: RatingsService,
  ) {}

  @Get()
  @CaseScoped('meetings', 'read', 'meeting.list')
  list(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess): Promise<MeetingView[]> {
    return this.meetings.list(user, access);
  }

  @Post()
  @CaseScoped('meetings', 'write', 'meeting.schedule')
  schedule(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess, @Body() dto: CreateMeetingDto): Promise<MeetingView> {
    return this.meetings.schedule(user, access, dto);
  }

  @Get(':meetingId')
  @CaseScoped('meetings', 'read', 'meeting.read')
  get(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess, @Param('meetingId', meetingId) id: string): Promise<MeetingView> {
    return this.meetings.get(user, access, id);
  }

  @Patch(':meetingId')
  @CaseScoped('meetings', 'write', 'meeting.update')
  update(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess, @Param('meetingId', meetingId) id: string, @Body() dto: UpdateMeetingDto): Promise<MeetingView> {
    return this.meetings.update(user, access, id, dto);
  }

  @Post(':meetingId/participants')
  @CaseScoped('meetings', 'write', 'meeting.participant.add')
  addParticipant(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess, @Param('meetingId', meetingId) id: string, @Body() dto: ParticipantInputDto): Promise<MeetingView> {
    return this.meetings.addParticipant(user, access, id, dto.userId, dto.contribution);
  }

  @Delete(':meetingId/participants/:userId')
  @HttpCode(204)
  @CaseScoped('meetings', 'write', 'meeting.participant.remove')
  removeParticipant(@CurrentCase() access: CaseAccess, @Param('meetingId', meetingId) id: string, @Param('userId', userId) participantId: string): Promise<void> {
    return this.meetings.removeParticipant(access, id, participantId);
  }

  /** A participant confirms they know their role in the meeting. */
  @Post(':meetingId/confirmation')
  @HttpCode(200)
  @CaseScoped('meetings', 'read', 'meeting.confirm')
  confirm(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess, @Param('meetingId', meetingId) id: string, @Body() dto: ConfirmParticipationDto): Promise<MeetingView> {
    return this.meetings.confirm(user, access, id, dto.contribution);
  }

  @Post(':meetingId/start')
  @HttpCode(200)
  @CaseScoped('meetings', 'write', 'meeting.start')
  start(@CurrentCase() access: CaseAccess, @Param('meetingId', meetingId) id: string): Promise<MeetingView> {
    return this.meetings.start(access, id);
  }

  /** Refused without the next follow-up date and the responsible person; freezes the minutes. */
  @Post(':meetingId/conclude')
  @HttpCode(200)
  @CaseScoped('meetings', 'write', 'meeting.conclude')
  conclude(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess, @Param('meetingId', meetingId) id: string, @Body() dto: ConcludeMeetingDto): Promise<MeetingView> {
    return this.meetings.conclude(user, access, id, dto);
  }

  @Get(':meetingId/invitation.ics')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @ApiProduces('text/calendar')
  @CaseScoped('meetings', 'read', 'meeting.invitation')
  invitation(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess, @Param('meetingId', meetingId) id: string): Promise<string> {
    return this.meetings.invitation(user, access, id);
  }

  @Get(':meetingId/agenda')
  @CaseScoped('meetings', 'read', 'agenda.read')
  listAgenda(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess, @Param('meetingId', meetingId) id: string): Promise<{ items: AgendaItemView[]; suggestions: SuggestionRow[] }> {
    return this.agenda.list(user, access, id);
  }

  /** Any participant proposes an item; the caseworker's own are accepted at once. */
  @Post(':meetingId/agenda')
  @CaseScoped('meetings', 'read', 'agenda.propose')
  propose(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess, @Param('meetingId', meetingId) id: string, @Body() dto: ProposeAgendaItemDto): Promise<AgendaItemView> {
    return this.agenda.propose(user, access, id, dto);
  }

  @Post(':meetingId/agenda/:itemId/decision')
  @HttpCode(200)
  @CaseScoped('meetings', 'write', 'agenda.decide')
  decide(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess, @Param('meetingId', meetingId) id: string, @Param('itemId', itemId) item: string, @Body() dto: DecisionDto): Promise<AgendaItemView> {
    return this.agenda.decide(user, access, id, item, dto.decision);
  }

  @Post(':meetingId/agenda/:itemId/position')
  @HttpCode(200)
  @CaseScoped('meetings', 'write', 'agenda.move')
  move(@CurrentCase() access: CaseAccess, @Param('meetingId', meetingId) id: string, @Param('itemId', itemId) item: string, @Body() dto: MoveAgendaItemDto): Promise<AgendaItemView> {
    return this.agenda.move(access, id, item, dto.position);
  }

  @Post(':meetingId/participant-suggestions')
  @CaseScoped('meetings', 'read', 'meeting.participant.suggest')
  suggest(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess, @Param('meetingId', meetingId) id: string, @Body() dto: SuggestParticipantDto): Promise<SuggestionRow> {
    return this.agenda.suggestParticipant(user, access, id, dto);
  }

  @Post(':meetingId/participant-suggestions/:suggestionId/decision')
  @HttpCode(200)
  @CaseScoped('meetings', 'write', 'meeting.participant.decide')
  decideSuggestion(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess, @Param('meetingId', meetingId) id: string, @Param('suggestionId', suggestionId) suggestion: string, @Body() dto: DecisionDto): Promise<SuggestionRow> {
    return this.agenda.decideSuggestion(user, access, id, suggestion, dto.decision);
  }

  @Get(':meetingId/ratings')
  @CaseScoped('meetings', 'read', 'rating.list')
  listRatings(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess, @Param('meetingId', meetingId) id: string): Promise<RatingView[]> {
    return this.ratings.list(user, access, id);
  }

  /** The signed-in participant rates a goal (or the session, SRS). */
  @Post(':meetingId/ratings')
  @CaseScoped('meetings', 'read', 'rating.create')
  rate(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess, @Param('meetingId', meetingId) id: string, @Body() dto: RateDto): Promise<RatingView> {
    return this.ratings.rate(user, access, id, dto);
  }

  @Get(':meetingId/addenda')
  @CaseScoped('minutes', 'read', 'minutes.addendum.list')
  listAddenda(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess, @Param('meetingId', meetingId) id: string): Promise<{ id: string; authorId: string; text: string; createdAt: string }[]> {
    return this.meetings.listAddenda(user, access, id);
  }

  /** Corrections to signed-off minutes are addenda; the record itself stays as it was. */
  @Post(':meetingId/addenda')
  @CaseScoped('minutes', 'write', 'minutes.addendum.create')
  addAddendum(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess, @Param('meetingId', meetingId) id: string, @Body() dto: AddendumDto): Promise<{ id: string; createdAt: string }> {
    return this.meetings.addendum(user, access, id, dto.text);
  }
}
