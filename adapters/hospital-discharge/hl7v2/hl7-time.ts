/**
 * HL7 v2 dates and times (DT, and DTM / the first component of TS:
 * `YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]`). A time with no offset is
 * the sender's local time; every English trust is on UK time, so it is read
 * as Europe/London, BST included.
 */
import { FeedMessageError, type MessageLocation } from '../../../src/inbox/feed-message-error.js';
import { isKeptInstant, isKeptYear, utcMillis } from '../../../src/kept-dates.js';
import type { CalendarDay, Instant } from '../../../src/referrals/discharge-message.js';

// Fractions beyond four digits are not HL7 but some engines send microseconds; they are cut to milliseconds.
const TIMESTAMP = /^(\d{4})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:\.(\d+))?)?)?)?)?)?(?:([+-])(\d{2})(\d{2}))?$/;
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

interface Hl7DateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** Minutes east of UTC; null when the value carries no offset. */
  offsetMinutes: number | null;
  /** How many of month, day, hour... were sent. */
  precision: 'year' | 'month' | 'day' | 'time';
}

function invalid(value: string, location: MessageLocation, why: string): never {
  throw new FeedMessageError('FAIL', location, `\`${value}\` is not an HL7 date/time: ${why}`, '102');
}

function readDateTime(value: string, location: MessageLocation): Hl7DateTime {
  const match = TIMESTAMP.exec(value);
  if (match === null) invalid(value, location, 'expected YYYY[MM[DD[HH[MM[SS[.SSSS]]]]]][+/-ZZZZ]');
  const [, year, month, day, hour, minute, second, fraction, sign, offsetHours, offsetMinutes] = match;
  const number = (digits: string | undefined, fallback: number) => (digits === undefined ? fallback : Number(digits));
  const parts: Hl7DateTime = {
    year: Number(year),
    month: number(month, 1),
    day: number(day, 1),
    hour: number(hour, 0),
    minute: number(minute, 0),
    second: number(second, 0),
    millisecond: Number((fraction ?? '').padEnd(3, '0').slice(0, 3)),
    offsetMinutes: sign === undefined ? null : (sign === '-' ? -1 : 1) * (number(offsetHours, 0) * 60 + number(offsetMinutes, 0)),
    precision: hour !== undefined ? 'time' : day !== undefined ? 'day' : month !== undefined ? 'month' : 'year',
  };
  if (!isKeptYear(parts.year)) invalid(value, location, 'years run from 0001 to 9999');
  if (parts.month < 1 || parts.month > 12) invalid(value, location, `there is no month ${parts.month}`);
  const daysInMonth = new Date(utcMillis(parts.year, parts.month + 1, 0)).getUTCDate();
  if (parts.day < 1 || parts.day > daysInMonth) invalid(value, location, `month ${parts.month} of ${parts.year} has ${daysInMonth} days`);
  if (parts.hour > 23 || parts.minute > 59 || parts.second > 59) invalid(value, location, 'the time of day is out of range');
  if (parts.offsetMinutes !== null && (Math.abs(parts.offsetMinutes) > 14 * 60 || number(offsetMinutes, 0) > 59)) {
    invalid(value, location, 'the UTC offset is out of range');
  }
  return parts;
}

/** The instant a DTM/TS value names; FAIL 102 at `location` when it names none. A value of less than second precision is its start. */
export function parseHl7Timestamp(value: string, location: MessageLocation): Instant {
  const parts = readDateTime(value, location);
  const wallClock = utcMillis(parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second, parts.millisecond);
  const utc = parts.offsetMinutes === null ? londonToUtc(wallClock) : wallClock - parts.offsetMinutes * MINUTE_MS;
  if (!isKeptInstant(utc)) invalid(value, location, 'in UTC it falls outside the years 0001 to 9999');
  return new Date(utc).toISOString();
}

/** The day a DT/DTM value names, kept as written (a time or offset after it changes nothing); FAIL 102 without a day. */
export function parseHl7Date(value: string, location: MessageLocation): CalendarDay {
  const parts = readDateTime(value, location);
  if (parts.precision === 'year' || parts.precision === 'month') invalid(value, location, 'it names no day');
  return `${String(parts.year).padStart(4, '0')}-${pad2(parts.month)}-${pad2(parts.day)}`;
}

/** An instant as an HL7 DTM in UTC with an explicit offset, so no receiver has to guess the zone. */
export function formatHl7Timestamp(at: Date): string {
  return `${at.getUTCFullYear()}${pad2(at.getUTCMonth() + 1)}${pad2(at.getUTCDate())}${pad2(at.getUTCHours())}${pad2(at.getUTCMinutes())}${pad2(at.getUTCSeconds())}+0000`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Offsets by UTC hour: UK clocks change on the hour (01:00 UTC), and asking Intl costs more than parsing a message. */
const offsetsByHour = new Map<number, number>();
const OFFSET_CACHE_LIMIT = 100_000;

/** How far London's clocks are ahead of UTC at a UTC instant, in ms. */
function londonOffsetAt(utc: number): number {
  const hour = Math.floor(utc / HOUR_MS);
  let offset = offsetsByHour.get(hour);
  if (offset === undefined) {
    if (offsetsByHour.size >= OFFSET_CACHE_LIMIT) offsetsByHour.clear();
    offset = askIntlForOffset(hour * HOUR_MS);
    offsetsByHour.set(hour, offset);
  }
  return offset;
}

function askIntlForOffset(utc: number): number {
  const field = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)?.value);
  const parts = LONDON.formatToParts(utc);
  const wallClock = utcMillis(field('year'), field('month'), field('day'), field('hour'), field('minute'), field('second'));
  return wallClock - (utc - (((utc % 1000) + 1000) % 1000));
}

/**
 * The UTC instant of a London wall-clock time. When the clocks go back a
 * wall-clock hour happens twice and the earlier (BST) one is taken; when
 * they go forward an hour never happens and a time in it is read with the
 * offset before the change, as Temporal's 'compatible' disambiguation does.
 */
function londonToUtc(wallClock: number): number {
  // London's offset changes at most once in any two days.
  const before = londonOffsetAt(wallClock - DAY_MS);
  const after = londonOffsetAt(wallClock + DAY_MS);
  const valid = [...new Set([before, after])].sort((a, b) => b - a).filter((offset) => londonOffsetAt(wallClock - offset) === offset);
  return wallClock - (valid[0] ?? before);
}
