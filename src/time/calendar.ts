/**
 * The calendar: which days and times of day exist. ISO 8601, HL7 v2 and FHIR
 * all count in the proleptic Gregorian calendar, so one check serves every
 * reader, and every reader gives the same reason for a date that is none.
 */
import { isKeptYear } from './kept-range.js';

/** A date and time of day as written, before any offset or zone is applied. Months run 1 to 12. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/**
 * Why a text names no date or time. `form`: not the format's syntax;
 * `calendar`: a day, time of day or offset that does not exist;
 * `kept-years`: outside the years kept, as written or in UTC.
 */
export interface TimeProblem {
  kind: 'form' | 'calendar' | 'kept-years';
  reason: string;
}

/** What a reader makes of a text: its value, or why it has none, for the adapter to report at its field. */
export type TimeReading<T> = { ok: true; value: T } | { ok: false; problem: TimeProblem };

export const OUTSIDE_KEPT_YEARS = 'outside the years 0001 to 9999';

/**
 * Milliseconds since 1970 of a UTC calendar time, for any kept year:
 * Date.UTC takes the years 0-99 for 1900-1999, so year 0050 would be read as
 * 1950. Months and days roll over as Date.UTC's do.
 */
export function utcMillis(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, millisecond = 0): number {
  return new Date(0).setUTCFullYear(year, month - 1, day) + ((hour * 60 + minute) * 60 + second) * 1000 + millisecond;
}

/** A wall-clock time's milliseconds as if it were UTC: the zone is applied after. */
export function wallClockMillis(wall: WallClock): number {
  return utcMillis(wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(utcMillis(year, month + 1, 0)).getUTCDate();
}

/** What is wrong with a date and time of day as written, or null when it exists in a kept year. */
export function wallClockProblem(wall: WallClock): TimeProblem | null {
  if (!isKeptYear(wall.year)) return { kind: 'kept-years', reason: `the year ${pad(wall.year, 4)} is ${OUTSIDE_KEPT_YEARS}` };
  if (wall.month < 1 || wall.month > 12) return { kind: 'calendar', reason: `there is no month ${wall.month}` };
  const days = daysInMonth(wall.year, wall.month);
  if (wall.day < 1 || wall.day > days) return { kind: 'calendar', reason: `month ${wall.month} of ${wall.year} has ${days} days` };
  // No leap second: PostgreSQL and Date have none.
  if (wall.hour > 23 || wall.minute > 59 || wall.second > 59) return { kind: 'calendar', reason: 'the time of day is out of range' };
  return null;
}

/** The milliseconds of a written fraction of a second (`2599` of `11.2599`): cut, not rounded, so that no reading moves into the next second. */
export function millisecondsOf(fraction: string | undefined): number {
  return Number((fraction ?? '').padEnd(3, '0').slice(0, 3));
}

/** A day as ISO 8601 (and so FHIR, GraphQL and the port's CalendarDay) writes it: `0050-06-20`. */
export function formatIsoDay(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

export function pad(n: number, digits: number): string {
  return String(n).padStart(digits, '0');
}
