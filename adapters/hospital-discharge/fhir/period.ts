/**
 * A Period (https://hl7.org/fhir/R4/datatypes.html#Period). FHIR's invariant
 * per-1 says a period may not end before it starts; one that does is a
 * sender's mistake the hub cannot fold (a discharge before the admission), so
 * the message fails at the period's end and nothing of it is applied.
 */
import { type At, failAt, text } from './element-reading.js';
import { instantOf } from './fhir-dates.js';
import type { FhirElement } from './fhir-resource.js';

export interface ReadPeriod {
  start?: At<string>;
  end?: At<string>;
}

export function readPeriod(period: At<FhirElement> | undefined): ReadPeriod {
  if (period === undefined) return {};
  const start = text(period, 'start');
  const end = text(period, 'end');
  if (start && end && endsBeforeStart(start, end)) {
    failAt(`${period.path}.end`, `the period ends (${end.value}) before it starts (${start.value}), which FHIR forbids (per-1)`);
  }
  return { ...(start && { start }), ...(end && { end }) };
}

/**
 * Two times of day compare as instants. Where either is only a date (or a
 * year and month), it stands for the whole of it, so the days compare as
 * written, to the coarser of the two: a stay that starts at 10:00 on the day
 * its end names as a date has not ended before it started.
 */
function endsBeforeStart(start: At<string>, end: At<string>): boolean {
  const hasTime = (value: string) => value.includes('T');
  if (hasTime(start.value) && hasTime(end.value)) return instantOf(end) < instantOf(start);
  const length = Math.min(start.value.length, end.value.length, 'YYYY-MM-DD'.length);
  return end.value.slice(0, length) < start.value.slice(0, length);
}
