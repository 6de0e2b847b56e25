import { customerFromPerson } from '../../src/customers/resolve-customer.js';
import { isTrustsOwnSystem } from '../../src/customers/identifier-namespaces.js';
import { mergeHoldReasons, type MergeFacts } from '../../src/customers/merge-rules.js';

const AT = new Date('2026-12-01T09:00:00Z');
const person = {
  nhsNumber: null,
  nhsNumberVerified: false,
  localIds: [],
  title: null,
  givenName: 'Temp',
  familyName: 'Registration',
  dateOfBirth: null,
  sex: 'UNKNOWN' as const,
  address: null,
  phones: [],
  gpPracticeOdsCode: null,
};

/** A merged-away record wholly the trust's own: its temporary registration, one link, one referral. */
function ownFacts(overrides: Partial<MergeFacts> = {}): MergeFacts {
  return {
    sender: 'R1A',
    identifiers: [{ system: 'PAS:R1A:R1A', value: 'TEMP-1' }],
    survivorNeedsReview: false,
    mergedAway: customerFromPerson('00000000-0000-4000-8000-000000000001', person, 'R1A', AT),
    identities: [{ system: 'PAS:R1A:R1A' }, { system: 'SPELL:R1A' }],
    referrals: [{ referringTrustOdsCode: 'R1A' }],
    equipmentOrders: 0,
    ...overrides,
  };
}

describe('a trust\'s merge', () => {
  test('of records wholly its own is made at once', () => {
    expect(mergeHoldReasons(ownFacts())).toEqual([]);
  });

  test.each([
    ['an NHS number named', { identifiers: [{ system: 'NHS', value: '9990000018' }] }, ['NHS_NUMBER']],
    ['another trust\'s identifier named', { identifiers: [{ system: 'PAS:R1B', value: 'X' }] }, ['NOT_THE_SENDERS_IDENTIFIER']],
    ['a record holding an NHS number', { mergedAway: customerFromPerson('00000000-0000-4000-8000-000000000001', { ...person, nhsNumber: '9990000018' }, 'R1A', AT) }, ['HOLDS_NHS_NUMBER']],
    ['a record system\'s link', { identities: [{ system: 'PAS:R1A' }, { system: 'LAS' }] }, ['OTHER_LINKS']],
    ['another trust\'s link', { identities: [{ system: 'SPELL:R1B' }] }, ['OTHER_LINKS']],
    ['another trust\'s referral', { referrals: [{ referringTrustOdsCode: 'R1A' }, { referringTrustOdsCode: 'R1B' }] }, ['OTHER_REFERRALS']],
    ['the hub\'s own referral', { referrals: [{ referringTrustOdsCode: null }] }, ['OTHER_REFERRALS']],
    ['equipment the hub ordered', { equipmentOrders: 1 }, ['HUB_RECORDS']],
    ['a record the council owns', { mergedAway: customerFromPerson('00000000-0000-4000-8000-000000000001', person, null, AT) }, ['CONFIRMED_PERSON']],
    ['another trust\'s record', { mergedAway: customerFromPerson('00000000-0000-4000-8000-000000000001', person, 'R1B', AT) }, ['CONFIRMED_PERSON']],
    ['a survivor itself unconfirmed', { survivorNeedsReview: true }, ['SURVIVOR_UNCONFIRMED']],
  ] as const)('with %s waits for a coordinator', (_what, facts, reasons) => {
    expect(mergeHoldReasons(ownFacts(facts as Partial<MergeFacts>))).toEqual(reasons);
  });

  test('gives every reason at once, so the coordinator sees all that is at stake', () => {
    const council = ownFacts({
      identifiers: [{ system: 'NHS', value: '9990000018' }],
      mergedAway: customerFromPerson('00000000-0000-4000-8000-000000000001', { ...person, nhsNumber: '9990000018' }, null, AT),
      identities: [{ system: 'LAS' }],
      referrals: [{ referringTrustOdsCode: 'R1B' }],
    });
    expect(mergeHoldReasons(council)).toEqual(['NHS_NUMBER', 'HOLDS_NHS_NUMBER', 'OTHER_LINKS', 'OTHER_REFERRALS', 'CONFIRMED_PERSON']);
  });
});

describe('identifier namespaces', () => {
  test.each([
    ['PAS:R1A', true],
    ['PAS:R1A:R1A', true],
    ['SPELL:R1A', true],
    ['FHIR:R1A:https://trust.example/mrn', true],
    ['PAS:R1AB', false],
    ['SPELL:R1B', false],
    ['FHIR:https://trust.example/mrn', false],
    ['LAS', false],
    ['NHS', false],
  ])('%s is R1A\'s own: %s', (system, own) => {
    expect(isTrustsOwnSystem(system, 'R1A')).toBe(own);
  });
});
