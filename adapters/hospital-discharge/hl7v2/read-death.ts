/**
 * A death as an HL7 v2 message states it: PID-29 (patient death date and
 * time), PID-30 (patient death indicator, HL7 table 0136 `Y`/`N`), and on a
 * discharge PV1-36 discharge method `4`, "Patient died" (NHS Data Dictionary),
 * whose discharge time (PV1-45) is the time of death: the Data Dictionary
 * ends a spell on the day a patient dies in it.
 *
 * A statement of death outweighs an `N` in the same message: community and
 * mental health systems often fill PID-30 from a patient index that lags the
 * ward's own record, and a death wrongly taken only stops work until a
 * coordinator looks, where a death missed sends visits to a bereaved family.
 * An empty field says nothing; `""` in PID-30 (or in PID-29 with PID-30
 * empty) clears a death, as `N` does.
 */
import { FeedMessageError } from '../../../src/inbox/ports.js';
import type { ReportedDeath, SpellEventKind } from '../../../src/referrals/ports.js';
import type { SenderProfile } from '../sender-profile.js';
import { HL7_NULL, type Hl7Message, type Hl7Segment } from './er7.js';
import { parseHl7Date, parseHl7Timestamp } from './hl7-time.js';

/** NHS Data Dictionary Discharge Method `4`: "Patient died". */
const PATIENT_DIED = '4';

/** A DTM that names an hour: `YYYYMMDDHH` at least. */
const HAS_TIME_OF_DAY = /^\d{10}/;

export function readDeath(message: Hl7Message, profile: SenderProfile, kind: SpellEventKind | null): ReportedDeath | undefined {
  const pid = message.segment('PID');
  if (pid === undefined) return undefined;
  const indicator = readIndicator(pid);
  const date = pid.value(29).trim();
  const dated = date !== '' && date !== HL7_NULL ? { ...dayAndTime(pid, 29, date), source: 'HL7_PATIENT_DEATH' as const } : null;
  const byDischarge = kind === 'DISCHARGED' ? readDischargeDeath(message, profile) : null;
  const died = dated ?? byDischarge ?? (indicator === 'Y' ? { diedOn: null, diedAt: null, source: 'HL7_PATIENT_DEATH' as const } : null);
  if (died !== null) return { died: true, ...died };
  if (indicator === 'N' || (indicator === undefined && date === HL7_NULL)) return { died: false, source: 'HL7_PATIENT_DEATH' };
  return undefined;
}

/** PID-30 as `Y` or `N` (`""` clears it: not dead); undefined where it is empty. */
function readIndicator(pid: Hl7Segment): 'Y' | 'N' | undefined {
  const value = pid.value(30).trim();
  if (value === '') return undefined;
  if (value === HL7_NULL) return 'N';
  const indicator = value.toUpperCase();
  if (indicator === 'Y' || indicator === 'N') return indicator;
  throw new FeedMessageError('FAIL', pid.location(30), `\`${value}\` is not a death indicator (HL7 table 0136: Y or N)`, '103');
}

/** A discharge whose method (in ITK codes) is "Patient died": dated by its discharge time where it has one. */
function readDischargeDeath(message: Hl7Message, profile: SenderProfile): { diedOn: string | null; diedAt: string | null; source: 'DISCHARGE_METHOD' } | null {
  const pv1 = message.segment('PV1');
  if (pv1 === undefined || profile.dischargeCodes === 'TEXT' || pv1.value(36).trim() !== PATIENT_DIED) return null;
  const time = pv1.value(45).trim();
  const when = time !== '' && time !== HL7_NULL ? dayAndTime(pv1, 45, time) : { diedOn: null, diedAt: null };
  return { ...when, source: 'DISCHARGE_METHOD' };
}

/** The day as written, and the moment where the value gives a time of day. */
function dayAndTime(segment: Hl7Segment, field: number, value: string): { diedOn: string; diedAt: string | null } {
  const location = segment.location(field);
  return { diedOn: parseHl7Date(value, location), diedAt: HAS_TIME_OF_DAY.test(value) ? parseHl7Timestamp(value, location) : null };
}
