import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '@samraad/auth';
import type { CaseAccess } from '../cases/case-access.service.js';
import { CaseScoped, CurrentCase } from '../cases/case-scoped.decorator.js';
import { type GoalView, PlanService, type ProgressSeries, type TimelineEntry } from './plan.service.js';

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

  @Get('timeline')
  @CaseScoped('case', 'read', 'case.timeline.read')
  timeline(@CurrentUser() user: AuthUser, @CurrentCase() access: CaseAccess): Promise<TimelineEntry[]> {
    return this.plan.timeline(user, access);
  }
}
