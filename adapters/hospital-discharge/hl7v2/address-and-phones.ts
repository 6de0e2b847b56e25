/**
 * Addresses (XAD) and phone numbers (XTN) as PASes send them, for the
 * patient (PID-11, PID-13/14) and their contacts (NK1-4, NK1-5/6) alike.
 */
import { normalisePostcode, type Phone, type PhoneUse } from '../../../src/customers/ports.js';
import type { PersonDetails } from '../../../src/referrals/ports.js';
import { HL7_NULL, type Hl7Repetition, type Hl7Segment } from './er7.js';

/** A value, or null where it is empty or the HL7 null `""`. */
export function text(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' || trimmed === HL7_NULL ? null : trimmed;
}

/**
 * The home (XAD-7 `H`) address, else the first: street and other designation
 * (ITK's locality) as lines, city as town. The county (XAD-4) is left out, as
 * Royal Mail addressing does. A postcode that is not a UK one is dropped, not
 * an error: the person still needs the service.
 */
export function readAddress(segment: Hl7Segment, field: number): PersonDetails['address'] {
  const addresses = segment.repetitions(field);
  const address = addresses.find((xad) => xad.component(7) === 'H') ?? addresses[0];
  if (address === undefined) return null;
  const lines = [address.component(1), address.component(2)].map(text).filter((line) => line !== null);
  const town = text(address.component(3));
  const postcode = normalisePostcode(address.component(5));
  // A country alone (UCLH sends `^^^^^ENGLAND^L`) finds nobody.
  return lines.length === 0 && town === null && postcode === null ? null : { lines, town, postcode };
}

/** XTN-2 telecommunication use codes (HL7 table 0201). */
const PHONE_USES: Readonly<Record<string, PhoneUse | 'BY_NUMBER'>> = {
  PRN: 'BY_NUMBER',
  ORN: 'BY_NUMBER',
  VHN: 'BY_NUMBER',
  PRS: 'BY_NUMBER',
  WPN: 'WORK',
  ASN: 'OTHER',
  EMR: 'OTHER',
  BPN: 'OTHER',
};

/** XTN-2 `NET` and XTN-3 `Internet` / `X.400` are e-mail addresses, not phones. */
function isEmail(xtn: Hl7Repetition): boolean {
  return xtn.component(2) === 'NET' || ['Internet', 'X.400'].includes(xtn.component(3));
}

/** The phone numbers of a field: `unmarked` is the use of a number the sender did not mark (home in PID-13, work in PID-14). */
export function readPhones(segment: Hl7Segment, field: number, unmarked: PhoneUse): Phone[] {
  return segment.repetitions(field).flatMap((xtn): Phone[] => {
    if (isEmail(xtn)) return [];
    const number = text(xtn.component(1)) ?? text([xtn.component(6), xtn.component(7)].join(' '));
    if (number === null) return [];
    return [{ number, use: phoneUse(xtn, number, unmarked) }];
  });
}

/** Many PASes mark nothing, or mark a mobile as the home number: a UK mobile number (07...) says what it is. */
function phoneUse(xtn: Hl7Repetition, number: string, unmarked: PhoneUse): PhoneUse {
  if (xtn.component(3) === 'CP') return 'MOBILE';
  const marked = PHONE_USES[xtn.component(2)];
  if (marked !== undefined && marked !== 'BY_NUMBER') return marked;
  if (isUkMobileNumber(number)) return 'MOBILE';
  return marked === 'BY_NUMBER' ? 'HOME' : unmarked;
}

function isUkMobileNumber(number: string): boolean {
  return /^(?:\+?44|0)7\d{9}$/.test(number.replace(/[\s()-]/g, ''));
}
