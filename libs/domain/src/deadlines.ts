import { addMonths, compareDates, type LocalDate, localDateOf, minDate } from './dates.js';

/** Barnets lov § 95: the first follow-up at the latest three months after support started. */
export const FIRST_FOLLOW_UP_MONTHS = 3;

export interface InterventionDates {
  startDate: LocalDate;
  /** When an accompanying investigation (børnefaglig undersøgelse) ends, if there is one. */
  investigationEndDate: LocalDate | null;
  status: 'active' | 'adjusted' | 'ended';
}

/**
 * The first follow-up of an intervention: three months after it started, or when an accompanying
 * investigation ends, whichever is sooner.
 */
export function firstFollowUpDue(intervention: Pick<InterventionDates, 'startDate' | 'investigationEndDate'>): LocalDate {
  return minDate(addMonths(intervention.startDate, FIRST_FOLLOW_UP_MONTHS), intervention.investigationEndDate)!;
}

export interface CaseFollowUpState {
  /** The next follow-up date fixed at the last concluded meeting, if any. */
  agreedNextFollowUp: LocalDate | null;
  /** When the last follow-up meeting was held (concluded), if ever. */
  lastFollowUp: LocalDate | null;
  intervalMonths: number;
  interventions: InterventionDates[];
  /** When the case space was opened: the fallback start when no intervention is registered. */
  openedOn: LocalDate;
}

/**
 * When the case's next follow-up is due:
 * - before the first follow-up: the earliest § 95 deadline over its running interventions
 *   (or three months after the case opened, when none is registered);
 * - afterwards: the date agreed at the last meeting, but never later than the case's interval
 *   after that meeting; and never later than the § 95 deadline of an intervention that started
 *   after the last follow-up.
 */
export function nextFollowUpDue(state: CaseFollowUpState): LocalDate {
  const running = state.interventions.filter((intervention) => intervention.status !== 'ended');
  if (!state.lastFollowUp) {
    const firsts = running.map(firstFollowUpDue);
    return minDate(...firsts) ?? addMonths(state.openedOn, FIRST_FOLLOW_UP_MONTHS);
  }
  const last = state.lastFollowUp;
  const byInterval = addMonths(last, state.intervalMonths);
  const newSince = running.filter((intervention) => compareDates(intervention.startDate, last) > 0).map(firstFollowUpDue);
  return minDate(state.agreedNextFollowUp ?? byInterval, byInterval, ...newSince)!;
}

/** Overdue once the due day has passed in Copenhagen (due today is not overdue). */
export function isOverdue(due: LocalDate, now: Date): boolean {
  return isOverdueOn(due, localDateOf(now));
}

/** `isOverdue` for a caller that worked out today's Copenhagen date once (a list of many cases). */
export function isOverdueOn(due: LocalDate, today: LocalDate): boolean {
  return compareDates(today, due) > 0;
}

/** Whether a follow-up held on `heldOn` met its deadline. */
export function wasOnTime(due: LocalDate, heldOn: LocalDate): boolean {
  return compareDates(heldOn, due) <= 0;
}

export interface FollowUpOutcome {
  due: LocalDate;
  heldOn: LocalDate | null;
}

/**
 * The share of follow-ups due in [from, to] that were held on time — the figure national audits
 * report. A follow-up still not held counts as late once its day has passed; one not yet due does
 * not count. Null when nothing was due.
 *
 * A team leader's overview counts the same in SQL over the department's follow-ups
 * (`FollowUpsRepository.teamFigures`); the e2e test `team-overview` holds the two to the same answers.
 */
export function onTimeShare(outcomes: FollowUpOutcome[], from: LocalDate, to: LocalDate, now: Date): { onTime: number; total: number; share: number | null } {
  const today = localDateOf(now);
  let onTime = 0;
  let total = 0;
  for (const outcome of outcomes) {
    if (compareDates(outcome.due, from) < 0 || compareDates(outcome.due, to) > 0) continue;
    if (!outcome.heldOn && compareDates(outcome.due, today) >= 0) continue;
    total += 1;
    if (outcome.heldOn && wasOnTime(outcome.due, outcome.heldOn)) onTime += 1;
  }
  return { onTime, total, share: total === 0 ? null : onTime / total };
}
