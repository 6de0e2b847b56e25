import { demographicKey, demographicKeysOf, matchCustomer, type CustomerMatch, type MatchCandidates, type ReviewBasis } from '../../src/customers/identity-matching.js';
import type { PersonDetails } from '../../src/referrals/discharge-message.js';

const PERSON: PersonDetails = {
  nhsNumber: '9990000018',
  nhsNumberVerified: true,
  localIds: [{ system: 'PAS:RX1:RX1', value: '9990000026' }],
  title: null,
  givenName: 'Alice',
  familyName: 'TESTER',
  dateOfBirth: '1945-03-17',
  sex: 'FEMALE',
  address: null,
  phones: [],
  gpPracticeOdsCode: null,
};
const LIKE_NHS_NUMBER: PersonDetails = { ...PERSON, localIdsLikeNhsNumbers: [{ path: 'PID-3[1]' }] };
const NONE: MatchCandidates = { byNhsNumber: null, byLink: null, byDemographics: [] };

describe('matchCustomer: a local id shaped and checked like an NHS number', () => {
  test('puts the link to review even where a verified NHS number found the customer', () => {
    const candidates = { ...NONE, byNhsNumber: { id: 'c1' } };
    expect(matchCustomer(PERSON, candidates)).toEqual({ kind: 'EXISTING', customerId: 'c1', needsReview: false, basis: null });
    expect(matchCustomer(LIKE_NHS_NUMBER, candidates)).toEqual({ kind: 'EXISTING', customerId: 'c1', needsReview: true, basis: 'NHS_NUMBER_AS_LOCAL_ID' });
  });

  test('puts a new customer\'s link to review', () => {
    expect(matchCustomer(LIKE_NHS_NUMBER, NONE)).toEqual({ kind: 'NEW', needsReview: true, basis: 'NHS_NUMBER_AS_LOCAL_ID' });
  });

  test('keeps a confirmed link to the same customer as judged, but not one the person has left', () => {
    const confirmed = { customerId: 'c1', needsReview: false, nhsNumber: '9990000018' };
    expect(matchCustomer(LIKE_NHS_NUMBER, { ...NONE, byNhsNumber: { id: 'c1' }, byLink: confirmed })).toMatchObject({ customerId: 'c1', needsReview: false });
    expect(matchCustomer(LIKE_NHS_NUMBER, { ...NONE, byNhsNumber: { id: 'c2' }, byLink: confirmed })).toMatchObject({
      customerId: 'c2',
      needsReview: true,
      basis: 'NHS_NUMBER_AS_LOCAL_ID',
    });
  });

  test('leaves a review already due for another reason with that reason', () => {
    const unverified = { ...LIKE_NHS_NUMBER, nhsNumberVerified: false };
    expect(matchCustomer(unverified, { ...NONE, byNhsNumber: { id: 'c1' } })).toEqual({
      kind: 'EXISTING',
      customerId: 'c1',
      needsReview: true,
      basis: 'UNVERIFIED_NHS_NUMBER_MATCH',
    });
  });
});

/**
 * Incoming people against the customers already held. The candidates are
 * found as the repository finds them (matchCandidatesInto): the holder of the
 * NHS number, the holder of the first local id's link, and every customer
 * whose demographic key equals the person's.
 */
interface Held {
  id: string;
  person: PersonDetails;
  links?: { system: string; value: string; needsReview: boolean }[];
}

function candidatesFor(incoming: PersonDetails, held: readonly Held[]): MatchCandidates {
  const [sent] = incoming.localIds;
  const links = held.flatMap((customer) => (customer.links ?? []).map((link) => ({ customer, link })));
  const linked = sent && links.find(({ link }) => link.system === sent.system && link.value === sent.value);
  const keyOf = (person: PersonDetails) => {
    const keys = demographicKeysOf(person);
    return keys && demographicKey(keys);
  };
  const key = keyOf(incoming);
  return {
    byNhsNumber: held.find((customer) => incoming.nhsNumber !== null && customer.person.nhsNumber === incoming.nhsNumber) ?? null,
    byLink: linked ? { customerId: linked.customer.id, needsReview: linked.link.needsReview, nhsNumber: linked.customer.person.nhsNumber } : null,
    byDemographics: key === null ? [] : held.filter((customer) => keyOf(customer.person) === key),
  };
}

const HOME = { lines: ['1 Test Row'], town: 'Northgate', postcode: 'NE1 4LP' };
const EDITH: PersonDetails = {
  nhsNumber: null,
  nhsNumberVerified: false,
  localIds: [],
  title: null,
  givenName: 'Edith',
  familyName: 'SYNTHETIC',
  dateOfBirth: '1938-11-02',
  sex: 'FEMALE',
  address: HOME,
  phones: [],
  gpPracticeOdsCode: null,
};
const person = (changes: Partial<PersonDetails>): PersonDetails => ({ ...EDITH, ...changes });
const verified = (nhsNumber: string) => ({ nhsNumber, nhsNumberVerified: true });
const unverified = (nhsNumber: string) => ({ nhsNumber, nhsNumberVerified: false });
const PAS = (value: string) => [{ system: 'PAS:RX1:RX1', value }];

