/**
 * The documented UK-time rule (src/time/uk-time.ts) written out a second
 * time, by hand, for the years it is simple: GMT all year before 1916 (no
 * summer time yet; tz's mean time before 1847 counts as GMT), and from 1996
 * the EU rule (BST from 01:00 UTC on the last Sunday of March to 01:00 UTC on
 * the last Sunday of October, as tz carries it on to 9999). The property
 * tests check every format against this, not against src/time itself.
 */
import fc from 'fast-check';

export const HOUR_MS = 3_600_000;

/** A wall-clock time to the second, months 1-12. */
export interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** Milliseconds of a wall clock read as UTC; Date.UTC would take years 0-99 for 1900-1999, so the year is set after. */
export function asUtc(wall: Wall): number {
  const at = new Date(Date.UTC(2000, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second));
  at.setUTCFullYear(wall.year, wall.month - 1, wall.day);
  return at.getTime();
}

export function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

export function lastSunday(year: number, month: number): number {
  const last = daysIn(year, month);
  const weekday = new Date(asUtc({ year, month, day: last, hour: 12, minute: 0, second: 0 })).getUTCDay();
  return last - weekday;
}

/** The offset the rule gives a wall-clock time, in ms: the repeated hour is BST, the skipped hour GMT (so it reads an hour later). */
export function ukOffsetByRule(wall: Wall): number {
  if (wall.year < 1916) return 0;
  if (wall.year < 1996) throw new Error(`the oracle knows no rule for ${wall.year}`);
  const clock = asUtc(wall);
  const bstFrom = asUtc({ year: wall.year, month: 3, day: lastSunday(wall.year, 3), hour: 2, minute: 0, second: 0 });
  const bstUntil = asUtc({ year: wall.year, month: 10, day: lastSunday(wall.year, 10), hour: 2, minute: 0, second: 0 });
  return clock >= bstFrom && clock < bstUntil ? HOUR_MS : 0;
}

export function instantByRule(wall: Wall): number {
  return asUtc(wall) - ukOffsetByRule(wall);
}

/** Whether a wall-clock time falls in the hour the clocks skip (01:00-01:59 on the last Sunday of March, 1996 on). */
export function isSkipped(wall: Wall): boolean {
  return wall.year >= 1996 && wall.month === 3 && wall.day === lastSunday(wall.year, 3) && wall.hour === 1;
}

/** Whether a wall-clock time falls in the hour that happens twice (01:00-01:59 on the last Sunday of October, 1996 on). */
export function isRepeated(wall: Wall): boolean {
  return wall.year >= 1996 && wall.month === 10 && wall.day === lastSunday(wall.year, 10) && wall.hour === 1;
}

const pad = (n: number, digits = 2) => String(n).padStart(digits, '0');

/** `2026-10-25T01:30:00` */
export function isoLocal(wall: Wall): string {
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}`;
}

/** `20261025013000` */
export function hl7Local(wall: Wall): string {
  return isoLocal(wall).replace(/[-T:]/g, '');
}

/** `+01:00`, the offset the rule gives. */
export function isoOffsetByRule(wall: Wall): string {
  return ukOffsetByRule(wall) === HOUR_MS ? '+01:00' : '+00:00';
}

const time = { hour: fc.integer({ min: 0, max: 23 }), minute: fc.integer({ min: 0, max: 59 }), second: fc.integer({ min: 0, max: 59 }) };

function wallIn(years: fc.Arbitrary<number>): fc.Arbitrary<Wall> {
  return fc
    .record({ year: years, month: fc.integer({ min: 1, max: 12 }), dayOfMonth: fc.integer({ min: 1, max: 31 }), ...time })
    .map(({ dayOfMonth, ...wall }) => ({ ...wall, day: Math.min(dayOfMonth, daysIn(wall.year, wall.month)) }));
}

/** Years the oracle knows, 0001-9999, with the first century and the present weighted in. */
const ORACLE_YEARS = fc.oneof(
  fc.integer({ min: 1, max: 99 }),
  fc.integer({ min: 1, max: 1915 }),
  fc.integer({ min: 1996, max: 2100 }),
  fc.integer({ min: 1996, max: 9999 }),
);

/** Any wall-clock time in a year the oracle knows. */
export const anyWall = wallIn(ORACLE_YEARS);

/** A wall-clock time within three hours of midnight on a day the clocks change (2026 and other years), the skipped and repeated hours among them. */
export const clockChangeWall: fc.Arbitrary<Wall> = fc
  .record({ year: fc.oneof(fc.constant(2026), fc.integer({ min: 1996, max: 9999 })), month: fc.constantFrom(3, 10), hour: fc.integer({ min: 0, max: 3 }), minute: time.minute, second: time.second })
  .map((wall) => ({ ...wall, day: lastSunday(wall.year, wall.month) }));

/** Wall-clock times anywhere in the kept years, a third of them around a change of the clocks. */
export const wallTimes = fc.oneof(anyWall, anyWall, clockChangeWall);
