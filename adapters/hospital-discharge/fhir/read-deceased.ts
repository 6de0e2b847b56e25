/**
 * A death as a FHIR message states it: `Patient.deceased[x]` (a choice of
 * `deceasedBoolean` or `deceasedDateTime`, in DSTU2 CareConnect and R4 UK
 * Core alike), and a finished Encounter whose UK Core DischargeMethod is `4`,
 * "Patient died", ended (period.end) at the death. A statement of death
 * outweighs `deceasedBoolean` false elsewhere in the message, as in HL7 v2
 * (hl7v2/read-death.ts says why); a dated one outweighs an undated one.
 */
import type { Instant, ReportedDeath } from '../../../src/referrals/ports.js';
import { ukDayOf } from '../../../src/time/uk-time.js';
import { hasCode } from './codeable-concepts.js';
import { type At, failAt, text } from './element-reading.js';
import { calendarDayOf, instantOf } from './fhir-dates.js';
import type { FhirElement } from './fhir-resource.js';

/** NHS Data Dictionary Discharge Method `4`, the UK Core DischargeMethod code: "Patient died". */
const PATIENT_DIED = '4';

/** Patient.deceased[x]; undefined where the Patient says nothing of a death. */
export function readDeceased(patient: At<FhirElement>): ReportedDeath | undefined {
  const flag = patient.value.deceasedBoolean;
  const when = text(patient, 'deceasedDateTime');
  if (flag !== undefined && when !== undefined) failAt(`${patient.path}.deceased[x]`, 'deceased[x] is one choice: deceasedBoolean or deceasedDateTime, not both');
  if (when !== undefined) {
    // A partial date (`2026-12`) names no day: a death, its date not known to the day.
    const diedOn = calendarDayOf(when);
    return { died: true, diedOn, diedAt: diedOn !== null && when.value.includes('T') ? instantOf(when) : null, source: 'FHIR_DECEASED_DATE_TIME' };
  }
  if (flag === undefined || flag === null) return undefined;
  if (typeof flag !== 'boolean') failAt(`${patient.path}.deceasedBoolean`, 'expected true or false');
  return flag ? { died: true, diedOn: null, diedAt: null, source: 'FHIR_DECEASED_BOOLEAN' } : { died: false, source: 'FHIR_DECEASED_BOOLEAN' };
}

/** A finished Encounter's discharge method concept saying the patient died: the death, at the end of the stay. */
export function deathByDischarge(method: At<FhirElement> | undefined, dischargedAt: Instant | undefined | null): ReportedDeath | undefined {
  if (method === undefined || !hasCode(method, PATIENT_DIED)) return undefined;
  const at = dischargedAt ?? null;
  return { died: true, diedOn: at === null ? null : ukDayOf(new Date(at)), diedAt: at, source: 'DISCHARGE_METHOD' };
}

/** What the message says of a death, from the Patient and its stay: a dated death first, then any death, then "not dead". */
export function deathOfMessage(patient: ReportedDeath | undefined, stay: ReportedDeath | undefined): ReportedDeath | undefined {
  const said = [patient, stay].filter((death): death is ReportedDeath => death !== undefined);
  return said.find((death) => death.died && death.diedOn !== null) ?? said.find((death) => death.died) ?? said[0];
}
