import { AssessmentsRepository } from './assessments.repository.js';
import { FollowUpsRepository } from './follow-ups.repository.js';
import { InterventionsRepository } from './interventions.repository.js';
import { MeetingsRepository } from './meetings.repository.js';
import { NotificationsRepository } from './notifications.repository.js';
import { ObservationsRepository } from './observations.repository.js';
import { PlanRepository } from './plan.repository.js';
import { StatementsRepository } from './statements.repository.js';
import { TimelineRepository } from './timeline.repository.js';

export * from './assessments.repository.js';
export * from './follow-ups.repository.js';
export * from './interventions.repository.js';
export * from './meetings.repository.js';
export * from './notifications.repository.js';
export * from './observations.repository.js';
export * from './plan.repository.js';
export * from './statements.repository.js';
export * from './timeline.repository.js';

export const WORKFLOW_REPOSITORIES = [
  AssessmentsRepository,
  FollowUpsRepository,
  InterventionsRepository,
  MeetingsRepository,
  NotificationsRepository,
  ObservationsRepository,
  PlanRepository,
  StatementsRepository,
  TimelineRepository,
];
