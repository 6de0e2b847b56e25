/**
 * The hospital team's form (submitDischarge) and the identity review queue,
 * through the real gateway on each store.
 */
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';

const SUBMIT = `mutation($input: SubmitDischargeInput!) { submitDischarge(input: $input) {
  id status source ward expectedDischargeOn dischargeReadyOn pathway needsSummary
  referringTrust { odsCode }
  hospitalSpell { spellId consultant }
  referredPerson { name { family given } nhsNumber nhsNumberVerified dateOfBirth address { postcode } }
  history { action hospitalEvent }
} }`;

const REVIEWS = `{ identityReviews { id basis identity { system localId needsReview } sentPerson { name { family } nhsNumber } customer { id nhsNumber name { family } } } }`;
const RESOLVE = `mutation($input: ResolveIdentityReviewInput!) { resolveIdentityReview(input: $input) { id nhsNumber name { family given } identities { system localId needsReview } } }`;

describeEachStore('discharge form and identity review', (kind) => {
  let place: TestStorePlace;
  let gw: TestGateway;
  let ward: string;
  let coordinator: string;
  let seeded: { id: string; nhsNumber: string; name: { given: string; family: string }; dateOfBirth: string; address: { postcode: string } };

  beforeAll(async () => {
    place = await createTestStorePlace(kind);
    gw = await startTestGateway(place);
    ward = await gw.token('HOSPITAL_DISCHARGE', { trust: 'R1A' });
    coordinator = await gw.token('HUB_COORDINATOR');
    const found = await gw.graphql(`{ referrals(first: 50) { edges { node { customer { id nhsNumber name { given family } dateOfBirth address { postcode } } } } } }`, {}, coordinator);
    seeded = found.body.data!.referrals.edges.map((e: any) => e.node.customer).find((c: any) => c.nhsNumber && c.name.given && c.dateOfBirth && c.address?.postcode);
    expect(seeded).toBeDefined();
  });
  afterAll(async () => {
    await gw.stop();
    await place.remove();
  });

  const person = (overrides: Record<string, unknown> = {}) => ({
    familyName: 'Formfield',
    givenName: 'Ada',
    dateOfBirth: '1938-02-14',
    sex: 'FEMALE',
    addressLines: ['3 Example Row'],
    town: 'Testville',
    postcode: 'LS1 4AP',
    phone: '07700 900456',
    ...overrides,
  });

  test('a ward refers a patient: the trust comes from the token, and the referral waits for triage', async () => {
    const { body } = await gw.graphql(SUBMIT, {
      input: { spellId: 'FORM-1', person: person(), ward: 'Ward 12', consultant: 'Dr Example', expectedDischargeOn: '2026-11-28', pathway: 'PATHWAY_1', needsSummary: 'Help with washing and dressing; lives alone.' },
    }, ward);
    expect(body.errors).toBeUndefined();
    expect(body.data!.submitDischarge).toMatchObject({
      status: 'RECEIVED',
      source: 'HOSPITAL_DISCHARGE',
      ward: 'Ward 12',
      expectedDischargeOn: '2026-11-28',
      pathway: 'PATHWAY_1',
      referringTrust: { odsCode: 'R1A' },
      hospitalSpell: { spellId: 'FORM-1', consultant: 'Dr Example' },
      referredPerson: { name: { family: 'Formfield', given: 'Ada' }, nhsNumber: null, nhsNumberVerified: false, dateOfBirth: '1938-02-14', address: { postcode: 'LS1 4AP' } },
      history: [{ action: 'RECEIVED', hospitalEvent: 'REFERRED' }],
    });
  });

  test('submitting the same spell again corrects the same referral', async () => {
    const first = await gw.graphql(SUBMIT, { input: { spellId: 'FORM-2', person: person({ familyName: 'Twicesent' }), needsSummary: 'First note' } }, ward);
    const second = await gw.graphql(SUBMIT, { input: { spellId: 'FORM-2', person: person({ familyName: 'Twicesent' }), needsSummary: 'Ready sooner', dischargeReadyOn: '2026-11-25' } }, ward);
    expect(second.body.data!.submitDischarge.id).toBe(first.body.data!.submitDischarge.id);
    expect(second.body.data!.submitDischarge).toMatchObject({ needsSummary: 'Ready sooner', dischargeReadyOn: '2026-11-25' });
    // The second form is about the same referral: the hub sees it as the team's correction.
    expect(second.body.data!.submitDischarge.history.map((h: any) => h.action)).toEqual(['RECEIVED', 'HOSPITAL_CORRECTION']);
  });

  test('only hospital teams submit, and bad input names the argument', async () => {
    const hub = await gw.graphql(SUBMIT, { input: { spellId: 'X', person: person(), needsSummary: 'n' } }, coordinator);
    expect(hub.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const blank = await gw.graphql(SUBMIT, { input: { spellId: 'X', person: person({ familyName: '  ' }), needsSummary: 'n' } }, ward);
    expect(blank.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.person.familyName' });
    const badNhs = await gw.graphql(SUBMIT, { input: { spellId: 'X', person: person({ nhsNumber: '9990000019' }), needsSummary: 'n' } }, ward);
    expect(badNhs.body.errors![0]!.message).toMatch(/check digit/);
  });

  test('an unverified NHS number that a customer holds links with review; CONFIRM clears it', async () => {
    const { body } = await gw.graphql(SUBMIT, {
      input: { spellId: 'FORM-3', person: person({ nhsNumber: seeded.nhsNumber, familyName: seeded.name.family, givenName: seeded.name.given }), needsSummary: 'n' },
    }, ward);
    expect(body.errors).toBeUndefined();
    const reviews = (await gw.graphql(REVIEWS, {}, coordinator)).body.data!.identityReviews;
    const review = reviews.find((r: any) => r.identity.localId === 'FORM-3');
    expect(review).toMatchObject({
      basis: 'UNVERIFIED_NHS_NUMBER_MATCH',
      identity: { system: 'SPELL:R1A', needsReview: true },
      sentPerson: { nhsNumber: seeded.nhsNumber },
      customer: { id: seeded.id },
    });
    const confirmed = await gw.graphql(RESOLVE, { input: { id: review.id, decision: 'CONFIRM' } }, coordinator);
    expect(confirmed.body.data!.resolveIdentityReview.id).toBe(seeded.id);
    expect(confirmed.body.data!.resolveIdentityReview.identities).toContainEqual({ system: 'SPELL:R1A', localId: 'FORM-3', needsReview: false });
    const after = (await gw.graphql(REVIEWS, {}, coordinator)).body.data!.identityReviews;
    expect(after.find((r: any) => r.identity.localId === 'FORM-3')).toBeUndefined();
  });

  test('a demographic match links with review; SEPARATE makes a new customer and moves the referral', async () => {
    const { body } = await gw.graphql(SUBMIT, {
      input: {
        spellId: 'FORM-4',
        person: person({ familyName: seeded.name.family, givenName: seeded.name.given, dateOfBirth: seeded.dateOfBirth, postcode: seeded.address.postcode }),
        needsSummary: 'n',
      },
    }, ward);
    const referralId = body.data!.submitDischarge.id;
    const reviews = (await gw.graphql(REVIEWS, {}, coordinator)).body.data!.identityReviews;
    const review = reviews.find((r: any) => r.identity.localId === 'FORM-4');
    expect(review).toMatchObject({ basis: 'DEMOGRAPHIC_MATCH', customer: { id: seeded.id } });

    const ward2 = await gw.graphql(RESOLVE, { input: { id: review.id, decision: 'SEPARATE' } }, ward);
    expect(ward2.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const separated = await gw.graphql(RESOLVE, { input: { id: review.id, decision: 'SEPARATE' } }, coordinator);
    const newCustomer = separated.body.data!.resolveIdentityReview;
    expect(newCustomer.id).not.toBe(seeded.id);
    expect(newCustomer).toMatchObject({ nhsNumber: null, name: { family: seeded.name.family, given: seeded.name.given } });
    const moved = await gw.graphql(`query($id: ID!) { referral(id: $id) { customer { id } history { action } } }`, { id: referralId }, coordinator);
    expect(moved.body.data!.referral.customer.id).toBe(newCustomer.id);
    expect(moved.body.data!.referral.history.map((step: any) => step.action)).toContain('CUSTOMER_CHANGED');
    // Which customer record holds the referral is the council's business: the ward does not see the coordinator's move.
    const seenByWard = await gw.graphql(`query($id: ID!) { referral(id: $id) { history { action } } }`, { id: referralId }, ward);
    expect(seenByWard.body.data!.referral.history.map((step: any) => step.action)).toEqual(['RECEIVED']);
    const missing = await gw.graphql(RESOLVE, { input: { id: review.id, decision: 'CONFIRM' } }, coordinator);
    expect(missing.body.errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });
});
