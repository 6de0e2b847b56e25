/**
 * The person's contacts from NK1 (Next of Kin / Associated Parties), one per
 * segment: NK1-2 name (else NK1-13, an organisation such as a care agency),
 * NK1-3 relationship, NK1-4 address, NK1-5/6 phones, NK1-7 contact role.
 * Whether the contact is next of kin or carer is what the codes say
 * (contact-relationships.ts) or, for a trust that marks it elsewhere (a Z
 * segment after each NK1), what its profile's field says.
 */
import type { ContactDetails, PersonDetails } from '../../../src/referrals/ports.js';
import { contactRelationship, marksCarer, marksNextOfKin, type SentCode } from '../contact-relationships.js';
import type { ContactFieldPointer, SenderProfile } from '../sender-profile.js';
import { readAddress, readPhones, text } from './address-and-phones.js';
import type { Hl7Message, Hl7Segment } from './er7.js';

/** HL7 table 0136 `Y`, and the other ways a PAS's Z field says yes. */
const YES = new Set(['Y', 'YES', 'T', 'TRUE', '1']);

/**
 * Left out where no NK1 names anyone: a message that says nothing of the
 * person's contacts (most A08s and cancels carry no NK1) leaves them as they
 * were, and one NK1 without a name is no reason to forget the others.
 */
export function readContacts(message: Hl7Message, profile: SenderProfile): Pick<PersonDetails, 'contacts'> {
  const contacts = message.all.flatMap((segment, index) => (segment.id === 'NK1' ? readContact(message, index, profile) : []));
  return contacts.length > 0 ? { contacts } : {};
}

function readContact(message: Hl7Message, index: number, profile: SenderProfile): ContactDetails[] {
  const nk1 = message.all[index]!;
  const name = personName(nk1) ?? text(nk1.value(13, 1));
  if (name === null) return [];
  const relationship = codeOf(nk1, 3, false);
  const role = codeOf(nk1, 7, true);
  return [
    {
      name,
      relationship: contactRelationship(relationship) ?? contactRelationship(role),
      phones: [...readPhones(nk1, 5, 'HOME'), ...readPhones(nk1, 6, 'WORK')],
      address: readAddress(nk1, 4),
      isNextOfKin: marksNextOfKin(relationship) || marksNextOfKin(role) || saysYes(message, index, profile.nextOfKinField),
      isMainCarer: marksCarer(relationship) || marksCarer(role) || saysYes(message, index, profile.mainCarerField),
    },
  ];
}

/** The first NK1-2 repetition with a name in it: title, given names, family name, as written. */
function personName(nk1: Hl7Segment): string | null {
  for (const xpn of nk1.repetitions(2)) {
    const parts = [5, 2, 3, 1].map((component) => text(xpn.component(component))).filter((part) => part !== null);
    if (parts.length > 0) return parts.join(' ');
  }
  return null;
}

/** A CWE (CE before v2.5): code, text, and the table it names. */
function codeOf(nk1: Hl7Segment, field: number, inRoleField: boolean): SentCode {
  return { code: text(nk1.value(field, 1)), text: text(nk1.value(field, 2)), codeSystem: text(nk1.value(field, 3)), inRoleField };
}

/** The profile's field for this NK1: in the NK1 itself, or in the segment it names that follows this NK1 before the next one. */
function saysYes(message: Hl7Message, index: number, pointer: ContactFieldPointer | null): boolean {
  if (pointer === null) return false;
  const segment = pointer.segment === 'NK1' ? message.all[index] : followingSegment(message, index, pointer.segment);
  return segment !== undefined && YES.has(segment.value(pointer.field, pointer.component ?? 1).trim().toUpperCase());
}

function followingSegment(message: Hl7Message, index: number, id: string): Hl7Segment | undefined {
  for (const segment of message.all.slice(index + 1)) {
    if (segment.id === 'NK1') return undefined;
    if (segment.id === id) return segment;
  }
  return undefined;
}
