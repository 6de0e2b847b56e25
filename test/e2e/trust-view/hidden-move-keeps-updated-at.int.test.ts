/**
 * A coordinator's customer move that a trust is not shown in its referral's
 * history does not show in the referral's updatedAt either: the trust's
 * clock of its referral is the history it is shown.
 */
import { postHl7 } from '../../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../../support/stores.js';
import { adt, pid, pv1 } from '../../support/trust-adt.js';

const TRUST = 'RZZ';

describeEachStore('a hidden customer move read off updatedAt', (kind) => {
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

  test('the trust\'s referral reads the same before and after a coordinator separates its link', async () => {
    const hub = await gw.token('HUB_COORDINATOR');
    const known = (await gw.graphql(`{ referrals(filter: { statuses: [ACCEPTED] }, first: 100) { edges { node { customer { id name { given family } dateOfBirth address { postcode } } } } } }`, {}, hub))
      .body.data!.referrals.edges.map((e: any) => e.node.customer).filter((c: any) => c.name.given && c.dateOfBirth && c.address?.postcode);
    const guessed = known[0];
    const feed = await gw.token('SYSTEM', { trust: TRUST });
    const ward = await gw.token('HOSPITAL_DISCHARGE', { trust: TRUST });
    const person = pid({ mrn: 'RZZ-CLOCK', trust: TRUST, family: guessed.name.family, given: guessed.name.given, dob: guessed.dateOfBirth.replaceAll('-', ''), address: `1 Any Road^^Town^^${guessed.address.postcode}^GBR^H` });
    expect((await postHl7(gw.url, feed, adt(TRUST, 'A01', 'CLOCK-1', person, pv1('CLOCK-SPELL')))).acks[0]!.code).toBe('AA');

    const view = async () =>
      (await gw.graphql(`{ referrals(first: 100) { edges { node { hospitalSpell { spellId } status updatedAt history { action at } } } } }`, {}, ward))
        .body.data!.referrals.edges.map((e: any) => e.node).find((r: any) => r.hospitalSpell?.spellId === 'CLOCK-SPELL');
    const before = await view();

    const review = (await gw.graphql(`{ identityReviews(first: 200) { id identity { localId } } }`, {}, hub)).body.data!.identityReviews.find((r: any) => r.identity.localId === 'RZZ-CLOCK');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const separated = await gw.graphql(`mutation($id: ID!) { resolveIdentityReview(input: { id: $id, decision: SEPARATE }) { id } }`, { id: review.id }, hub);
    expect(separated.body.errors).toBeUndefined();
    // The hub sees the move; the trust's history does not show it, as intended.
    const after = await view();
    expect(after.history).toEqual(before.history);
    expect(after.updatedAt).toBe(before.updatedAt);
  });
});
