/**
 * An NHS number is nobody's namespace: two trusts' A40s naming the same
 * number are two MERGE reviews, and the second never rewrites the first's
 * sender, survivor or person (which a coordinator confirming "the review"
 * would then act on).
 */
import { segment } from '../../adapters/hospital-discharge/hl7v2/synthetic-messages.js';
import { postHl7 } from '../../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../../support/stores.js';
import { knownCustomers } from '../../support/known-customers.js';
import { adt, pid } from '../../support/trust-adt.js';

const CLAIMANT = 'RYY';
const STRANGER = 'RZZ';

describeEachStore('one trust\'s held merge is not another trust\'s to rewrite', (kind) => {
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

  test('a stranger\'s A40 naming the same NHS number leaves the first trust\'s MERGE review as it was', async () => {
    const [person] = await knownCustomers(gw);
    const hub = await gw.token('HUB_COORDINATOR');
    const merge = async (trust: string, survivor: string) => {
      const feed = await gw.token('SYSTEM', { trust });
      const sent = await postHl7(gw.url, feed, adt(trust, 'A40', `${trust}-MERGE`, pid({ mrn: survivor, trust, family: survivor, given: 'Sam' }), segment('MRG', { 1: `${person!.nhsNumber}^^^NHS^NH` })));
      expect(sent.acks[0]!.code).toBe('AA');
    };
    const mergeReviews = async () =>
      (await gw.graphql(`{ identityReviews(first: 200) { id kind sender { odsCode } sentPerson { name { family } } mergeFrom { id } } }`, {}, hub)).body.data!.identityReviews
        .filter((r: any) => r.kind === 'MERGE' && r.mergeFrom?.id === person!.id);

    await merge(CLAIMANT, 'CLAIMANT-SURVIVOR');
    const [claimed] = await mergeReviews();
    expect(claimed).toMatchObject({ sender: { odsCode: CLAIMANT }, sentPerson: { name: { family: 'CLAIMANT-SURVIVOR' } } });

    await merge(STRANGER, 'STRANGER-SURVIVOR');
    const after = await mergeReviews();
    expect(after).toHaveLength(2);
    expect(after.find((r: any) => r.id === claimed.id)).toEqual(claimed);
    expect(after.find((r: any) => r.id !== claimed.id)).toMatchObject({ sender: { odsCode: STRANGER }, sentPerson: { name: { family: 'STRANGER-SURVIVOR' } } });
  });
});
