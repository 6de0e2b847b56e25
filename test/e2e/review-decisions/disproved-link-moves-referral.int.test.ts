/**
 * A link waiting for review (a demographic match to customer A) is answered
 * by the trust's next message with a verified NHS number that is customer
 * B's: the guess is disproved. The link and the referral that came through
 * it move to B (a CUSTOMER_CHANGED step the hub sees), the review about A
 * closes, never as "A confirmed". A link the hub confirmed, proved wrong
 * the same way, moves too, and the trust's differences offered on A are
 * withdrawn: accepting them would write B's details into A's record.
 */
import { postHl7 } from '../../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../../support/stores.js';
import { adt, pid, pv1 } from '../../support/trust-adt.js';

const TRUST = 'RZZ';

describeEachStore('a verified number naming someone else disproves a guessed link', (kind) => {
  let place: TestStorePlace;
  let gw: TestGateway;

  beforeAll(async () => {
    place = await createTestStorePlace(kind);
    gw = await startTestGateway(place);
  });
  afterAll(async () => {
    await gw.stop();
    await place.remove();
  });

  test('the link and its referral follow the person the verified number names, and the review closes', async () => {
    const hub = await gw.token('HUB_COORDINATOR');
    const known = (await gw.graphql(`{ referrals(filter: { statuses: [ACCEPTED] }, first: 100) { edges { node { customer { id nhsNumber name { given family } dateOfBirth address { postcode } } } } } }`, {}, hub))
      .body.data!.referrals.edges.map((e: any) => e.node.customer).filter((c: any) => c.nhsNumber && c.name.given && c.dateOfBirth && c.address?.postcode);
    const guessed = known[0];
    const actual = known.find((c: any) => c.id !== guessed.id && c.nhsNumber !== guessed.nhsNumber);
    const feed = await gw.token('SYSTEM', { trust: TRUST });
    const dob = guessed.dateOfBirth.replaceAll('-', '');
    const person = (nhsNumber?: string) => pid({ mrn: 'RZZ-GUESS', trust: TRUST, nhsNumber, family: guessed.name.family, given: guessed.name.given, dob, address: `1 Any Road^^Town^^${guessed.address.postcode}^GBR^H` });

    expect((await postHl7(gw.url, feed, adt(TRUST, 'A01', 'GUESS-1', person(), pv1('GUESS-SPELL')))).acks[0]!.code).toBe('AA');
    const review = (await gw.graphql(`{ identityReviews(first: 200) { id kind basis identity { localId } customer { id } } }`, {}, hub)).body.data!.identityReviews.find((r: any) => r.identity.localId === 'RZZ-GUESS');
    expect(review).toMatchObject({ kind: 'LINK', basis: 'DEMOGRAPHIC_MATCH', customer: { id: guessed.id } });

    // The PAS traces the patient: the number is someone else's.
    expect((await postHl7(gw.url, feed, adt(TRUST, 'A08', 'GUESS-2', person(actual.nhsNumber)))).acks[0]!.code).toBe('AA');

    const referral = (await gw.graphql(`{ referrals(filter: { trustOdsCode: "${TRUST}" }, first: 20) { edges { node { hospitalSpell { spellId } customer { id } history { action } } } } }`, {}, hub))
      .body.data!.referrals.edges.map((e: any) => e.node).find((r: any) => r.hospitalSpell?.spellId === 'GUESS-SPELL');
    const stillOpen = (await gw.graphql(`{ identityReviews(first: 200) { id } }`, {}, hub)).body.data!.identityReviews.some((r: any) => r.id === review.id);
    expect({ customer: referral.customer.id, stillOpen }).toEqual({ customer: actual.id, stillOpen: false });
    expect(referral.history.map((step: any) => step.action)).toEqual(['RECEIVED', 'CUSTOMER_CHANGED']);
    const identities = async (id: string) => (await gw.graphql(`query($id: ID!) { customer(id: $id) { identities { localId needsReview } } }`, { id }, hub)).body.data!.customer.identities;
    expect(await identities(actual.id)).toContainEqual({ localId: 'RZZ-GUESS', needsReview: false });
    expect(await identities(guessed.id)).not.toContainEqual(expect.objectContaining({ localId: 'RZZ-GUESS' }));
  });
  test('a confirmed link proved wrong moves, and the trust\'s differences offered on the first customer are withdrawn', async () => {
    const hub = await gw.token('HUB_COORDINATOR');
    const known = (await gw.graphql(`{ referrals(filter: { statuses: [ACCEPTED] }, first: 100) { edges { node { customer { id nhsNumber name { given family } dateOfBirth address { postcode } } } } } }`, {}, hub))
      .body.data!.referrals.edges.map((e: any) => e.node.customer).filter((c: any) => c.nhsNumber && c.name.given && c.dateOfBirth && c.address?.postcode);
    const first = known[known.length - 1];
    const actual = known.find((c: any) => c.id !== first.id && c.nhsNumber !== first.nhsNumber);
    const feed = await gw.token('SYSTEM', { trust: TRUST });
    const person = (street: string, nhsNumber?: string) =>
      pid({ mrn: 'RZZ-CONFIRMED', trust: TRUST, nhsNumber, family: first.name.family, given: first.name.given, dob: first.dateOfBirth.replaceAll('-', ''), address: `${street}^^Town^^${first.address.postcode}^GBR^H` });
    expect((await postHl7(gw.url, feed, adt(TRUST, 'A01', 'CONFIRMED-1', person('1 Any Road'), pv1('CONFIRMED-SPELL')))).acks[0]!.code).toBe('AA');
    const review = (await gw.graphql(`{ identityReviews(first: 200) { id identity { localId } } }`, {}, hub)).body.data!.identityReviews.find((r: any) => r.identity.localId === 'RZZ-CONFIRMED');
    expect((await gw.graphql(`mutation($id: ID!) { resolveIdentityReview(input: { id: $id, decision: CONFIRM }) { id } }`, { id: review.id }, hub)).body.errors).toBeUndefined();

    const offeredOnFirst = async () => (await gw.graphql(`{ personUpdateReviews(first: 200) { sender { odsCode } customer { id } } }`, {}, hub)).body.data!.personUpdateReviews
      .filter((r: any) => r.customer.id === first.id && r.sender.odsCode === TRUST);
    // The trust moves its patient's address: the record is the council's, so it is offered to the hub.
    expect((await postHl7(gw.url, feed, adt(TRUST, 'A08', 'CONFIRMED-2', person('2 Other Road')))).acks[0]!.code).toBe('AA');
    expect(await offeredOnFirst()).toHaveLength(1);

    expect((await postHl7(gw.url, feed, adt(TRUST, 'A08', 'CONFIRMED-3', person('2 Other Road', actual.nhsNumber)))).acks[0]!.code).toBe('AA');
    const identities = (await gw.graphql(`query($id: ID!) { customer(id: $id) { identities { localId } } }`, { id: actual.id }, hub)).body.data!.customer.identities;
    expect(identities).toContainEqual({ localId: 'RZZ-CONFIRMED' });
    expect(await offeredOnFirst()).toEqual([]);
  });
});
