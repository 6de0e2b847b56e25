/**
 * Review finding (wrong change): a link waiting for review (a demographic
 * match to customer A) is "proved" by the trust's next message with a
 * verified NHS number. But the number may be customer B's: the link moves to
 * B, while the review about A is closed as CONFIRMED (decided by the feed),
 * and the referral that came through the link stays on A. The hub is never
 * asked, and A carries another person's referral with the review saying A
 * was confirmed.
 */
import { postHl7 } from '../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';
import { adt, pid, pv1 } from './review-support.js';

const TRUST = 'RZZ';

describeEachStore('review: a verified number naming someone else does not confirm a guessed link', (kind) => {
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

    const referral = (await gw.graphql(`{ referrals(filter: { trustOdsCode: "${TRUST}" }, first: 20) { edges { node { hospitalSpell { spellId } customer { id } } } } }`, {}, hub))
      .body.data!.referrals.edges.map((e: any) => e.node).find((r: any) => r.hospitalSpell?.spellId === 'GUESS-SPELL');
    const stillOpen = (await gw.graphql(`{ identityReviews(first: 200) { id } }`, {}, hub)).body.data!.identityReviews.some((r: any) => r.id === review.id);
    // Either the referral moved with the link to the person the number names, or the hub still has the question.
    expect(referral.customer.id === actual.id || stillOpen).toBe(true);
  });
});
