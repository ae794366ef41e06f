import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@samraad/auth';
import { can, type GoalView, type ProgressSeries, SCALE_DEFINITIONS, type Scale } from '@samraad/domain';
import { type GoalRow, PlanRepository, TimelineRepository } from '@samraad/persistence';
import type { CaseAccess } from '../cases/case-access.service.js';
import { StatementsService } from '../statements/statements.service.js';

export type { GoalView, ProgressPoint, ProgressSeries } from '@samraad/domain';

/** An entry of a case's timeline, as `GET /cases/:caseId/timeline` sends it (TimelineRepository writes it). */
export interface TimelineEntry {
  /** As `Date.toISOString` writes it. */
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
    private readonly timelines: TimelineRepository,
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
   * Meetings (all of them for the case's lead, otherwise those the caller takes part in),
   * observations, statements and plan changes, newest first, as the caller may see them: a JSON
   * array of `TimelineEntry`, written by the database in one statement (not their content).
   */
  timeline(user: AuthUser, access: CaseAccess): Promise<string> {
    const lead = access.role === 'caseworker' || access.role === 'team_leader';
    return this.timelines.forCase({
      caseId: access.case.id,
      meetings: lead ? 'all' : { participant: user.id },
      observations: can(access.role, 'observations', 'read'),
      statements: can(access.role, 'statements', 'read') ? this.statements.visibility(user, access.role) : null,
      revisions: can(access.role, 'plan', 'read'),
    });
  }
}
