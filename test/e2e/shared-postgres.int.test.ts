/**
 * Several gateway replicas on one PostgreSQL: they start together without
 * racing (migrations and the seed run once), and what one changes the other
 * sees. Needs TEST_DATABASE_URL; skipped without it.
 */
import { message, msh, pv1, segment } from '../adapters/hospital-discharge/hl7v2/synthetic-messages.js';
import { postHl7 } from '../support/feed-clients.js';
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

  test('feed messages about the same spells and people, sent through both at once, make one referral per spell and one customer per person', async () => {
    const system = await first.token('SYSTEM', { trust: 'RXX' });
    const spells = 12;
    // Each spell's admit, planned discharge and discharge, spread over the two gateways and sent all at once.
    const sends = Array.from({ length: spells }, (_, n) =>
      (['A01', 'A16', 'A03'] as const).map((trigger, step) => {
        const body = message(
          msh(trigger, { 10: `REPLICA-${n}-${trigger}`, 7: `2026112${step}100000` }),
          segment('EVN', { 2: `2026112${step}100000`, 6: `2026112${step}100000` }),
          segment('PID', { 3: `MRN-REPLICA-${n}^^^RXX^MR`, 5: `REPLICA^Person${n}`, 7: '19400101', 8: 'F' }),
          pv1(trigger === 'A03' ? { 19: `SPELL-REPLICA-${n}`, 45: `2026112${step}100000` } : { 19: `SPELL-REPLICA-${n}` }),
        );
        return postHl7(((n + step) % 2 === 0 ? first : second).url, system, body);
      }),
    ).flat();
    const replies = await Promise.all(sends);
    expect(replies.map((reply) => reply.acks[0]!.code)).toEqual(Array(spells * 3).fill('AA'));

    const admin = await first.token('ADMIN');
    const { body } = await second.graphql(
      `{ referrals(filter: { trustOdsCode: "RXX" }, first: 100) { edges { node { hospitalSpell { spellId } dischargedAt customer { id } history { action } } } } }`,
      undefined,
      admin,
    );
    const referrals = body.data!.referrals.edges.map((e: any) => e.node).filter((r: any) => r.hospitalSpell?.spellId.startsWith('SPELL-REPLICA-'));
    expect(referrals).toHaveLength(spells);
    for (const referral of referrals) {
      expect(referral.dischargedAt).toBe('2026-11-22T10:00:00.000Z');
      expect(referral.history).toHaveLength(3);
    }
    expect(new Set(referrals.map((r: any) => r.customer.id)).size).toBe(spells);
  });
});


describeWithPostgres('two gateways on one PostgreSQL sending to one supplier (needs TEST_DATABASE_URL)', () => {
  const supplierEnv = { SUPPLIER_CALLBACK_SECRET: 'shared-callback-secret-0123', SUPPLIER_API_KEY: 'shared-api-key', OUTBOX_POLL_MS: '10' };
  let place: TestStorePlace;
  let first: TestGateway;
  let second: TestGateway;

  beforeAll(async () => {
    place = await createTestStorePlace('postgres');
    // The first runs the simulator; the second is pointed at it as a real supplier would be configured.
    first = await startTestGateway(place, { ...supplierEnv, SUPPLIER_SIMULATOR_STEP_MS: '60000' });
    second = await startTestGateway(place, { ...supplierEnv, SUPPLIER_URL: first.simulator!.url });
  });
  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
    await place.remove();
  });

  test('orders placed through both are each sent to the supplier exactly once, both dispatchers running', async () => {
    const token = await first.token('HUB_COORDINATOR');
    const found = await first.graphql<any>('{ referrals(first: 50) { edges { node { customer { id address { postcode } } } } } }', undefined, token);
    const customerId = found.body.data.referrals.edges.find((edge: any) => edge.node.customer.address?.postcode).node.customer.id;
    const before = first.simulator!.stats();
    const placed = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? second : first).graphql<any>(
          'mutation($input: PlaceEquipmentOrderInput!, $key: String!) { placeEquipmentOrder(input: $input, idempotencyKey: $key) { id status } }',
          { input: { customerId, deliverySpeed: 'STANDARD', lines: [{ itemCode: 'WS-001', quantity: 1 }] }, key: `two-gateways-${i}` },
          token,
        ),
      ),
    );
    const ids = placed.map((response) => response.body.data.placeEquipmentOrder.id as string);
    const deadline = Date.now() + 15_000;
    for (;;) {
      const [row] = await first.gateway.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM equipment_orders WHERE id = ANY($1::uuid[]) AND supplier_reference IS NOT NULL',
        [ids],
      );
      if (row!.n === ids.length || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const after = first.simulator!.stats();
    expect(after.ordersAccepted - before.ordersAccepted).toBe(40);
    expect(after.duplicateSubmissions - before.duplicateSubmissions).toBe(0);
    expect(after.requests.submitOrder - before.requests.submitOrder).toBe(40);
  });
});
