import { type LocalDate, localDateOf } from '@samraad/domain';

const HOUR_MS = 3_600_000;
let memo: { hour: number; date: LocalDate } | null = null;

/**
 * `localDateOf(now)` (the Copenhagen calendar date) for code that asks on every request.
 * (localDateOf used to build an Intl.DateTimeFormat per call, ~0.1 ms; it now keeps one per zone,
 * but formatting still costs a few µs that one answer per hour saves.)
 * Copenhagen is a whole number of hours from UTC and changes its offset on the hour, so its
 * date cannot change within a UTC hour: one answer per hour is exact.
 */
export function caseToday(now: Date): LocalDate {
  const hour = Math.floor(now.getTime() / HOUR_MS);
  if (memo?.hour !== hour) memo = { hour, date: localDateOf(new Date(hour * HOUR_MS)) };
  return memo.date;
}