// Held customers: Edith with her NHS number, and without one.
const EDITH_NUMBERED: Held = { id: 'edith', person: person(verified('9990000034')) };
const EDITH_UNNUMBERED: Held = { id: 'edith', person: EDITH };

const SAME = (customerId: string): CustomerMatch => ({ kind: 'EXISTING', customerId, needsReview: false, basis: null });
const REVIEW = (customerId: string, basis: ReviewBasis | null): CustomerMatch => ({ kind: 'EXISTING', customerId, needsReview: true, basis });
const NEW: CustomerMatch = { kind: 'NEW', needsReview: false, basis: null };

describe('matchCustomer: incoming people against the customers held', () => {
  test.each<[string, PersonDetails, Held[], CustomerMatch]>([
    // A verified NHS number is proof, whatever else agrees or differs.
    ['verified NHS number the customer holds', person(verified('9990000034')), [EDITH_NUMBERED], SAME('edith')],
    [
      'verified NHS number, the customer holding it under another name and address',
      person({ ...verified('9990000034'), familyName: 'MARRIED', address: { ...HOME, postcode: 'NE2 1AA' } }),
      [EDITH_NUMBERED],
      SAME('edith'),
    ],
    [
      'verified NHS number nobody holds, a customer with the same name, birth date and postcode but another number',
      person(verified('9990000042')),
      [EDITH_NUMBERED],
      NEW,
    ],
    [
      'verified NHS number nobody holds, same name, birth date and postcode as a customer without a number',
      person(verified('9990000042')),
      [EDITH_UNNUMBERED],
      NEW,
    ],
    [
      'verified NHS number held by one customer while the local id links another',
      person({ ...verified('9990000034'), localIds: PAS('H100') }),
      [EDITH_NUMBERED, { id: 'other', person: person({ givenName: 'Olive' }), links: [{ system: 'PAS:RX1:RX1', value: 'H100', needsReview: false }] }],
      SAME('edith'),
    ],
    [
      'verified NHS number nobody holds, through a confirmed link to a customer without one: the person, now traced',
      person({ ...verified('9990000042'), localIds: PAS('H100') }),
      [{ ...EDITH_UNNUMBERED, links: [{ system: 'PAS:RX1:RX1', value: 'H100', needsReview: false }] }],
      SAME('edith'),
    ],
    [
      'verified NHS number nobody holds, through a confirmed link to a customer with another number',
      person({ ...verified('9990000042'), localIds: PAS('H100') }),
      [{ ...EDITH_NUMBERED, links: [{ system: 'PAS:RX1:RX1', value: 'H100', needsReview: false }] }],
      NEW,
    ],
    [
      'verified NHS number nobody holds, through a link still waiting for review',
      person({ ...verified('9990000042'), localIds: PAS('H100') }),
      [{ ...EDITH_NUMBERED, links: [{ system: 'PAS:RX1:RX1', value: 'H100', needsReview: true }] }],
      REVIEW('edith', null),
    ],
    // Without a verified number, a link already judged is kept as judged.
    [
      'no NHS number, through a confirmed link',
      person({ localIds: PAS('H100'), givenName: 'Edie' }),
      [{ ...EDITH_UNNUMBERED, links: [{ system: 'PAS:RX1:RX1', value: 'H100', needsReview: false }] }],
      SAME('edith'),
    ],
    [
      'no NHS number, through a link waiting for review',
      person({ localIds: PAS('H100') }),
      [{ ...EDITH_UNNUMBERED, links: [{ system: 'PAS:RX1:RX1', value: 'H100', needsReview: true }] }],
      REVIEW('edith', null),
    ],
    [
      'unverified NHS number another customer holds, through a confirmed link: the link stands',
      person({ ...unverified('9990000034'), localIds: PAS('H100') }),
      [EDITH_NUMBERED, { id: 'other', person: person({ givenName: 'Olive' }), links: [{ system: 'PAS:RX1:RX1', value: 'H100', needsReview: false }] }],
      SAME('other'),
    ],
    // Anything less than proof links for review.
    ['unverified NHS number a customer holds', person(unverified('9990000034')), [EDITH_NUMBERED], REVIEW('edith', 'UNVERIFIED_NHS_NUMBER_MATCH')],
    [
      'unverified NHS number a customer holds, another customer with the same name, birth date and postcode: the number wins',
      person(unverified('9990000034')),
      [EDITH_NUMBERED, { id: 'namesake', person: EDITH }],
      REVIEW('edith', 'UNVERIFIED_NHS_NUMBER_MATCH'),
    ],
    [
      'unverified NHS number nobody holds, same name, birth date and postcode as one customer',
      person(unverified('9990000042')),
      [EDITH_NUMBERED],
      REVIEW('edith', 'DEMOGRAPHIC_MATCH'),
    ],
    ['unverified NHS number nobody holds, nobody alike', person(unverified('9990000042')), [], { kind: 'NEW', needsReview: true, basis: 'NEW_WITH_UNVERIFIED_NHS_NUMBER' }],
    ['no NHS number, same name, birth date and postcode as one customer', EDITH, [EDITH_NUMBERED], REVIEW('edith', 'DEMOGRAPHIC_MATCH')],
    ['no NHS number, nobody held', EDITH, [], NEW],
    // Name variants: case and later given names are the same keys; anything else is another person.
    ['no NHS number, names in another case', person({ givenName: 'EDITH', familyName: 'Synthetic' }), [EDITH_UNNUMBERED], REVIEW('edith', 'DEMOGRAPHIC_MATCH')],
    ['no NHS number, a middle name the customer was held without', person({ givenName: 'Edith Rose' }), [EDITH_UNNUMBERED], REVIEW('edith', 'DEMOGRAPHIC_MATCH')],
    ['no NHS number, the customer held with a middle name', EDITH, [{ id: 'edith', person: person({ givenName: ' edith  Rose ' }) }], REVIEW('edith', 'DEMOGRAPHIC_MATCH')],
    ['no NHS number, the middle name sent first', person({ givenName: 'Rose Edith' }), [EDITH_UNNUMBERED], NEW],
    ['no NHS number, a short form of the given name', person({ givenName: 'Edie' }), [EDITH_UNNUMBERED], NEW],
    ['no NHS number, a double-barrelled family name written apart', person({ familyName: 'SYNTHETIC-TEST' }), [{ id: 'edith', person: person({ familyName: 'SYNTHETIC TEST' }) }], NEW],
    // A demographic match needs all four keys and exactly one customer.
    ['no NHS number, moved house', person({ address: { ...HOME, postcode: 'NE2 1AA' } }), [EDITH_UNNUMBERED], NEW],
    ['no NHS number, another birth date', person({ dateOfBirth: '1938-11-03' }), [EDITH_UNNUMBERED], NEW],
    ['no NHS number, no address sent', person({ address: null }), [{ id: 'edith', person: person({ address: null }) }], NEW],
    ['no NHS number, an address without a postcode', person({ address: { ...HOME, postcode: null } }), [{ id: 'edith', person: person({ address: { ...HOME, postcode: null } }) }], NEW],
    ['no NHS number, no birth date', person({ dateOfBirth: null }), [{ id: 'edith', person: person({ dateOfBirth: null }) }], NEW],
    ['no NHS number, no given name', person({ givenName: null }), [{ id: 'edith', person: person({ givenName: null }) }], NEW],
    ['twins at one address, the other twin held', person({ givenName: 'Ethel' }), [EDITH_UNNUMBERED], NEW],
    [
      'twins at one address with the same first given name, both held: which one is not guessed',
      person({ givenName: 'Edith Rose' }),
      [
        { id: 'edith-rose', person: person({ givenName: 'Edith Rose' }) },
        { id: 'edith-may', person: person({ givenName: 'Edith May' }) },
      ],
      NEW,
    ],
    [
      'twins at one address with the same first given name, both held, an unverified number neither holds',
      person({ ...unverified('9990000042'), givenName: 'Edith May' }),
      [
        { id: 'edith-rose', person: person({ ...verified('9990000050'), givenName: 'Edith Rose' }) },
        { id: 'edith-may', person: person({ givenName: 'Edith May' }) },
      ],
      { kind: 'NEW', needsReview: true, basis: 'NEW_WITH_UNVERIFIED_NHS_NUMBER' },
    ],
  ])('%s', (_case, incoming, held, expected) => {
    expect(matchCustomer(incoming, candidatesFor(incoming, held))).toEqual(expected);
  });
});

