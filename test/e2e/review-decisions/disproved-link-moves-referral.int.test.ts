/**
 * A link waiting for review (a demographic match to customer A) is answered
 * by the trust's next message with a verified NHS number that is customer
 * B's: the guess is disproved. The link and the referral that came through
 * it move to B (a CUSTOMER_CHANGED step the hub sees), and the review about
 * A closes, never as "A confirmed".
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

  test('the referral follows the person the verified number names, or the review stays with the hub', async () => {
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
});
