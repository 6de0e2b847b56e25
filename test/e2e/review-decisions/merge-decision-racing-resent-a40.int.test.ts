/**
 * A coordinator confirming a held MERGE review and the trust's engine
 * resending its A40 both succeed: the A40 takes its merged-away and survivor
 * locks in one sorted statement as a decision does, and a transaction
 * PostgreSQL still fails for crossing another is run again
 * (store/retrying-transaction.ts). A third connection holds the survivor's
 * link lock so that the overlap happens every time (PostgreSQL only).
 */
import { segment } from '../../adapters/hospital-discharge/hl7v2/synthetic-messages.js';
import { postHl7 } from '../../support/feed-clients.js';
import { connectAdvisoryLockHolder, type AdvisoryLockHolder } from '../../support/advisory-lock-holder.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { knownCustomers } from '../../support/known-customers.js';
import { createTestStorePlace, POSTGRES_URL, type TestStorePlace } from '../../support/stores.js';
import { adt, pid } from '../../support/trust-adt.js';

const TRUST = 'RZZ';

(POSTGRES_URL ? describe : describe.skip)('a merge decision racing the trust\'s resent A40 [postgres]', () => {
  let place: TestStorePlace;
  let gw: TestGateway;
  let holder: AdvisoryLockHolder;

  beforeAll(async () => {
    place = await createTestStorePlace('postgres');
    gw = await startTestGateway(place);
    holder = await connectAdvisoryLockHolder(POSTGRES_URL!);
  });
  afterAll(async () => {
    await holder.end();
    await gw.stop();
    await place.remove();
  });

  test('resolveIdentityReview(CONFIRM) and the resent A40 both succeed', async () => {
    const [person] = await knownCustomers(gw);
    const hub = await gw.token('HUB_COORDINATOR');
    const feed = await gw.token('SYSTEM', { trust: TRUST });
    const a40 = (control: string) =>
      adt(TRUST, 'A40', control, pid({ mrn: 'RZZ-DEADLOCK', trust: TRUST, family: 'Survivor', given: 'Sam' }), segment('MRG', { 1: `${person!.nhsNumber}^^^NHS^NH` }));
    expect((await postHl7(gw.url, feed, a40('DEADLOCK-1'))).acks[0]!.code).toBe('AA');
    const review = (await gw.graphql(`{ identityReviews(first: 200) { id kind mergeFrom { id } } }`, {}, hub)).body.data!.identityReviews
      .find((r: any) => r.kind === 'MERGE' && r.mergeFrom?.id === person!.id);
    expect(review).toBeDefined();

    await holder.hold(`person link PAS:${TRUST}:${TRUST} RZZ-DEADLOCK`);
    // The coordinator takes the names before the survivor's link, then waits for it.
    const decision = gw.graphql(`mutation($id: ID!) { resolveIdentityReview(input: { id: $id, decision: CONFIRM }) { id } }`, { id: review.id }, hub);
    await holder.untilWaiting(1);
    // The engine resends the same merge: it takes the NHS number's lock, then waits for the survivor's link.
    const message = postHl7(gw.url, feed, a40('DEADLOCK-2'));
    await holder.untilWaiting(2);
    await holder.release();

    const [acked, decided] = await Promise.all([message, decision]);
    expect({ ack: acked.acks[0]!.code, errors: decided.body.errors?.map((e) => e.extensions?.code) }).toEqual({ ack: 'AA', errors: undefined });
  });
});
