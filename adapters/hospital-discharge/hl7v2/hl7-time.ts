/**
 * HL7 v2 dates and times (DT, and DTM / the first component of TS:
 * `YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]`). The grammar is HL7's
 * own; which days, times and offsets exist, the years kept, and how a time
 * with no offset is read as UK time are src/time's, the same for every format.
 */
import { FeedMessageError, type MessageLocation } from '../../../src/inbox/ports.js';
import type { CalendarDay, Instant } from '../../../src/referrals/ports.js';
import { millisecondsOf, type TimeProblem, type TimeReading, type WallClock } from '../../../src/time/calendar.js';
import { dayAsWritten, formatIsoInstant, instantOfWallClock, type UtcOffset } from '../../../src/time/instants.js';

// Fractions beyond four digits are not HL7 but some engines send microseconds; they are cut to milliseconds.
const TIMESTAMP = /^(\d{4})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:\.(\d+))?)?)?)?)?)?(?:([+-])(\d{2})(\d{2}))?$/;

interface Hl7DateTime {
  wall: WallClock;
  /** Null when the value carries no offset: UK time. */
  offset: UtcOffset | null;
  /** Whether the value names a day (DT needs one); a value of less precision is its start. */
  namesDay: boolean;
}

function invalid(value: string, location: MessageLocation, problem: TimeProblem): never {
  throw new FeedMessageError('FAIL', location, `\`${value}\` is not an HL7 date/time: ${problem.reason}`, '102');
}

function readDateTime(value: string, location: MessageLocation): Hl7DateTime {
  const match = TIMESTAMP.exec(value);
  if (match === null) invalid(value, location, { kind: 'form', reason: 'expected YYYY[MM[DD[HH[MM[SS[.SSSS]]]]]][+/-ZZZZ]' });
  const [, year, month, day, hour, minute, second, fraction, sign, offsetHours, offsetMinutes] = match;
  const number = (digits: string | undefined, fallback: number) => (digits === undefined ? fallback : Number(digits));
  return {
    wall: {
      year: Number(year),
      month: number(month, 1),
      day: number(day, 1),
      hour: number(hour, 0),
      minute: number(minute, 0),
      second: number(second, 0),
      millisecond: millisecondsOf(fraction),
    },
    offset: sign === undefined ? null : { sign: sign === '-' ? -1 : 1, hours: Number(offsetHours), minutes: Number(offsetMinutes) },
    namesDay: day !== undefined,
  };
}

function valueOf<T>(reading: TimeReading<T>, value: string, location: MessageLocation): T {
  if (!reading.ok) invalid(value, location, reading.problem);
  return reading.value;
}

/** The instant a DTM/TS value names; FAIL 102 at `location` when it names none. A value of less than second precision is its start. */
export function parseHl7Timestamp(value: string, location: MessageLocation): Instant {
  const { wall, offset } = readDateTime(value, location);
  return formatIsoInstant(valueOf(instantOfWallClock(wall, offset), value, location));
}

/** The day a DT/DTM value names, kept as written (a time or offset after it changes nothing); FAIL 102 without a day. */
export function parseHl7Date(value: string, location: MessageLocation): CalendarDay {
  const { wall, offset, namesDay } = readDateTime(value, location);
  const day = valueOf(dayAsWritten(wall, offset), value, location);
  if (!namesDay) invalid(value, location, { kind: 'form', reason: 'it names no day' });
  return day;
}

/** An instant as an HL7 DTM in UTC with an explicit offset, so no receiver has to guess the zone. */
export function formatHl7Timestamp(at: Date): string {
  return `${formatIsoInstant(at).slice(0, 19).replace(/[-T:]/g, '')}+0000`;
}
