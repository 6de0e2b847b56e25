/**
 * HL7 v2 ADT messages as a trust's PAS sends them, for the tests that try
 * what one trust's feed may do to people: synthetic people only (999 range).
 */
import { message, msh, segment } from '../adapters/hospital-discharge/hl7v2/synthetic-messages.js';

export interface SentPid {
  mrn: string;
  trust: string;
  nhsNumber?: string;
  /** PID-32 NSTS01 (traced) when there is an NHS number; true unless said otherwise. */
  verified?: boolean;
  family: string;
  given?: string;
  dob?: string;
  address?: string;
  phone?: string;
}

export function pid(fields: SentPid): string {
  const verified = fields.verified ?? true;
  return segment('PID', {
    1: '1',
    3: [`${fields.mrn}^^^${fields.trust}^MR`, ...(fields.nhsNumber ? [`${fields.nhsNumber}^^^NHS^NH`] : [])].join('~'),
    5: `${fields.family}^${fields.given ?? 'Eve'}`,
    7: fields.dob ?? '19400101',
    8: 'F',
    11: fields.address ?? '',
    13: fields.phone ?? '',
    32: fields.nhsNumber && verified ? 'NSTS01' : '',
  });
}

export function adt(trust: string, trigger: string, control: string, ...rest: string[]): string {
  const structure = trigger === 'A40' ? 'ADT^A40^ADT_A39' : `ADT^${trigger}`;
  return message(msh(trigger, { 4: trust, 9: structure, 10: control, 7: '20261201090000' }), segment('EVN', { 2: '20261201090000' }), ...rest);
}

/** An inpatient visit: the spell a referral is keyed by. */
export function pv1(spell: string): string {
  return segment('PV1', { 2: 'I', 19: spell });
}
