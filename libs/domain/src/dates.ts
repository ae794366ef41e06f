/**
 * Calendar dates (YYYY-MM-DD) as the municipality lives them: in Europe/Copenhagen. A follow-up
 * is due on a day, not at an instant, so deadlines are compared as local dates; an instant is
 * turned into the local date it falls on, which takes care of daylight saving time.
 */
export type LocalDate = string;

export const CASE_TIME_ZONE = 'Europe/Copenhagen';

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLocalDate(value: string): value is LocalDate {
  const match = LOCAL_DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function parts(date: LocalDate): [number, number, number] {
  const match = LOCAL_DATE.exec(date);
  if (!match) throw new RangeError(`not a date: ${date}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function format(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Building an Intl.DateTimeFormat costs ~0.1 ms (it loads the zone's rules); formatting with one is cheap. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormatFor(timeZone: string): Intl.DateTimeFormat {
  let dateFormat = dateFormats.get(timeZone);
  if (!dateFormat) {
    // en-CA formats as YYYY-MM-DD. An unknown zone throws here, before anything is cached.
    dateFormat = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, dateFormat);
  }
  return dateFormat;
}

/** The calendar date an instant falls on in the given time zone. */
export function localDateOf(instant: Date, timeZone: string = CASE_TIME_ZONE): LocalDate {
  return dateFormatFor(timeZone).format(instant) as LocalDate;
}

/** Adds calendar months; the day is clamped to the month's end (30 Nov + 3 months = 28/29 Feb). */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const [year, month, day] = parts(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  return format(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const [year, month, day] = parts(date);
  const shifted = new Date(Date.UTC(year, month - 1, day + days));
  return format(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

export function compareDates(a: LocalDate, b: LocalDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function minDate(...dates: (LocalDate | null | undefined)[]): LocalDate | null {
  return dates.filter((date): date is LocalDate => !!date).sort()[0] ?? null;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  const [y1, m1, d1] = parts(from);
  const [y2, m2, d2] = parts(to);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000);
}
