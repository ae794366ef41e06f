/** Response shapes of the plan, intervention, statement, timeline and assessment routes. */

export type { GoalView as GoalWithHistory, ProgressPoint, ProgressRater, ProgressSeries } from '@samraad/domain';

export interface Intervention {
  id: string;
  caseId: string;
  title: string;
  purpose: string;
  providerOrganisationId: string | null;
  startDate: string;
  investigationEndDate: string | null;
  status: 'active' | 'adjusted' | 'ended';
  statusReason: string | null;
  endedOn: string | null;
  lastFollowUpDate: string | null;
  firstFollowUpDue: string;
  followUpOverdue: boolean;
}

export interface StatementRequest {
  id: string;
  authorId: string;
  authorName: string;
  meetingId: string | null;
  dueDate: string;
  note: string | null;
  status: string;
  overdue: boolean;
}

export interface StatementGoalEntry {
  goalId: string;
  change: string;
  rating: number | null;
  examples: string;
}

export interface Statement {
  id: string;
  requestId: string | null;
  meetingId: string | null;
  authorId: string;
  authorName: string;
  version: number;
  previousId: string | null;
  goalEntries: StatementGoalEntry[];
  freeText: string;
  reviewedWithFamily: boolean;
  sharedWithMembers: boolean;
  submittedAt: string;
  submittedLate: boolean;
  superseded: boolean;
}

export interface TimelineEntry {
  at: string;
  kind: 'meeting' | 'meeting_concluded' | 'observation' | 'statement' | 'goal_revision';
  id: string;
  title: string;
  detail: Record<string, unknown>;
}

export interface Assessment {
  id: string;
  meetingId: string;
  documentName: string;
  investigationUpdateNeeded: boolean | null;
  interventionDecisions: { interventionId: string; decision: 'continue' | 'adjust' | 'end'; reason: string | null }[];
}

export interface SharedAssessment {
  id: string;
  meetingId: string;
  sharedAt: string;
  markdown: string;
}
