/**
 * Instants: a wall-clock time with its UTC offset, or without one in UK time
 * (uk-time.ts), as milliseconds since 1970 UTC; and an instant as the ISO
 * 8601 text the gateway writes (UTC, milliseconds, `Z`).
 */
import { formatIsoDay, OUTSIDE_KEPT_YEARS, type TimeProblem, type TimeReading, type WallClock, wallClockMillis, wallClockProblem } from './calendar.js';
import { isKeptInstant } from './kept-range.js';
import { ukWallClockToUtc } from './uk-time.js';

const MINUTE_MS = 60_000;

/** A written UTC offset, `+01:00`, `-0500`. */
export interface UtcOffset {
  sign: 1 | -1;
  hours: number;
  minutes: number;
}

/** Offsets as ISO 8601 can write them (up to ±23:59), so that RFC 3339 values and HL7's `+ZZZZ` are read alike. */
function offsetProblem(offset: UtcOffset): TimeProblem | null {
  return offset.hours > 23 || offset.minutes > 59 ? { kind: 'calendar', reason: 'the UTC offset is out of range' } : null;
}

/** The instant a wall-clock time names at `offset`, or, with none, in UK time; only instants in the years kept. */
export function instantOfWallClock(wall: WallClock, offset: UtcOffset | null): TimeReading<number> {
  const problem = wallClockProblem(wall) ?? (offset && offsetProblem(offset));
  if (problem) return { ok: false, problem };
  const clock = wallClockMillis(wall);
  const utc = offset === null ? ukWallClockToUtc(clock) : clock - offset.sign * (offset.hours * 60 + offset.minutes) * MINUTE_MS;
  if (!isKeptInstant(utc)) return { ok: false, problem: { kind: 'kept-years', reason: `it falls ${OUTSIDE_KEPT_YEARS} in UTC` } };
  return { ok: true, value: utc };
}

/**
 * The day a date-time names as written (its sender's own day), whatever its
 * offset: `1965-12-13T23:30:00-05:00` was born on the 13th. Its time and
 * offset must exist all the same: a value that is no time is no day either.
 */
export function dayAsWritten(wall: WallClock, offset: UtcOffset | null): TimeReading<string> {
  const problem = wallClockProblem(wall) ?? (offset && offsetProblem(offset));
  return problem ? { ok: false, problem } : { ok: true, value: formatIsoDay(wall.year, wall.month, wall.day) };
}

/** An instant as `2026-10-25T00:30:00.000Z`: four-digit years for every kept instant. */
export function formatIsoInstant(at: Date | number): string {
  return new Date(at).toISOString();
}
