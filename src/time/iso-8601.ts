/**
 * ISO 8601 dates and date-times in the extended form every wire format but
 * HL7 v2 writes (`2026-10-25`, `2026-10-25T01:30:00+01:00`): FHIR date,
 * dateTime and instant; the supplier's XML, LAS's JSON and CareFirst's XML;
 * GraphQL's Date and DateTime. One grammar, with the few choices the formats
 * differ on named in a DateTimeForm.
 */
import { formatIsoDay, millisecondsOf, type TimeReading, type WallClock, wallClockProblem } from './calendar.js';
import { dayAsWritten, instantOfWallClock, type UtcOffset } from './instants.js';

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const UTC: UtcOffset = { sign: 1, hours: 0, minutes: 0 };
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))?)?$/;

/** What a format takes beyond `YYYY-MM-DDThh:mm:ss[.s...](Z|±hh:mm)`. */
export interface DateTimeForm {
  /** The form as error messages name it. */
  expected: string;
  /** Whether a time without an offset is taken, as UK time (uk-time.ts); otherwise it is refused. */
  ukLocalTime: boolean;
  /** Whether `hh:mm` without seconds is taken. */
  secondsOptional: boolean;
  /** Whether a day alone (`2026-10-25`) is taken, for the start of that day in UK time. */
  dayAlone: boolean;
}

/** RFC 3339: seconds and an offset always. The supplier's XML, LAS, CareFirst and GraphQL's DateTime. */
export const WITH_OFFSET: DateTimeForm = {
  expected: 'YYYY-MM-DDThh:mm:ss[.sss] with an offset (Z or ±hh:mm)',
  ukLocalTime: false,
  secondsOptional: false,
  dayAlone: false,
};

/**
 * A FHIR dateTime as English trusts' systems send it: FHIR requires an
 * offset with a time and seconds with minutes, but senders leave both out,
 * and a day alone is a valid dateTime.
 */
export const FHIR_DATE_TIME: DateTimeForm = {
  expected: 'YYYY-MM-DD or YYYY-MM-DDThh:mm:ss[.sss][Z|±hh:mm]',
  ukLocalTime: true,
  secondsOptional: true,
  dayAlone: true,
};

function numbers(digits: readonly (string | undefined)[]): number[] {
  return digits.map((text) => Number(text ?? 0));
}

/** A date that may leave out its day or month (`1950`, `1950-06`, FHIR's date); null when it names no day. */
export function readIsoDateOfAnyPrecision(text: string): TimeReading<string | null> {
  const match = DATE.exec(text);
  if (match === null) return { ok: false, problem: { kind: 'form', reason: 'expected YYYY, YYYY-MM or YYYY-MM-DD' } };
  const [, year, month, day] = match;
  const [y, m, d] = numbers([year, month ?? '01', day ?? '01']) as [number, number, number];
  const problem = wallClockProblem({ year: y, month: m, day: d, hour: 0, minute: 0, second: 0, millisecond: 0 });
  if (problem) return { ok: false, problem };
  return { ok: true, value: day === undefined ? null : formatIsoDay(y, m, d) };
}

/** A whole day, `YYYY-MM-DD`. */
export function readIsoDate(text: string): TimeReading<string> {
  const reading = readIsoDateOfAnyPrecision(text);
  if (reading.ok && reading.value === null) return { ok: false, problem: { kind: 'form', reason: 'expected YYYY-MM-DD, a whole day' } };
  return reading as TimeReading<string>;
}

interface WrittenDateTime {
  wall: WallClock;
  offset: UtcOffset | null;
}

/** A date-time's numbers as written, when its text is in `form`; whether they name a time is checked after. */
function readWritten(text: string, form: DateTimeForm): TimeReading<WrittenDateTime> {
  const match = DATE_TIME.exec(text);
  const [, year, month, day, hour, minute, second, fraction, zulu, sign, offsetHours, offsetMinutes] = match ?? [];
  const hasOffset = zulu !== undefined || sign !== undefined;
  const taken = match !== null && (hour === undefined ? form.dayAlone : (second !== undefined || form.secondsOptional) && (hasOffset || form.ukLocalTime));
  if (!taken) return { ok: false, problem: { kind: 'form', reason: `expected ${form.expected}` } };
  const [y, mo, d, h, mi, s] = numbers([year, month, day, hour, minute, second]) as [number, number, number, number, number, number];
  const millisecond = millisecondsOf(fraction);
  const offset: UtcOffset | null = zulu !== undefined ? UTC : sign === undefined ? null : { sign: sign === '-' ? -1 : 1, hours: Number(offsetHours), minutes: Number(offsetMinutes) };
  return { ok: true, value: { wall: { year: y, month: mo, day: d, hour: h, minute: mi, second: s, millisecond }, offset } };
}

/** The instant a date-time in `form` names, as milliseconds since 1970 UTC. */
export function readIsoDateTime(text: string, form: DateTimeForm): TimeReading<number> {
  const written = readWritten(text, form);
  return written.ok ? instantOfWallClock(written.value.wall, written.value.offset) : written;
}

/** The day a date-time in `form` names as written, whatever its offset (see dayAsWritten). */
export function readIsoDayOfDateTime(text: string, form: DateTimeForm): TimeReading<string> {
  const written = readWritten(text, form);
  return written.ok ? dayAsWritten(written.value.wall, written.value.offset) : written;
}
