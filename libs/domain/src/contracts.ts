import type { CaseRole } from './roles.js';

/**
 * Wire shapes that the api sends and the web app reads, written once. Type-only: they vanish
 * at run time, so the web app can import them without pulling server code.
 */

// Live meeting room (Socket.IO) ----------------------------------------------------------------

export type TimerStatus = 'stopped' | 'running' | 'paused';

export interface TimerState {
  status: TimerStatus;
  durationMs: number;
  /** Remaining when stopped or paused; when running, compute `endsAt - now`. */
  remainingMs: number;
  startedAt: string | null;
  endsAt: string | null;
  by: string | null;
  at: string | null;
}

export interface ReflectionState {
  active: boolean;
  /** Suggested length of the pause, when the one who asked for it gave one. */
  durationMs: number | null;
  by: string | null;
  byName: string | null;
  at: string | null;
}

export interface RaisedHand {
  userId: string;
  displayName: string;
  role: CaseRole;
  raisedAt: string;
}

// Plan: goals and progress charts (REST) -------------------------------------------------------

export interface GoalView {
  id: string;
  title: string;
  ownerId: string | null;
  status: string;
  interventionIds: string[];
  revisions: { title: string; meetingId: string | null; revisedAt: string }[];
}

export interface ProgressPoint {
  meetingId: string;
  date: string;
  value: number;
}

export interface ProgressRater {
  raterId: string;
  raterName: string;
  raterRole: string;
  points: ProgressPoint[];
}

/** One chart: a goal (none for the SRS session rating) on one scale, one line per rater. */
export interface ProgressSeries {
  goalId: string | null;
  goalTitle: string | null;
  scale: string;
  min: number;
  max: number;
  cutoff: number | null;
  anchors: { low: string; high: string };
  raters: ProgressRater[];
}
