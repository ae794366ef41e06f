import { Controller, Get, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '@samraad/auth';
import type { CaseAccess } from '../cases/case-access.service.js';
import { CaseScoped, CurrentCase } from '../cases/case-scoped.decorator.js';
import { type GoalView, PlanService, type ProgressSeries } from './plan.service.js';

@ApiTags('plan')
@ApiBearerAuth()
@Controller('cases/:caseId')
export class PlanController {
  constructor(private readonly plan: PlanService) {}

  /** The plan's goals with their revision history (projected from the plan document). */
  @Get('goals')
  @CaseScoped('plan', 'read', 'plan.goals.read')
  goals(@CurrentCase() access: CaseAccess): Promise<GoalView[]> {
    return this.plan.goals(access);
  }

  /** Ratings per goal and rater over meetings, with the scale's anchors and cut-off, for charts. */
  @Get('progress')
  @CaseScoped('plan', 'read', 'plan.progress.read')
  progress(@CurrentCase() access: CaseAccess): Promise<ProgressSeries[]> {
    return this.plan.progress(access);
  }

  @Get('actions')
  @CaseScoped('minutes', 'read', 'plan.actions.read')
  actions(@CurrentCase() access: CaseAccess) {
    return this.plan.actions(access);
  }

  /** Meetings, observations, statements and goal revisions, newest first, as the caller may see them. */
  @Get('timeline')
  @CaseScoped('case', 'read', 'case.timeline.read')
  // The service sends the JSON the database wrote (a `TimelineEntry[]`, see plan.service.ts).
  @Header('Content-Type', 'application/json; charset=utf-8')
  @ApiOkResponse({ description: 'TimelineEntry[]: at, kind (meeting, meeting_concluded, observation, statement, goal_revision), id, title, detail' })
  timeline(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess): Promise<string> {
    return this.plan.timeline(user, access);
  }
}
