/**
 * Review finding (wrong change): MERGE reviews are keyed (kind, system,
 * local_id) and an A40's merged-away NHS number is keyed as system `NHS`,
 * which is nobody's namespace. So a second trust's A40 naming the same NHS
 * number upserts the first trust's open review: same id, its sender,
 * survivor and person replaced. A stranger trust can take over another
 * trust's pending merge, and the coordinator who confirms "the review" moves
 * the council's customer onto the stranger's survivor.
 */
import { segment } from '../adapters/hospital-discharge/hl7v2/synthetic-messages.js';
import { postHl7 } from '../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';
import { adt, knownCustomers, pid } from './review-support.js';

const CLAIMANT = 'RYY';
const STRANGER = 'RZZ';

describeEachStore('review: one trust\'s held merge is not another trust\'s to rewrite', (kind) => {
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
    // The claimant's review is still the claimant's: the stranger's merge is its own review (or refused).
    expect(after.find((r: any) => r.id === claimed.id)).toEqual(claimed);
  });
});
