import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@samraad/auth';
import { can, type GoalView, type ProgressSeries, SCALE_DEFINITIONS, type Scale } from '@samraad/domain';
import { type GoalRow, MeetingsRepository, ObservationsRepository, PlanRepository } from '@samraad/persistence';
import type { CaseAccess } from '../cases/case-access.service.js';
import { StatementsService } from '../statements/statements.service.js';

export type { GoalView, ProgressPoint, ProgressSeries } from '@samraad/domain';

export interface TimelineEntry {
  at: string;
  kind: 'meeting' | 'meeting_concluded' | 'observation' | 'statement' | 'goal_revision';
  id: string;
  title: string;
  detail: Record<string, unknown>;
}

/** The plan's relational read side: goals with revisions, progress series for charts, the timeline. */
@Injectable()
export class PlanService {
  constructor(
    private readonly plan: PlanRepository,
    private readonly meetings: MeetingsRepository,
    private readonly observations: ObservationsRepository,
    private readonly statements: StatementsService,
  ) {}

  async goals(access: CaseAccess): Promise<GoalView[]> {
    const [goals, revisions] = await Promise.all([this.plan.listGoals(access.case.id), this.plan.listRevisions(access.case.id)]);
    return goals.map((goal: GoalRow) => ({
      id: goal.id,
      title: goal.title,
      ownerId: goal.ownerId,
      status: goal.status,
      interventionIds: goal.interventionIds,
      revisions: revisions.filter((revision) => revision.goalId === goal.id).map((revision) => ({ title: revision.title, meetingId: revision.meetingId, revisedAt: revision.revisedAt.toISOString() })),
    }));
  }

  /** One series per goal and scale, one line per rater, points in meeting order — chart-ready. */
  async progress(access: CaseAccess): Promise<ProgressSeries[]> {
    const [ratings, goals] = await Promise.all([this.plan.listRatings(access.case.id), this.plan.listGoals(access.case.id)]);
    const titles = new Map(goals.map((goal) => [goal.id, goal.title]));
    const series = new Map<string, ProgressSeries>();
    for (const rating of ratings) {
      const key = `${rating.goalId ?? ''}|${rating.scale}`;
      let entry = series.get(key);
      if (!entry) {
        const definition = SCALE_DEFINITIONS[rating.scale as Scale];
        entry = { goalId: rating.goalId, goalTitle: rating.goalId ? (titles.get(rating.goalId) ?? null) : null, scale: rating.scale, min: definition.min, max: definition.max, cutoff: definition.cutoff, anchors: definition.anchors, raters: [] };
        series.set(key, entry);
      }
      let rater = entry.raters.find((candidate) => candidate.raterId === rating.raterId);
      if (!rater) {
        rater = { raterId: rating.raterId, raterName: rating.raterName, raterRole: rating.raterRole, points: [] };
        entry.raters.push(rater);
      }
      rater.points.push({ meetingId: rating.meetingId, date: new Date(rating.meetingStartsAt).toISOString(), value: rating.value });
    }
    return [...series.values()];
  }

  async actions(access: CaseAccess): Promise<{ meetingId: string; id: string; text: string; ownerId: string | null; dueDate: string | null; done: boolean }[]> {
    return (await this.plan.listActions(access.case.id)).map(({ meetingId, id, text, ownerId, dueDate, done }) => ({ meetingId, id, text, ownerId, dueDate, done }));
  }

  /**
   * Meetings, observations, statements and plan changes, newest first, as the caller may see them.
   * Meetings, observations and statements are read as the timeline shows them (not their content),
   * their times as ISO text, and the reads run side by side.
   */
  async timeline(user: AuthUser, access: CaseAccess): Promise<TimelineEntry[]> {
    const caseId = access.case.id;
    const lead = access.role === 'caseworker' || access.role === 'team_leader';
    const [mine, meetings, observations, statements, revisions] = await Promise.all([
      lead ? null : this.meetings.participatingMeetingIds(caseId, user.id),
      this.meetings.timelineForCase(caseId),
      can(access.role, 'observations', 'read') ? this.observations.timelineForCase(caseId) : [],
      can(access.role, 'statements', 'read') ? this.statements.timeline(user, access) : [],
      can(access.role, 'plan', 'read') ? this.plan.listRevisions(caseId) : [],
    ]);
    const entries: TimelineEntry[] = [];
    for (const meeting of meetings) {
      if (mine && !mine.has(meeting.id)) continue;
      entries.push({ at: meeting.startsAt, kind: 'meeting', id: meeting.id, title: meeting.title, detail: { status: meeting.status } });
      if (meeting.concludedAt) entries.push({ at: meeting.concludedAt, kind: 'meeting_concluded', id: meeting.id, title: meeting.title, detail: { nextFollowUpDate: meeting.nextFollowUpDate } });
    }
    for (const observation of observations) {
      entries.push({ at: observation.createdAt, kind: 'observation', id: observation.id, title: observation.authorName, detail: { kind: observation.kind, area: observation.area, observedOn: observation.observedOn } });
    }
    for (const statement of statements) {
      entries.push({ at: statement.submittedAt, kind: 'statement', id: statement.id, title: statement.authorName, detail: { version: statement.version, late: statement.submittedLate } });
    }
    for (const revision of revisions) {
      entries.push({ at: revision.revisedAt.toISOString(), kind: 'goal_revision', id: revision.goalId, title: revision.title, detail: { meetingId: revision.meetingId } });
    }
    return entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  }
}
