/**
 * The person a message is about, from PID and PD1, in the HL7 UK / ITK
 * conventions and the variants real PASes send.
 */
import type { Phone, PhoneUse, Sex } from '../../../src/generated/graphql.js';
import { normalisePostcode } from '../../../src/customers/postcode.js';
import { FeedMessageError } from '../../../src/inbox/feed-message-error.js';
import { MAX_NAME_LENGTH, type PersonDetails } from '../../../src/referrals/discharge-message.js';
import type { SenderProfile } from '../sender-profile.js';
import { HL7_NULL, type Hl7Message, type Hl7Repetition, type Hl7Segment } from './er7.js';
import { parseHl7Date } from './hl7-time.js';
import { readPatientIdentifiers } from './patient-identifiers.js';

/** PID-32 values that say the NHS number was traced against PDS: HL7 UK table 0445 `NSTS01`, and its bare form. */
const VERIFIED_NHS_NUMBER = new Set(['NSTS01', '01']);

/** HL7 table 0001 letters and the NHS Data Dictionary "Person Gender Code" digits ITK senders use. */
const SEXES: Readonly<Record<string, Sex>> = {
  M: 'MALE',
  F: 'FEMALE',
  O: 'OTHER',
  A: 'OTHER',
  U: 'UNKNOWN',
  N: 'UNKNOWN',
  '1': 'MALE',
  '2': 'FEMALE',
  '9': 'OTHER',
  '0': 'UNKNOWN',
};

/** XPN-7 name types, most wanted first: legal, then display. */
const NAME_TYPE_PREFERENCE = ['L', 'D'];

export function readPerson(message: Hl7Message, profile: SenderProfile): PersonDetails {
  const pid = message.segment('PID');
  if (pid === undefined) throw new FeedMessageError('FAIL', { path: 'PID', hl7: { segment: 'PID' } }, 'the message has no PID segment', '100');
  const { nhsNumbers, localIds, localIdsLikeNhsNumbers } = readPatientIdentifiers(pid, 3, profile);
  const nhsNumber = nhsNumbers[0] ?? null;
  const { name, familyName } = chooseName(pid);
  return {
    nhsNumber,
    nhsNumberVerified: nhsNumber !== null && isNhsNumberVerified(pid, profile),
    localIds,
    ...(localIdsLikeNhsNumbers.length > 0 ? { localIdsLikeNhsNumbers } : {}),
    title: text(name.component(5)),
    givenName: text(name.component(2)),
    familyName,
    dateOfBirth: text(pid.value(7)) === null ? null : parseHl7Date(pid.value(7), pid.location(7)),
    sex: SEXES[pid.value(8).trim().toUpperCase()] ?? 'UNKNOWN',
    address: readAddress(pid),
    phones: [...readPhones(pid, 13, 'HOME'), ...readPhones(pid, 14, 'WORK')],
    gpPracticeOdsCode: readGpPractice(message.segment('PD1')),
  };
}

/** A value, or null where it is empty or the HL7 null `""`. */
function text(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' || trimmed === HL7_NULL ? null : trimmed;
}

function chooseName(pid: Hl7Segment): { name: Hl7Repetition; familyName: string } {
  const named = pid.repetitions(5).flatMap((name, index) => {
    const familyName = text(name.component(1));
    return familyName === null ? [] : [{ name, familyName, repetition: index + 1 }];
  });
  const preferred = NAME_TYPE_PREFERENCE.map((type) => named.find(({ name }) => name.component(7) === type)).find((found) => found !== undefined);
  const chosen = preferred ?? named[0];
  if (chosen === undefined) throw new FeedMessageError('FAIL', pid.location(5, undefined, 1), 'the patient has no family name (PID-5.1)', '101');
  // Family and given names key the hub's searches and matches.
  for (const component of [1, 2]) {
    const part = chosen.name.component(component);
    if (part.length > MAX_NAME_LENGTH) {
      throw new FeedMessageError('FAIL', pid.location(5, chosen.repetition, component), `the name is ${part.length} characters, over the ${MAX_NAME_LENGTH} the gateway keeps`, '102');
    }
  }
  return chosen;
}

function isNhsNumberVerified(pid: Hl7Segment, profile: SenderProfile): boolean {
  const statuses = pid.repetitions(32).map((status) => status.component(1).trim()).filter((status) => status !== '');
  if (statuses.length === 0) return profile.nhsNumberVerifiedWhenUnstated;
  return statuses.some((status) => VERIFIED_NHS_NUMBER.has(status));
}

/**
 * The home (XAD-7 `H`) address, else the first: street and other designation
 * (ITK's locality) as lines, city as town. The county (XAD-4) is left out, as
 * Royal Mail addressing does. A postcode that is not a UK one is dropped, not
 * an error: the person still needs the service.
 */
function readAddress(pid: Hl7Segment): PersonDetails['address'] {
  const addresses = pid.repetitions(11);
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

function readPhones(pid: Hl7Segment, field: 13 | 14, unmarked: PhoneUse): Phone[] {
  return pid.repetitions(field).flatMap((xtn): Phone[] => {
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

/** PD1-3: the practice's ODS code is XON-10 from v2.5, XON-3 before. */
function readGpPractice(pd1: Hl7Segment | undefined): string | null {
  for (const xon of pd1?.repetitions(3) ?? []) {
    const code = text(xon.component(10)) ?? text(xon.component(3));
    if (code !== null) return code;
  }
  return null;
}
