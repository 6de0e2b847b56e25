import { matchCustomer, type MatchCandidates } from '../../src/customers/identity-matching.js';
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
