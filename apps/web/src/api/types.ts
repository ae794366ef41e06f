import type { CaseRole, UserRole } from '@samraad/domain';

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  role: UserRole;
  municipalityId: string;
  organisationId: string | null;
  locale: string;
}

export interface SessionResponse {
  accessToken: string;
  expiresIn: number;
  user: SessionUser;
}

/**
 * A case as GET /api/cases and GET /api/cases/:id return it.
 */
export interface CaseSummary {
  id: string;
  childName: string;
  childBirthDate: string | null;
  childBirthYear: number | null;
  ownerId: string;
  organisationId: string;
  followUpIntervalMonths: number;
  myRole: CaseRole;
  createdAt: string;
  updatedAt: string;
  /** The next follow-up is due on this day; `overdue` once it has passed (Copenhagen time). */
  nextFollowUpDate: string | null;
  overdue: boolean;
}

export interface Member {
  userId: string;
  displayName: string;
  email: string;
  organisationId: string | null;
  role: CaseRole;
  isOwner: boolean;
  addedAt: string;
}

export interface DirectoryUser {
  id: string;
  email: string;
  displayName: string;
  role: UserRole;
  organisationId: string | null;
}

export interface AuditEntry {
  seq: string;
  at: string;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  resource: string | null;
  outcome: string;
  detail: Record<string, string | number | boolean | null>;
}

export interface Meeting {
  id: string;
  caseId?: string;
  title?: string | null;
  startsAt?: string | null;
  scheduledAt?: string | null;
  status?: string | null;
  durationMinutes?: number;
  concludedAt?: string | null;
  nextFollowUpDate?: string | null;
  participants?: { userId: string; displayName: string; caseRole: string; contribution: string | null; confirmed: boolean }[];
}

export interface ApiErrorBody {
  error?: { code?: string; message?: string; fields?: Record<string, string[]> };
}

/** GET /api/overview: the start page's figures, per role. */
export interface OverviewCase {
  caseId: string;
  childName: string;
  ownerName: string;
  nextFollowUpDate: string | null;
  overdue: boolean;
  lastFollowUpDate: string | null;
  openStatementRequests: number;
  overdueStatementRequests: number;
  openConcerns: number;
  nextMeeting: { id: string; startsAt: string } | null;
}

export interface OverviewStatementRequest {
  id: string;
  caseId: string;
  childName: string;
  dueDate: string;
  overdue: boolean;
  meetingId: string | null;
}

export interface Overview {
  role: string;
  today: string;
  /** By next follow-up: all of the user's cases, or the page asked for with `limit` and `offset`. */
  cases: OverviewCase[];
  /** How many cases the overview has in all. */
  casesTotal: number;
  myStatementRequests: OverviewStatementRequest[];
  team: { from: string; to: string; onTime: number; total: number; share: number | null; overdueCases: number; caseworkers: number } | null;
}

export interface AppNotification {
  id: string;
  caseId: string | null;
  type: string;
  payload: Record<string, unknown>;
  createdAt: string;
  read?: boolean;
}

export type MeetingStatus = 'planned' | 'in_progress' | 'concluded' | 'cancelled';

/** GET /api/cases/:id/meetings/:mid */
export interface MeetingDetail {
  id: string;
  caseId: string;
  title: string;
  startsAt: string;
  durationMinutes: number;
  location: string | null;
  onlineUrl: string | null;
  childTimeBudgetMinutes: number | null;
  status: MeetingStatus;
  startedAt: string | null;
  documentName: string;
  nextFollowUpDate: string | null;
  responsibleUserId: string | null;
  minutesVersionId: string | null;
  concludedAt: string | null;
  participants: { userId: string; displayName: string; caseRole: string; contribution: string | null; confirmed: boolean }[];
}

export interface AgendaItemView {
  id: string;
  title: string;
  status: 'proposed' | 'accepted' | 'declined';
  position: number;
  minutesBudget: number | null;
  proposedBy: string;
  proposedByRole: string;
  statementId: string | null;
}

export interface AgendaResponse {
  items: AgendaItemView[];
  suggestions: unknown[];
}

export interface RatingView {
  id: string;
  goalId: string | null;
  raterId: string;
  raterName: string;
  raterRole: string;
  scale: string;
  value: number;
  subscales: number[] | null;
}

export interface RateableGoal {
  id: string;
  title: string;
  ownerId: string | null;
  status: string;
  interventionIds: string[];
  revisions: { title: string; meetingId: string | null; revisedAt: string }[];
}

export type ObservationKind = 'resource' | 'concern' | 'neutral';
export const EVERYDAY_AREAS = ['school', 'leisure', 'daily_routines', 'home', 'health', 'friendships'] as const;
export type EverydayArea = (typeof EVERYDAY_AREAS)[number];

export interface ObservationView {
  id: string;
  caseId: string;
  authorId: string;
  authorName: string;
  authorOrganisationId: string | null;
  observedOn: string;
  area: EverydayArea | null;
  goalId: string | null;
  kind: ObservationKind;
  text: string;
  needsFollowUp: boolean;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  createdAt: string;
}
