/**
 * A customer's demographics against what a hospital said of the person
 * (pure). A message says only what it carries: a sparse A08 with a name and a
 * hospital number says nothing of the address, so nothing it leaves out is a
 * difference or a change. Case and spacing are not differences: a PAS that
 * sends `SMITH` means the council's `Smith`.
 */
import type { DemographicField, RelatedPerson } from '../generated/graphql.js';
import type { ContactDetails, PersonDetails } from '../referrals/discharge-message.js';
import type { CustomerRecord } from './customer.js';
import { givenNamesAlike } from './given-names.js';

export const DEMOGRAPHIC_FIELDS: readonly DemographicField[] = [
  'NHS_NUMBER',
  'NAME',
  'DATE_OF_BIRTH',
  'SEX',
  'ADDRESS',
  'PHONES',
  'GP_PRACTICE',
  'PREFERRED_NAME',
  'CONTACTS',
];

/** Text as compared: case and runs of white space do not count. */
function folded(text: string | null | undefined): string {
  return (text ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Phone numbers as compared: the digits, in any order. */
function dialled(phones: readonly { number: string }[]): string {
  return phones.map((phone) => phone.number.replace(/\D/g, '')).sort().join(',');
}

function addressText(address: CustomerRecord['address'] | undefined): string {
  return address == null ? '' : folded([...address.lines, address.town, address.postcode].filter(Boolean).join(', '));
}

/**
 * A trust's contacts as the council's record keeps them: the relationship in
 * words, and the first phone number the trust gave (the record keeps one).
 */
export function relatedPeopleOf(contacts: readonly ContactDetails[]): RelatedPerson[] {
  return contacts.map((contact) => ({
    name: contact.name,
    relationship: contact.relationship?.display ?? null,
    phone: contact.phones[0]?.number ?? null,
    address: contact.address,
    isNextOfKin: contact.isNextOfKin,
    isMainCarer: contact.isMainCarer,
  }));
}

/** Contacts as compared: in any order, case, spacing and phone punctuation aside. */
function contactsText(contacts: readonly RelatedPerson[]): string {
  const each = contacts.map((c) =>
    JSON.stringify([folded(c.name), folded(c.relationship), dialled(c.phone ? [{ number: c.phone }] : []), addressText(c.address), c.isNextOfKin, c.isMainCarer]),
  );
  return each.sort().join('\n');
}

/** Whether the message says something about the field. */
const SAID: Readonly<Record<DemographicField, (person: PersonDetails) => boolean>> = {
  NHS_NUMBER: (person) => person.nhsNumber !== null,
  NAME: () => true,
  DATE_OF_BIRTH: (person) => person.dateOfBirth !== null,
  SEX: (person) => person.sex !== 'UNKNOWN',
  ADDRESS: (person) => person.address !== null,
  PHONES: (person) => person.phones.length > 0,
  GP_PRACTICE: (person) => person.gpPracticeOdsCode !== null,
  PREFERRED_NAME: (person) => person.preferredName !== undefined,
  CONTACTS: (person) => person.contacts !== undefined,
};

/** Whether what the message says of the field is what the record holds. */
const AGREES: Readonly<Record<DemographicField, (record: CustomerRecord, person: PersonDetails) => boolean>> = {
  NHS_NUMBER: (record, person) => record.nhsNumber === person.nhsNumber,
  NAME: (record, person) =>
    folded(record.name.family) === folded(person.familyName) &&
    (person.givenName === null || givenNamesAlike(record.name.given, person.givenName)) &&
    (person.title === null || folded(record.name.title) === folded(person.title)),
  DATE_OF_BIRTH: (record, person) => record.dateOfBirth === person.dateOfBirth,
  SEX: (record, person) => record.sex === person.sex,
  ADDRESS: (record, person) => addressText(record.address) === addressText(person.address),
  PHONES: (record, person) => dialled(record.phones) === dialled(person.phones),
  GP_PRACTICE: (record, person) => record.gpPracticeOdsCode === person.gpPracticeOdsCode,
  PREFERRED_NAME: (record, person) => folded(record.name.preferred) === folded(person.preferredName),
  CONTACTS: (record, person) => contactsText(record.contacts) === contactsText(relatedPeopleOf(person.contacts ?? [])),
};

/** The fields where the message says something other than the record holds. */
export function demographicDifferences(record: CustomerRecord, person: PersonDetails): DemographicField[] {
  return DEMOGRAPHIC_FIELDS.filter((field) => SAID[field](person) && !AGREES[field](record, person));
}

/** Takes one field of what the message says onto the record. */
const TAKE: Readonly<Record<DemographicField, (record: CustomerRecord, person: PersonDetails) => CustomerRecord>> = {
  NHS_NUMBER: (record, person) => ({ ...record, nhsNumber: person.nhsNumber }),
  NAME: (record, person) => ({
    ...record,
    name: {
      title: person.title ?? record.name.title,
      given: person.givenName ?? record.name.given,
      family: person.familyName,
      preferred: record.name.preferred,
    },
  }),
  DATE_OF_BIRTH: (record, person) => ({ ...record, dateOfBirth: person.dateOfBirth }),
  SEX: (record, person) => ({ ...record, sex: person.sex }),
  ADDRESS: (record, person) => ({ ...record, address: person.address }),
  PHONES: (record, person) => ({ ...record, phones: person.phones }),
  GP_PRACTICE: (record, person) => ({ ...record, gpPracticeOdsCode: person.gpPracticeOdsCode }),
  PREFERRED_NAME: (record, person) => ({ ...record, name: { ...record.name, preferred: person.preferredName ?? null } }),
  CONTACTS: (record, person) => ({ ...record, contacts: relatedPeopleOf(person.contacts ?? []) }),
};

/** The record with these fields taken from the message, where it says something of them. */
export function takeDemographics(record: CustomerRecord, person: PersonDetails, fields: readonly DemographicField[], at: Date): CustomerRecord {
  const taken = fields.reduce((next, field) => (SAID[field](person) ? TAKE[field](next, person) : next), record);
  return { ...taken, updatedAt: at };
}

/**
 * The record as a message from the trust that owns it leaves it: what the
 * message says replaces what was known, what it leaves out is kept, and an
 * NHS number is only ever added (a number the record holds is changed by a
 * merge or a coordinator, never by a message).
 */
export function withWhatWasSaid(record: CustomerRecord, person: PersonDetails, at: Date): CustomerRecord {
  const fields = DEMOGRAPHIC_FIELDS.filter((field) => field !== 'NHS_NUMBER' || record.nhsNumber === null);
  return takeDemographics(record, person, fields, at);
}

/** Whether two records say the same of the person (their demographics, the NHS number included). */
export function sameDemographics(a: CustomerRecord, b: CustomerRecord): boolean {
  const said = (c: CustomerRecord) =>
    JSON.stringify([c.nhsNumber, c.name.title, c.name.given, c.name.family, c.name.preferred, c.dateOfBirth, c.sex, c.address, c.phones, c.gpPracticeOdsCode, c.contacts]);
  return said(a) === said(b);
}
