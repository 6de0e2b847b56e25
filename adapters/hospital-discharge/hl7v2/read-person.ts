/**
 * The person a message is about, from PID and PD1 (and their contacts from
 * NK1), in the HL7 UK / ITK conventions and the variants real PASes send.
 */
import type { Sex } from '../../../src/customers/ports.js';
import { FeedMessageError } from '../../../src/inbox/ports.js';
import { MAX_NAME_LENGTH, type PersonDetails } from '../../../src/referrals/ports.js';
import type { SenderProfile } from '../sender-profile.js';
import { readAddress, readPhones, text } from './address-and-phones.js';
import { readContacts } from './read-contacts.js';
import type { Hl7Message, Hl7Repetition, Hl7Segment } from './er7.js';
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
/** XPN-7 `N`, "Nickname / 'Call me' name" (HL7 table 0200): the person's preferred name, never their name of record. */
const CALL_ME_NAME = 'N';

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
    address: readAddress(pid, 11),
    phones: [...readPhones(pid, 13, 'HOME'), ...readPhones(pid, 14, 'WORK')],
    gpPracticeOdsCode: readGpPractice(message.segment('PD1')),
    ...readPreferredName(pid),
    ...readContacts(message, profile),
  };
}

function chooseName(pid: Hl7Segment): { name: Hl7Repetition; familyName: string } {
  const named = pid.repetitions(5).flatMap((name, index) => {
    const familyName = text(name.component(1));
    return familyName === null ? [] : [{ name, familyName, repetition: index + 1 }];
  });
  const preferred = NAME_TYPE_PREFERENCE.map((type) => named.find(({ name }) => name.component(7) === type)).find((found) => found !== undefined);
  const chosen = preferred ?? named.find(({ name }) => name.component(7) !== CALL_ME_NAME) ?? named[0];
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

/** The given name of the first `N` repetition of PID-5 that has one. */
function readPreferredName(pid: Hl7Segment): Pick<PersonDetails, 'preferredName'> {
  const callMe = pid.repetitions(5).filter((name) => name.component(7) === CALL_ME_NAME);
  const preferredName = callMe.map((name) => text(name.component(2))).find((given) => given !== null);
  return preferredName ? { preferredName } : {};
}

function isNhsNumberVerified(pid: Hl7Segment, profile: SenderProfile): boolean {
  const statuses = pid.repetitions(32).map((status) => status.component(1).trim()).filter((status) => status !== '');
  if (statuses.length === 0) return profile.nhsNumberVerifiedWhenUnstated;
  return statuses.some((status) => VERIFIED_NHS_NUMBER.has(status));
}

/** PD1-3: the practice's ODS code is XON-10 from v2.5, XON-3 before. */
function readGpPractice(pd1: Hl7Segment | undefined): string | null {
  for (const xon of pd1?.repetitions(3) ?? []) {
    const code = text(xon.component(10)) ?? text(xon.component(3));
    if (code !== null) return code;
  }
  return null;
}
