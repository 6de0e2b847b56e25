import type { PersonDetails } from '../../src/referrals/discharge-message.js';
import { referredPersonAfter } from '../../src/referrals/referred-person.js';

const FULL: PersonDetails = {
  nhsNumber: '9990000018',
  nhsNumberVerified: true,
  localIds: [{ system: 'PAS:RXX', value: 'RXX1' }],
  title: 'Mrs',
  givenName: 'Ada',
  familyName: 'Thinsent',
  dateOfBirth: '1940-01-01',
  sex: 'FEMALE',
  address: { lines: ['1 First Street'], town: 'Testville', postcode: 'LS1 4AP' },
  phones: [{ number: '01134960000', use: 'HOME' }],
  gpPracticeOdsCode: 'B82001',
};

/** What a cancel from many PASes carries: a name and a hospital number. */
const THIN: PersonDetails = {
  nhsNumber: null,
  nhsNumberVerified: false,
  localIds: [{ system: 'PAS:RXX', value: 'RXX1' }],
  title: null,
  givenName: null,
  familyName: 'Thinsent',
  dateOfBirth: null,
  sex: 'UNKNOWN',
  address: null,
  phones: [],
  gpPracticeOdsCode: null,
};

describe('the referral\'s view of the person', () => {
  test('the first message is the view', () => {
    expect(referredPersonAfter(null, THIN, true)).toEqual(THIN);
  });

  test('a thin newer message blanks nothing', () => {
    expect(referredPersonAfter(FULL, THIN, true)).toEqual(FULL);
  });

  test('what a newer message says replaces what was known, field by field', () => {
    const moved = { ...THIN, address: { lines: ['2 Second Street'], town: 'Testville', postcode: 'LS2 7UE' }, familyName: 'Newname' };
    expect(referredPersonAfter(FULL, moved, true)).toEqual({ ...FULL, familyName: 'Newname', address: moved.address });
  });

  test('an older message arriving late only fills what the view lacks', () => {
    const stale = { ...FULL, familyName: 'Oldname', address: { lines: ['9 Old Road'], town: null, postcode: null } };
    const view = { ...THIN, familyName: 'Newname', givenName: 'Ada' };
    expect(referredPersonAfter(view, stale, false)).toEqual({ ...FULL, familyName: 'Newname', givenName: 'Ada', address: stale.address });
  });

  test('an NHS number and whether it was traced stay together', () => {
    const untraced = { ...THIN, nhsNumber: '9990000026', nhsNumberVerified: false };
    expect(referredPersonAfter(FULL, untraced, true)).toMatchObject({ nhsNumber: '9990000026', nhsNumberVerified: false });
    expect(referredPersonAfter(untraced, THIN, true)).toMatchObject({ nhsNumber: '9990000026', nhsNumberVerified: false });
  });

  test('hospital numbers from every message are kept, each once', () => {
    const renumbered = { ...THIN, localIds: [{ system: 'PAS:RXX', value: 'RXX2' }, { system: 'PAS:RXX', value: 'RXX1' }] };
    expect(referredPersonAfter(FULL, renumbered, true).localIds).toEqual([{ system: 'PAS:RXX', value: 'RXX2' }, { system: 'PAS:RXX', value: 'RXX1' }]);
  });

  test('contacts and the preferred name: a message without them keeps them; one with them replaces the list whole', () => {
    const daughter = { name: 'Dora Thinsent', relationship: { code: 'DAU', codeSystem: null, display: 'Daughter' }, phones: [], address: null, isNextOfKin: true, isMainCarer: false };
    const friend = { ...daughter, name: 'Frank Sample', relationship: null, isNextOfKin: false, isMainCarer: true };
    const withContacts = { ...FULL, preferredName: 'Addie', contacts: [daughter, friend] };
    expect(referredPersonAfter(withContacts, THIN, true)).toEqual(withContacts);
    expect(referredPersonAfter(withContacts, { ...THIN, contacts: [friend] }, true).contacts).toEqual([friend]);
    // A stale message's contacts fill only a view that has none.
    expect(referredPersonAfter({ ...THIN, contacts: [friend] }, withContacts, false)).toMatchObject({ contacts: [friend], preferredName: 'Addie' });
  });
});

describe('what the referral keeps of a message\'s warnings', () => {
  test('where a message placed identifiers it warned of stays with the message, not the person', () => {
    const warned: PersonDetails = { ...FULL, localIdsLikeNhsNumbers: [{ path: 'PID-3[2]' }], setAsideNhsNumbers: [{ path: 'Patient.identifier[1]' }] };
    expect(referredPersonAfter(null, warned, true)).toEqual(FULL);
    expect(referredPersonAfter(FULL, warned, true)).toEqual(FULL);
  });
});
