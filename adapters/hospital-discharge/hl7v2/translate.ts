/**
 * HL7 v2 ADT -> DischargeMessage, the port intake folds. Pure: the message is
 * already split, decoded and parsed; the sender's profile says how this
 * trust's messages differ from the ITK conventions.
 */
import { FeedMessageError } from '../../../src/inbox/ports.js';
import type {
  DischargeMessage,
  DischargeMessageHeader,
  PersonDetails,
  PersonIdentifier,
  ReportedDeath,
  SpellEventKind,
} from '../../../src/referrals/ports.js';
import type { SenderProfile } from '../sender-profile.js';
import type { Hl7Message } from './er7.js';
import { parseHl7Timestamp } from './hl7-time.js';
import { readPatientIdentifiers } from './patient-identifiers.js';
import { readDeath } from './read-death.js';
import { readPerson } from './read-person.js';
import { readSpellEvent, readSpellId } from './read-spell-event.js';
import { checkSupportedMessage } from './supported-messages.js';

/** The trigger events the hub folds into a spell; every other ADT event only updates the person. */
const SPELL_EVENTS: Readonly<Record<string, SpellEventKind>> = {
  A01: 'ADMITTED',
  A04: 'ADMITTED',
  A16: 'DISCHARGE_PLANNED',
  A25: 'DISCHARGE_PLAN_CANCELLED',
  A03: 'DISCHARGED',
  A13: 'DISCHARGE_CANCELLED',
  A11: 'ADMISSION_CANCELLED',
};

/**
 * Events that say something changed: about a spell when they name one (its
 * details restated, A08; the person moved, A02, or back again, A12, or
 * between outpatient and inpatient, A06, A07), else about the person.
 */
const UPDATES: Readonly<Record<string, SpellEventKind>> = { A08: 'UPDATED', A02: 'TRANSFERRED', A12: 'TRANSFERRED', A06: 'TRANSFERRED', A07: 'TRANSFERRED' };

/** MRG fields holding the identifiers the merged-away record had: prior patient identifier list, prior alternate id, prior patient id. */
const MRG_IDENTIFIER_FIELDS = [1, 2, 4];

export function translateHl7v2(message: Hl7Message, profile: SenderProfile): DischargeMessage {
  const trigger = checkSupportedMessage(message);
  const header = readHeader(message, profile, trigger);
  const pv1 = message.segment('PV1');
  const update = UPDATES[trigger];
  const kind = update ? (pv1 && readSpellId(message, pv1, profile) !== null ? update : undefined) : SPELL_EVENTS[trigger];
  const person = withDeath(readPerson(message, profile), readDeath(message, profile, kind ?? null));
  if (trigger === 'A40') return { kind: 'PERSON_MERGE', header, person, mergedFrom: readMergedFrom(message, profile) };
  if (kind === undefined) return { kind: 'PERSON_UPDATE', header, person };
  return { kind: 'SPELL_EVENT', header, person, event: readSpellEvent(message, kind, profile, header.sentAt) };
}

/** The person with what the message says of a death; left out where it says nothing. */
function withDeath(person: PersonDetails, death: ReportedDeath | undefined): PersonDetails {
  return death === undefined ? person : { ...person, death };
}

function readHeader(message: Hl7Message, profile: SenderProfile, trigger: string): DischargeMessageHeader {
  const msh = message.msh;
  const controlId = msh.value(10).trim();
  if (controlId === '') throw new FeedMessageError('FAIL', msh.location(10), 'the message has no control id (MSH-10)', '101');
  const sentAt = msh.value(7).trim();
  if (sentAt === '') throw new FeedMessageError('FAIL', msh.location(7), 'the message has no date/time (MSH-7)', '101');
  return {
    senderOdsCode: profile.trustOdsCode,
    controlId,
    messageType: `ADT^${trigger}`,
    sentAt: parseHl7Timestamp(sentAt, msh.location(7)),
  };
}

function readMergedFrom(message: Hl7Message, profile: SenderProfile): PersonIdentifier[] {
  const mrg = message.segment('MRG');
  if (mrg === undefined) throw new FeedMessageError('FAIL', { path: 'MRG', hl7: { segment: 'MRG' } }, 'a merge (A40) needs an MRG segment', '100');
  const identifiers = MRG_IDENTIFIER_FIELDS.flatMap((field) => {
    const { nhsNumbers, localIds } = readPatientIdentifiers(mrg, field, profile);
    return [...nhsNumbers.map((value) => ({ system: 'NHS', value })), ...localIds];
  });
  const unique = identifiers.filter((id, index) => identifiers.findIndex((other) => other.system === id.system && other.value === id.value) === index);
  if (unique.length === 0) throw new FeedMessageError('FAIL', mrg.location(1), 'the merge names no prior identifier (MRG-1)', '101');
  return unique;
}
