/**
 * Review 2 finding (race): a coordinator confirming a held MERGE review and
 * the trust's engine resending its A40 deadlock; one of them fails.
 *
 * The fix (90b132d) says a decision and a feed message about the same person
 * take the same locks in the same order. A decision does: lockCustomers
 * (src/customers/resolve-customer.ts) takes the survivor's and the
 * merged-away customer's names in one sorted statement, so "person link
 * PAS:..." before "person nhs <N>". The A40 does not: applyTrustMerge
 * (src/customers/trust-merge.ts) first locks the merged-away identifiers
 * ("person nhs <N>"), then, in a second statement, the survivor's
 * (resolveCustomer -> "person link PAS:..."), then lockCustomers of the
 * merged-away customer: the opposite order. With the decision holding the
 * survivor's link and waiting for the NHS number, and the message holding the
 * NHS number and waiting for the link, PostgreSQL aborts one with
 * deadlock_detected: either the coordinator gets an internal error, or the
 * trust's A40 is kept FAILED and answered AE 207 (the inbox does not retry a
 * single message). A third connection holds the survivor's link lock so that
 * the overlap happens every time (PostgreSQL only).
 */
import pg from 'pg';
import { segment } from '../adapters/hospital-discharge/hl7v2/synthetic-messages.js';
import { postHl7 } from '../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { knownCustomers } from '../support/known-customers.js';
import { createTestStorePlace, POSTGRES_URL, type TestStorePlace } from '../support/stores.js';
import { adt, pid } from '../support/trust-adt.js';

const TRUST = 'RZZ';

(POSTGRES_URL ? describe : describe.skip)('a merge decision racing the trust\'s resent A40 [postgres]', () => {
  let place: TestStorePlace;
  let gw: TestGateway;
  let holder: pg.Client;

  beforeAll(async () => {
    place = await createTestStorePlace('postgres');
    gw = await startTestGateway(place);
    holder = new pg.Client({ connectionString: POSTGRES_URL! });
    await holder.connect();
  });
  afterAll(async () => {
    await holder.end();
    await gw.stop();
    await place.remove();
  });

  async function advisoryWaiters(): Promise<number> {
    const { rows } = await holder.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`);
    return rows[0].n;
  }

  async function until(condition: () => Promise<boolean>): Promise<void> {
    for (let tries = 0; !(await condition()); tries++) {
      if (tries > 200) throw new Error(`timed out waiting for the lock queue (${await advisoryWaiters()} waiting)`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

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

    await holder.query('BEGIN');
    await holder.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`person link PAS:${TRUST}:${TRUST} RZZ-DEADLOCK`]);
    // The coordinator takes the names before the survivor's link, then waits for it.
    const decision = gw.graphql(`mutation($id: ID!) { resolveIdentityReview(input: { id: $id, decision: CONFIRM }) { id } }`, { id: review.id }, hub);
    await until(async () => (await advisoryWaiters()) === 1);
    // The engine resends the same merge: it takes the NHS number's lock, then waits for the survivor's link.
    const message = postHl7(gw.url, feed, a40('DEADLOCK-2'));
    await until(async () => (await advisoryWaiters()) === 2);
    await holder.query('COMMIT');

    const [acked, decided] = await Promise.all([message, decision]);
    // Fails: one of them is the deadlock's victim (AE with ERR 207, or an INTERNAL_SERVER_ERROR).
    expect({ ack: acked.acks[0]!.code, errors: decided.body.errors?.map((e) => e.extensions?.code) }).toEqual({ ack: 'AA', errors: undefined });
  });
});
