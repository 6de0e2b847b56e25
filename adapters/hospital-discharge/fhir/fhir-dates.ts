/**
 * FHIR date, dateTime and instant values (https://hl7.org/fhir/R4/datatypes.html#dateTime)
 * as the port's Instant (UTC, milliseconds) and CalendarDay. A value that is
 * no date at all fails with its path. English trusts' systems send local
 * times: a dateTime with no offset (which FHIR forbids but senders do send)
 * and a date standing for a moment are read as Europe/London time.
 */
import { isKeptInstant, isKeptYear, utcMillis } from '../../../src/kept-dates.js';
import type { CalendarDay, Instant } from '../../../src/referrals/discharge-message.js';
import { type At, failAt } from './element-reading.js';

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;

interface Parts {
  year: number;
  month: number;
  day: number;
}

function checkedDay(at: At<string>, year: string, month: string, day: string): Parts {
  const parts = { year: Number(year), month: Number(month), day: Number(day) };
  if (!isKeptYear(parts.year)) failAt(at.path, `${at.value} is outside the years 0001 to 9999`);
  const daysInMonth = new Date(utcMillis(parts.year, parts.month + 1, 0)).getUTCDate();
  if (parts.month < 1 || parts.month > 12 || parts.day < 1 || parts.day > daysInMonth) {
    failAt(at.path, `${at.value} is not a date on the calendar`);
  }
  return parts;
}

/**
 * The day a date or dateTime names, as the sender wrote it (its own local
 * day); null for a partial date (`1950`, `1950-06`), which names no day.
 */
export function calendarDayOf(at: At<string>): CalendarDay | null {
  const date = DATE.exec(at.value);
  const dateTime = date ? null : DATE_TIME.exec(at.value);
  const [, year, month, day] = date ?? dateTime ?? [];
  if (year === undefined) failAt(at.path, `${at.value} is not a FHIR date (YYYY-MM-DD)`);
  if (month === undefined || day === undefined) return null;
  // A dateTime names its day as written, but its time and offset must be valid too.
  if (dateTime) instantOf(at);
  checkedDay(at, year, month, day);
  return `${year}-${month}-${day}`;
}

/** The moment a dateTime or instant names; a whole day stands for its start. */
export function instantOf(at: At<string>): Instant {
  const date = DATE.exec(at.value);
  if (date?.[3] !== undefined) {
    const { year, month, day } = checkedDay(at, date[1]!, date[2]!, date[3]);
    return keptInstant(at, londonToUtc(utcMillis(year, month, day)));
  }
  const match = DATE_TIME.exec(at.value);
  if (match === null) failAt(at.path, `${at.value} is not a FHIR dateTime (YYYY-MM-DDThh:mm:ss+zz:zz)`);
  const [, year, month, day, hour, minute, second = '00', fraction = '', zone] = match;
  const { year: y, month: m, day: d } = checkedDay(at, year!, month!, day!);
  const [h, mi, s] = [Number(hour), Number(minute), Number(second)];
  if (h > 23 || mi > 59 || s > 59) failAt(at.path, `${at.value} is not a time of day`);
  const milliseconds = Math.floor(Number(`0${fraction}`) * 1000);
  const wallClock = utcMillis(y, m, d, h, mi, s, milliseconds);
  if (zone === undefined) return keptInstant(at, londonToUtc(wallClock));
  if (zone === 'Z') return keptInstant(at, wallClock);
  const sign = zone.startsWith('-') ? -1 : 1;
  const offsetMinutes = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  if (Number(zone.slice(1, 3)) > 14 || Number(zone.slice(4, 6)) > 59) failAt(at.path, `${at.value} has no valid time zone offset`);
  return keptInstant(at, wallClock - offsetMinutes * 60_000);
}

function keptInstant(at: At<string>, utc: number): Instant {
  if (!isKeptInstant(utc)) failAt(at.path, `${at.value} falls outside the years 0001 to 9999 in UTC`);
  return new Date(utc).toISOString();
}

const LONDON_OFFSET = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'shortOffset' });

/** Minutes Europe/London is ahead of UTC at an instant: 0 (GMT) or 60 (BST). */
function londonOffsetMinutes(utcMillis: number): number {
  const name = LONDON_OFFSET.formatToParts(new Date(utcMillis)).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const hours = /GMT([+-]\d+)/.exec(name)?.[1];
  return hours === undefined ? 0 : Number(hours) * 60;
}

/** UTC milliseconds for a London wall-clock time given as if it were UTC. */
function londonToUtc(wallClock: number): number {
  const guess = wallClock - londonOffsetMinutes(wallClock) * 60_000;
  return wallClock - londonOffsetMinutes(guess) * 60_000;
}
