/**
 * Several gateway replicas on one PostgreSQL: they start together without
 * racing (migrations and the seed run once), and what one changes the other
 * sees. Needs TEST_DATABASE_URL; skipped without it.
 */
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, POSTGRES_URL, type TestStorePlace } from '../support/stores.js';

const describeWithPostgres = POSTGRES_URL ? describe : describe.skip;

describeWithPostgres('two gateways on one PostgreSQL (needs TEST_DATABASE_URL)', () => {
  let place: TestStorePlace;
  let first: TestGateway;
  let second: TestGateway;

  beforeAll(async () => {
    place = await createTestStorePlace('postgres');
    // Both start at once against an empty schema; both share one DATA_DIR for the dev signing key.
    [first, second] = await Promise.all([startTestGateway(place), startTestGateway(place)]);
  });
  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
    await place.remove();
  });

  test('the store was migrated and seeded exactly once', async () => {
    const seeded = [first.gateway.seed, second.gateway.seed].filter((seed) => seed?.seeded);
    expect(seeded).toHaveLength(1);
    const token = await first.token('VIEWER');
    const counts = await Promise.all(
      [first, second].map((gw) => gw.graphql('{ referrals(first: 0) { totalCount } }', undefined, token)),
    );
    expect(counts[0]!.body.data).toEqual(counts[1]!.body.data);
    expect(counts[0]!.body.data!.referrals.totalCount).toBe(seeded[0]!.referrals);
  });

  test('a decision through one is seen through the other', async () => {
    const token = await first.token('HUB_COORDINATOR');
    const id = await first.firstReferralId('TRIAGED');
    await first.graphql(
      'mutation($id: ID!) { acceptReferral(input: { referralId: $id, assignedTeam: "Reablement South", assignedWorker: "Ruth Adeyemi" }) { id } }',
      { id },
      token,
    );
    const seen = await second.graphql('query($id: ID!) { referral(id: $id) { status assignedWorker } }', { id }, token);
    expect(seen.body.data).toEqual({ referral: { status: 'ACCEPTED', assignedWorker: 'Ruth Adeyemi' } });
  });
});

