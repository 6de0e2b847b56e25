/**
 * Synthetic ADT messages for the unit tests: invented people, NHS numbers
 * from the 999 test range with valid Modulus 11 check digits.
 */
import { FeedMessageError } from '../../../../src/inbox/feed-message-error.js';

/** Valid test-range NHS numbers, and one with a wrong check digit (should be 8). */
export const NHS_NUMBER = '9990000018';
export const OTHER_NHS_NUMBER = '9990000026';
export const BAD_CHECK_DIGIT_NHS_NUMBER = '9990000019';

/** One segment with the given fields at their HL7 positions (MSH-1 being the separator itself). */
export function segment(id: string, fields: Record<number, string>): string {
  const parts: string[] = [id];
  // For MSH, MSH-2 follows the first separator, so every position is one lower.
  const offset = id === 'MSH' ? 1 : 0;
  for (const [position, value] of Object.entries(fields)) parts[Number(position) - offset] = value;
  return Array.from(parts, (part) => part ?? '').join('|');
}

export function msh(trigger: string, fields: Record<number, string> = {}): string {
  return segment('MSH', {
    2: '^~\\&',
    3: 'PAS',
    4: 'RXX',
    5: 'GATEWAY',
    6: 'COUNCIL',
    7: '20240704101500',
    9: `ADT^${trigger}`,
    10: 'CTRL0001',
    11: 'P',
    12: '2.4',
    ...fields,
  });
}

export const PID = segment('PID', {
  1: '1',
  3: `RXX1234567^^^RXX^MR~${NHS_NUMBER}^^^NHS^NH`,
  5: 'TESTER^Alice^Jane^^Ms^^L',
  7: '19450317',
  8: 'F',
  11: '12 Test Street^Testville^Exampleton^^ls1 4ap^GBR^H',
  13: '01134960000^PRN^PH~07700900123^PRN^CP',
  14: '01134960999^WPN^PH',
  32: 'NSTS01',
});

export const PD1 = segment('PD1', { 3: 'Test Surgery^^B82001' });

export function pv1(fields: Record<number, string> = {}): string {
  return segment('PV1', {
    1: '1',
    2: 'I',
    3: 'WARD7^BAY2^BED3^RXX01',
    7: 'C1234567^Consultant^Carol^^^Dr',
    19: 'SPELL0001',
    44: '20240701093000',
    ...fields,
  });
}

/** Segments ended by CR, as the standard says. */
export function message(...segments: string[]): string {
  return segments.map((s) => `${s}\r`).join('');
}

let admissions = 0;
/**
 * An A01 admission from `trust` for a new spell, which makes a referral: a
 * control ID of its own on every call, so the gateway never takes it as a repeat.
 */
export function admissionA01(spell: string, family: string, trust = 'RXX'): string {
  const control = `ADM-${++admissions}-${Date.now()}`;
  return message(
    msh('A01', { 4: trust, 10: control, 7: '20261201100000' }),
    segment('EVN', { 1: 'A01', 2: '20261201100000', 6: '20261201100000' }),
    segment('PID', { 3: `MRN-${spell}^^^${trust}^MR`, 5: `${family}^Live`, 7: '19400101', 8: 'F' }),
    pv1({ 19: spell, 44: '20261201100000' }),
  );
}

/** The FeedMessageError `act` throws; fails the test when it throws nothing or something else. */
export function feedErrorOf(act: () => unknown): FeedMessageError {
  try {
    act();
  } catch (error) {
    if (error instanceof FeedMessageError) return error;
    throw error;
  }
  throw new Error('expected a FeedMessageError, but nothing was thrown');
}