describe('demographicKeysOf and demographicKey', () => {
  test('the keys are the family name, the first given name case-folded, the birth date and the postcode', () => {
    expect(demographicKeysOf(person({ givenName: ' Edith  Rose' }))).toEqual({ family: 'SYNTHETIC', given: 'edith', dateOfBirth: '1938-11-02', postcode: 'NE1 4LP' });
  });

  test.each<[string, Partial<PersonDetails>]>([
    ['a given name', { givenName: null }],
    ['a given name (blank)', { givenName: '' }],
    ['a family name', { familyName: '' }],
    ['a birth date', { dateOfBirth: null }],
    ['an address', { address: null }],
    ['a postcode', { address: { ...HOME, postcode: null } }],
  ])('no keys without %s', (_missing, changes) => {
    expect(demographicKeysOf(person(changes))).toBeNull();
  });

  test('one text for names alike in case, another for any other key', () => {
    const keys = demographicKeysOf(EDITH)!;
    expect(demographicKey({ ...keys, family: 'synthetic', given: 'EDITH' })).toBe(demographicKey(keys));
    expect(new Set([keys, { ...keys, dateOfBirth: '1938-11-03' }, { ...keys, postcode: 'NE1 4LQ' }, { ...keys, family: 'SYNTHETICS' }].map(demographicKey)).size).toBe(4);
  });

  test('the keys cannot run into each other', () => {
    const keys = demographicKeysOf(EDITH)!;
    expect(demographicKey({ ...keys, family: 'ab', given: 'c' })).not.toBe(demographicKey({ ...keys, family: 'a', given: 'bc' }));
  });
});
