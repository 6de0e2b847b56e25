/**
 * A coordinator's decision and a feed message about the same person take
 * the same locks in the same order (the person's, then the review's), so one
 * waits for the other and neither fails. A third connection holds the
 * message's spell lock so that the overlap happens every time, not once in a
 * while (PostgreSQL only: PGlite has one connection).
 */
import { postHl7 } from '../../support/feed-clients.js';
import { connectAdvisoryLockHolder, type AdvisoryLockHolder } from '../../support/advisory-lock-holder.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { createTestStorePlace, POSTGRES_URL, type TestStorePlace } from '../../support/stores.js';
import { knownCustomers } from '../../support/known-customers.js';
import { adt, pid, pv1 } from '../../support/trust-adt.js';

const TRUST = 'RZZ';
const SPELL = 'RACE-SPELL';

(POSTGRES_URL ? describe : describe.skip)('a decision racing a feed message about the same person [postgres]', () => {
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

  test('acceptPersonUpdate and the trust\'s next message both succeed', async () => {
    const [person] = await knownCustomers(gw);
    const hub = await gw.token('HUB_COORDINATOR');
    const feed = await gw.token('SYSTEM', { trust: TRUST });
    const sent = (control: string, street: string, ...rest: string[]) =>
      adt(TRUST, rest.length ? 'A01' : 'A08', control, pid({ mrn: 'RZZ-RACE', trust: TRUST, nhsNumber: person!.nhsNumber, family: person!.name.family, given: person!.name.given, address: `${street}^^Testville^^LS1 4AP^GBR^H` }), ...rest);
    expect((await postHl7(gw.url, feed, sent('RACE-1', '1 First Street'))).acks[0]!.code).toBe('AA');
    const review = (await gw.graphql(`{ personUpdateReviews(first: 100) { id customer { id } } }`, {}, hub)).body.data!.personUpdateReviews.find((r: any) => r.customer.id === person!.id);

    await holder.hold(`spell ${TRUST} ${SPELL}`);
    // The message takes its person locks, then waits for its spell's.
    // It says the same of the person again, so the review stays the one decided.
    const message = postHl7(gw.url, feed, sent('RACE-2', '1 First Street', pv1(SPELL)));
    await holder.untilWaiting(1);
    // The coordinator waits for the person locks.
    const decision = gw.graphql(`mutation($input: AcceptPersonUpdateInput!) { acceptPersonUpdate(input: $input) { id address { lines } } }`, { input: { reviewId: review.id, fields: ['ADDRESS'] } }, hub);
    await holder.untilWaiting(2);
    await holder.release();

    const [acked, decided] = await Promise.all([message, decision]);
    expect({ ack: acked.acks[0]!.code, errors: decided.body.errors?.map((e) => e.extensions?.code) }).toEqual({ ack: 'AA', errors: undefined });
    expect(decided.body.data!.acceptPersonUpdate.address.lines).toEqual(['1 First Street']);
  });
});
