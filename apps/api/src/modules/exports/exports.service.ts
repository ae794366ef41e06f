import { Inject, Injectable, Optional } from '@nestjs/common';
import type { AuthUser } from '@samraad/auth';
import { can, DomainError, localDateOf } from '@samraad/domain';
import { CasesRepository, InterventionsRepository, MeetingsRepository, ObservationsRepository, PlanRepository, UsersRepository } from '@samraad/persistence';
import type { CaseAccess } from '../cases/case-access.service.js';
import { MeetingsService } from '../meetings/meetings.service.js';
import { MINUTES_ARCHIVE, type MinutesArchive } from '../meetings/minutes-archive.js';
import { StatementsService } from '../statements/statements.service.js';
import { markdownToPdf } from './minutes-document.js';

const timeFormat = new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', dateStyle: 'long', timeStyle: 'short' });

/**
 * Case records out of Samråd: the signed-off minutes as Markdown or PDF for the municipality's
 * case system, and a whole case as JSON for the family's right of access. Each export is audited
 * by the route that serves it.
 */
@Injectable()
export class ExportsService {
  constructor(
    private readonly meetings: MeetingsRepository,
    private readonly meetingsService: MeetingsService,
    private readonly plan: PlanRepository,
    private readonly users: UsersRepository,
    private readonly cases: CasesRepository,
    private readonly interventions: InterventionsRepository,
    private readonly observations: ObservationsRepository,
    private readonly statements: StatementsService,
    @Optional() @Inject(MINUTES_ARCHIVE) private readonly archive: MinutesArchive | null,
  ) {}

  /** The signed-off record: agenda, attendees, minutes, decisions and actions, ratings, next follow-up, addenda. */
  async minutesMarkdown(user: AuthUser, access: CaseAccess, meetingId: string): Promise<{ markdown: string; title: string }> {
    const meeting = await this.meetingsService.requireParticipant(user, access, meetingId);
    if (meeting.status !== 'concluded' || !meeting.minutesVersionId) throw new DomainError('MeetingNotOpen');
    const [participants, agenda, ratings, actions, addenda] = await Promise.all([
      this.meetings.listParticipants(meetingId),
      this.meetings.listAgenda(meetingId),
      this.plan.listRatings(access.case.id, meetingId),
      this.plan.listActions(access.case.id),
      this.meetings.listAddenda(meetingId),
    ]);
    const goals = new Map((await this.plan.listGoals(access.case.id)).map((goal) => [goal.id, goal.title]));
    const responsible = meeting.responsibleUserId ? await this.users.findById(meeting.responsibleUserId) : null;
    const document = (await this.archive?.readMarkdown(meeting.minutesVersionId)) ?? '';
    const title = `${meeting.title} – ${access.case.childName}`;
    const lines = [
      `# ${title}`,
      '',
      `**Tidspunkt:** ${timeFormat.format(meeting.startsAt)}${meeting.location ? ` · ${meeting.location}` : ''}`,
      `**Referat godkendt:** ${meeting.concludedAt ? timeFormat.format(meeting.concludedAt) : ''}`,
      '',
      '## Deltagere',
      ...participants.map((participant) => `- ${participant.displayName}${participant.caseRole ? ` (${participant.caseRole})` : ''}${participant.contribution ? `: ${participant.contribution}` : ''}`),
      '',
      '## Dagsorden',
      ...agenda.filter((item) => item.status === 'accepted').map((item) => `- ${item.title}`),
      '',
      document.trim(),
      '',
      '## Handlinger',
      ...actions.filter((action) => action.meetingId === meetingId).map((action) => `- ${action.text}${action.dueDate ? ` (frist ${action.dueDate})` : ''}${action.done ? ' ✓' : ''}`),
      '',
      '## Vurderinger',
      ...ratings.map((rating) => `- ${rating.goalId ? (goals.get(rating.goalId) ?? rating.goalId) : 'Mødet (SRS)'}: ${rating.raterName} (${rating.raterRole}) ${rating.scale} ${rating.value}`),
      '',
      '## Næste opfølgning',
      `- Dato: ${meeting.nextFollowUpDate ?? ''}`,
      `- Holder sagsbehandleren orienteret om barnets trivsel: ${responsible?.displayName ?? ''}`,
      ...(addenda.length > 0 ? ['', '## Tilføjelser', ...addenda.map((addendum) => `- ${localDateOf(addendum.createdAt)}: ${addendum.text}`)] : []),
      '',
    ];
    return { markdown: lines.join('\n'), title };
  }

  async minutesPdf(user: AuthUser, access: CaseAccess, meetingId: string): Promise<Buffer> {
    const { markdown, title } = await this.minutesMarkdown(user, access, meetingId);
    return markdownToPdf(markdown, title);
  }

  /** Everything in the case the caller may see, for the right of access (GDPR Art. 15). */
  async caseExport(user: AuthUser, access: CaseAccess): Promise<Record<string, unknown>> {
    const visibleMeetings = await this.meetingsService.list(user, access);
    const meetings = [];
    for (const meeting of visibleMeetings) {
      meetings.push({ ...meeting, agenda: await this.meetings.listAgenda(meeting.id), addenda: await this.meetings.listAddenda(meeting.id) });
    }
    return {
      exportedAt: new Date().toISOString(),
      case: { id: access.case.id, childName: access.case.childName, childBirthDate: access.case.childBirthDate, childBirthYear: access.case.childBirthYear },
      members: (await this.cases.listMembers(access.case.id)).map((member) => ({ displayName: member.displayName, role: member.role })),
      meetings,
      goals: can(access.role, 'plan', 'read') ? await this.plan.listGoals(access.case.id) : [],
      interventions: can(access.role, 'plan', 'read') ? await this.interventions.listForCase(access.case.id) : [],
      ratings: can(access.role, 'plan', 'read') ? await this.plan.listRatings(access.case.id) : [],
      observations: can(access.role, 'observations', 'read') ? await this.observations.listForCase(access.case.id) : [],
      statements: can(access.role, 'statements', 'read') ? await this.statements.list(user, access) : [],
    };
  }
}
