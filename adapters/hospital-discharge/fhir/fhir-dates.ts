/**
 * FHIR date, dateTime and instant values (https://hl7.org/fhir/R4/datatypes.html#dateTime)
 * as the port's Instant (UTC, milliseconds) and CalendarDay, read by src/time
 * like every other format's; a value that is no date fails at its path.
 * English trusts' systems send local times: a dateTime with no offset (which
 * FHIR forbids but senders do send) and a date standing for a moment are UK
 * time, by src/time/uk-time.ts's rule.
 */
import type { CalendarDay, Instant } from '../../../src/referrals/ports.js';
import type { TimeReading } from '../../../src/time/calendar.js';
import { formatIsoInstant } from '../../../src/time/instants.js';
import { FHIR_DATE_TIME, readIsoDateOfAnyPrecision, readIsoDateTime, readIsoDayOfDateTime } from '../../../src/time/iso-8601.js';
import { type At, failAt } from './element-reading.js';

function valueOf<T>(at: At<string>, reading: TimeReading<T>, type: 'date' | 'dateTime'): T {
  if (!reading.ok) failAt(at.path, `${at.value} is not a FHIR ${type}: ${reading.problem.reason}`);
  return reading.value;
}

/**
 * The day a date or dateTime names, as the sender wrote it (its own local
 * day, whatever the offset); null for a partial date (`1950`, `1950-06`),
 * which names no day.
 */
export function calendarDayOf(at: At<string>): CalendarDay | null {
  if (at.value.includes('T')) return valueOf(at, readIsoDayOfDateTime(at.value, FHIR_DATE_TIME), 'dateTime');
  return valueOf(at, readIsoDateOfAnyPrecision(at.value), 'date');
}

/** The moment a dateTime or instant names; a whole day stands for its start. */
export function instantOf(at: At<string>): Instant {
  return formatIsoInstant(valueOf(at, readIsoDateTime(at.value, FHIR_DATE_TIME), 'dateTime'));
}
