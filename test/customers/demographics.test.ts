import type { CustomerRecord } from '../../src/customers/customer.js';
import { demographicDifferences, takeDemographics, withWhatWasSaid } from '../../src/customers/demographics.js';
import type { PersonDetails } from '../../src/referrals/discharge-message.js';

const AT = new Date('2026-12-01T09:00:00Z');

const record: CustomerRecord = {
  id: '00000000-0000-4000-8000-000000000001',
  nhsNumber: null,
  name: { title: 'Mrs', given: 'Edith', family: 'Example', preferred: 'Edie' },
  dateOfBirth: '1940-02-14',
  sex: 'FEMALE',
  address: { lines: ['4 Sample Street'], town: 'Northgate', postcode: 'NX1 2AB' },
  phones: [{ number: '07700 900123', use: 'MOBILE' }],
  gpPracticeOdsCode: 'Y90001',
  demographicsTrust: null,
  deathReports: [],
  communication: { preferredLanguage: null, interpreterRequired: false, notes: 'Hard of hearing' },
  contacts: [{ name: 'Dora Example', relationship: 'Daughter', phone: '07700 900456', address: null, isNextOfKin: true, isMainCarer: true }],
  createdAt: new Date('2025-01-01T00:00:00Z'),
  updatedAt: new Date('2025-01-01T00:00:00Z'),
};

/** The person as a sparse message says them: a family name, and what the test adds. */
function said(overrides: Partial<PersonDetails> = {}): PersonDetails {
  return {
    nhsNumber: null,
    nhsNumberVerified: false,
    localIds: [],
    title: null,
    givenName: null,
    familyName: 'Example',
    dateOfBirth: null,
    sex: 'UNKNOWN',
    address: null,
    phones: [],
    gpPracticeOdsCode: null,
    ...overrides,
  };
}

describe('demographic differences', () => {
  test('what a message leaves out is no difference, and neither are case and spacing', () => {
    expect(demographicDifferences(record, said())).toEqual([]);
    expect(demographicDifferences(record, said({ familyName: 'EXAMPLE', givenName: ' edith ', phones: [{ number: '07700900123', use: 'HOME' }] }))).toEqual([]);
    expect(demographicDifferences(record, said({ address: { lines: ['4  SAMPLE street'], town: 'NORTHGATE', postcode: 'NX1 2AB' } }))).toEqual([]);
  });

  test('given names compare alike whether a feed sends every one (FHIR) or only the first (HL7 PID-5.2)', () => {
    expect(demographicDifferences(record, said({ givenName: 'Edith Mary' }))).toEqual([]);
    expect(demographicDifferences({ ...record, name: { ...record.name, given: 'Edith Mary' } }, said({ givenName: 'EDITH' }))).toEqual([]);
    expect(demographicDifferences({ ...record, name: { ...record.name, given: 'Edith Mary' } }, said({ givenName: 'Edith Jane' }))).toEqual(['NAME']);
    expect(demographicDifferences(record, said({ givenName: 'Mary Edith' }))).toEqual(['NAME']);
  });

  test('each field the message says otherwise is named, in one order', () => {
    const everything = said({
      nhsNumber: '9990000018',
      familyName: 'Other',
      dateOfBirth: '1941-02-14',
      sex: 'MALE',
      address: { lines: ['1 Elsewhere'], town: null, postcode: 'LS1 4AP' },
      phones: [{ number: '01632 960001', use: 'HOME' }],
      gpPracticeOdsCode: 'Y90002',
    });
    expect(demographicDifferences(record, everything)).toEqual(['NHS_NUMBER', 'NAME', 'DATE_OF_BIRTH', 'SEX', 'ADDRESS', 'PHONES', 'GP_PRACTICE']);
    expect(demographicDifferences(record, said({ title: 'Dr' }))).toEqual(['NAME']);
  });

  test('taking chosen fields changes only those, and only where the message said something', () => {
    const person = said({ familyName: 'Other', address: { lines: ['1 Elsewhere'], town: null, postcode: 'LS1 4AP' } });
    const taken = takeDemographics(record, person, ['ADDRESS', 'DATE_OF_BIRTH'], AT);
    expect(taken).toEqual({ ...record, address: person.address, updatedAt: AT });
  });

  test('the owning trust\'s message replaces what it says and keeps the rest; an NHS number is only ever added', () => {
    const updated = withWhatWasSaid(record, said({ givenName: 'Edi', nhsNumber: '9990000018' }), AT);
    expect(updated).toEqual({ ...record, name: { ...record.name, given: 'Edi' }, nhsNumber: '9990000018', updatedAt: AT });
    expect(withWhatWasSaid(updated, said({ nhsNumber: '9990000026' }), AT).nhsNumber).toBe('9990000018');
    // What the message leaves out (its contacts included) stays; what the council holds beyond demographics is never a message's to change.
    expect(updated.contacts).toBe(record.contacts);
    expect(updated.communication).toBe(record.communication);
  });
});

describe('the preferred name and contacts', () => {
  const dora = { name: 'DORA EXAMPLE', relationship: { code: '9', codeSystem: null, display: 'daughter' }, phones: [{ number: '07700900456', use: 'MOBILE' as const }], address: null, isNextOfKin: true, isMainCarer: true };

  test('the same contacts in other case and punctuation, and the same preferred name, are no difference', () => {
    expect(demographicDifferences(record, said({ preferredName: 'EDIE', contacts: [dora] }))).toEqual([]);
  });

  test('a preferred name or contacts said otherwise are differences of their own, apart from NAME', () => {
    expect(demographicDifferences(record, said({ preferredName: 'Edith' }))).toEqual(['PREFERRED_NAME']);
    expect(demographicDifferences(record, said({ contacts: [{ ...dora, isMainCarer: false }] }))).toEqual(['CONTACTS']);
    expect(demographicDifferences(record, said({ contacts: [dora, { ...dora, name: 'Frank Sample', relationship: null, isNextOfKin: false }] }))).toEqual(['CONTACTS']);
    expect(demographicDifferences({ ...record, contacts: [] }, said({ contacts: [dora] }))).toEqual(['CONTACTS']);
  });

  test('taking CONTACTS replaces the list whole, each with its relationship in words and its first phone', () => {
    const friend = { name: 'Frank Sample', relationship: null, phones: [{ number: '01134960321', use: 'HOME' as const }, { number: '07700900999', use: 'MOBILE' as const }], address: { lines: ['3 Sample Close'], town: null, postcode: 'LS2 7EW' }, isNextOfKin: false, isMainCarer: false };
    const taken = takeDemographics(record, said({ contacts: [friend], preferredName: 'Edith' }), ['CONTACTS'], AT);
    expect(taken.contacts).toEqual([{ name: 'Frank Sample', relationship: null, phone: '01134960321', address: friend.address, isNextOfKin: false, isMainCarer: false }]);
    expect(taken.name.preferred).toBe('Edie');
    expect(takeDemographics(record, said({ preferredName: 'Edith' }), ['PREFERRED_NAME', 'CONTACTS'], AT)).toEqual({ ...record, name: { ...record.name, preferred: 'Edith' }, updatedAt: AT });
  });

  test('the owning trust\'s message replaces the contacts and preferred name it says', () => {
    const updated = withWhatWasSaid({ ...record, contacts: [] }, said({ contacts: [dora], preferredName: 'Edie' }), AT);
    expect(updated.contacts).toEqual([{ name: 'DORA EXAMPLE', relationship: 'daughter', phone: '07700900456', address: null, isNextOfKin: true, isMainCarer: true }]);
  });
});
