/**
 * Live updates through the real gateway: a feed message reaches subscribers
 * over graphql-ws and SSE, each event read and audited as its viewer's query
 * would be; another trust's hospital team hears nothing; tokens are checked
 * at the start and again when they expire.
 */
import pg from 'pg';
import { LIVE_EVENTS_CHANNEL } from '../../src/live/live-event-codec.js';
import { storeChannel } from '../../src/store/database.js';
import { admissionA01, segment } from '../adapters/hospital-discharge/hl7v2/synthetic-messages.js';
import { postHl7 } from '../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { subscribeOverSse, subscribeOverWebSocket, subscriberTracker } from '../support/live-clients.js';
import { createTestStorePlace, describeEachStore, POSTGRES_URL, type TestStorePlace } from '../support/stores.js';
import { knownCustomers } from '../support/known-customers.js';
import { adt, pid } from '../support/trust-adt.js';

const TRUST = 'RXX';
const REFERRAL_CHANGED = `subscription Board { referralChanged { changes referral { id status hospitalSpell { spellId } referredPerson { name { family } } } } }`;

/** Time for a subscribe message to be registered by the server once the socket is acknowledged. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describeEachStore('live updates over graphql-ws and SSE', (kind) => {
  let place: TestStorePlace;
  let gw: TestGateway;
  const { track, stopAll } = subscriberTracker();

  beforeAll(async () => {
    place = await createTestStorePlace(kind);
    gw = await startTestGateway(place);
  });
  afterEach(async () => {
    await stopAll();
  });
  afterAll(async () => {
    await gw?.stop();
    await place?.remove();
  });

  async function sendAdmission(spell: string, family: string) {
    const reply = await postHl7(gw.url, await gw.token('SYSTEM', { trust: TRUST }), admissionA01(spell, family, TRUST));
    expect(reply.acks[0]!.code).toBe('AA');
  }

  test('a coordinator subscribed over WebSocket hears a referral a feed message made, and the event is audited', async () => {
    const coordinator = track(subscribeOverWebSocket(gw.url, await gw.token('HUB_COORDINATOR', { subject: 'live-coordinator' }), REFERRAL_CHANGED));
    await coordinator.ready;
    await settle();
    await sendAdmission('LIVE-SPELL-1', 'WSHEARD');
    const [event] = await coordinator.waitFor(1);
    expect(event!.errors).toBeUndefined();
    expect(event!.data!.referralChanged).toMatchObject({
      changes: ['RECEIVED'],
      referral: { status: 'RECEIVED', hospitalSpell: { spellId: 'LIVE-SPELL-1' }, referredPerson: { name: { family: 'WSHEARD' } } },
    });
    const looks = await gw.gateway.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE actor_subject = 'live-coordinator' AND operation = 'subscription Board' AND action = 'READ'`,
    );
    expect(looks[0]!.n).toBe(1);
  });

  test("a hospital team hears its own trust's referral; another trust's team hears nothing of it", async () => {
    const own = track(subscribeOverWebSocket(gw.url, await gw.token('HOSPITAL_DISCHARGE', { trust: TRUST }), REFERRAL_CHANGED));
    const stranger = track(subscribeOverWebSocket(gw.url, await gw.token('HOSPITAL_DISCHARGE', { trust: 'R1A' }), REFERRAL_CHANGED));
    await Promise.all([own.ready, stranger.ready]);
    await settle();
    await sendAdmission('LIVE-SPELL-2', 'OWNTRUST');
    const [event] = await own.waitFor(1);
    expect(event!.data!.referralChanged.referral.hospitalSpell.spellId).toBe('LIVE-SPELL-2');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(stranger.events).toEqual([]);
  });

  test('a hospital team may not subscribe to the hub board', async () => {
    const team = track(subscribeOverWebSocket(gw.url, await gw.token('HOSPITAL_DISCHARGE', { trust: TRUST }), 'subscription { hubBoardChanged { byStatus { status count } } }'));
    const [event] = await team.waitFor(1);
    expect(event!.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  test('a connection without a token, or with a bad one, is closed with 4403', async () => {
    const none = track(subscribeOverWebSocket(gw.url, null, REFERRAL_CHANGED));
    const bad = track(subscribeOverWebSocket(gw.url, 'not-a-token', REFERRAL_CHANGED));
    expect(await none.waitForClose()).toBe(4403);
    expect(await bad.waitForClose()).toBe(4403);
  });

  test('a socket is closed with 4403 when its token expires', async () => {
    // 0.001 hours: the token lapses about four seconds from now.
    const shortLived = track(subscribeOverWebSocket(gw.url, await gw.token('HUB_COORDINATOR', { hours: 0.001 }), REFERRAL_CHANGED));
    await shortLived.ready;
    expect(shortLived.closedWith).toBeNull();
    expect(await shortLived.waitForClose(10_000)).toBe(4403);
  });

  test("a coordinator's triage is heard with what changed, and the hub board follows", async () => {
    const token = await gw.token('HUB_COORDINATOR');
    const changes = track(subscribeOverWebSocket(gw.url, token, 'subscription { referralChanged(filter: { statuses: [TRIAGED] }) { changes referral { id status } } }'));
    const board = track(subscribeOverWebSocket(gw.url, token, 'subscription { hubBoardChanged { byStatus { status count } } }'));
    await Promise.all([changes.ready, board.ready]);
    await settle();
    const id = await gw.firstReferralId('RECEIVED');
    const triaged = await gw.graphql(
      'mutation($id: ID!) { triageReferral(input: { referralId: $id, pathway: PATHWAY_1, priority: HIGH, reason: "live test" }) { id } }',
      { id },
      token,
    );
    expect(triaged.body.errors).toBeUndefined();
    const [event] = await changes.waitFor(1);
    expect(event!.data!.referralChanged).toEqual({ changes: ['TRIAGED'], referral: { id, status: 'TRIAGED' } });
    const [boardEvent] = await board.waitFor(1);
    expect(boardEvent!.data!.hubBoardChanged.byStatus).toContainEqual({ status: 'TRIAGED', count: expect.any(Number) });
  });

  test("a subscription is held to a query's depth limit", async () => {
    const deep = 'subscription { referralChanged { referral { customer { referrals { edges { node { customer { referrals { edges { node { customer { referrals { totalCount } } } } } } } } } } } } }';
    const subscriber = track(subscribeOverWebSocket(gw.url, await gw.token('HUB_COORDINATOR'), deep));
    const [event] = await subscriber.waitFor(1);
    expect(event!.errors?.[0]?.message).toMatch(/depth/i);
  });

  test("an order placed for a customer is heard by its customer's subscribers only, and a hospital team may not subscribe", async () => {
    const token = await gw.token('HUB_COORDINATOR');
    const found = await gw.graphql<any>('{ referrals(first: 50) { edges { node { customer { id address { postcode } } } } } }', undefined, token);
    const customerIds = found.body.data.referrals.edges.filter((edge: any) => edge.node.customer.address?.postcode).map((edge: any) => edge.node.customer.id as string);
    const [customerId, otherCustomerId] = [...new Set<string>(customerIds)];
    const query = 'subscription($customerId: ID) { equipmentOrderChanged(customerId: $customerId) { id status } }';
    const theirs = track(subscribeOverWebSocket(gw.url, token, query, { customerId }));
    const another = track(subscribeOverWebSocket(gw.url, token, query, { customerId: otherCustomerId }));
    const team = track(subscribeOverWebSocket(gw.url, await gw.token('HOSPITAL_DISCHARGE', { trust: TRUST }), query, { customerId }));
    await Promise.all([theirs.ready, another.ready, team.ready]);
    await settle();
    const placed = await gw.graphql<any>(
      'mutation($input: PlaceEquipmentOrderInput!, $key: String!) { placeEquipmentOrder(input: $input, idempotencyKey: $key) { id status } }',
      { input: { customerId, deliverySpeed: 'STANDARD', lines: [{ itemCode: 'WS-001', quantity: 1 }] }, key: `live-order-${kind}` },
      token,
    );
    expect(placed.body.errors).toBeUndefined();
    const [event] = await theirs.waitFor(1);
    expect(event!.data!.equipmentOrderChanged.id).toBe(placed.body.data.placeEquipmentOrder.id);
    const [refused] = await team.waitFor(1);
    expect(refused!.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(another.events).toEqual([]);
  });

  test("orders moved by a confirmed merge are heard as their orders' change, under the customer they moved to", async () => {
    const hub = await gw.token('HUB_COORDINATOR');
    const [person] = await knownCustomers(gw);
    // A trust's A40 naming a council customer's NHS number is held for review; confirmed, the trust's record moves onto the council's.
    const stranger = 'RZM';
    await postHl7(gw.url, await gw.token('SYSTEM', { trust: stranger }), adt(stranger, 'A40', `LIVE-MERGE-${kind}`,
      pid({ mrn: 'RZM-LIVE', trust: stranger, family: 'Mover', given: 'Mo', dob: '19990101', address: '2 Mover Street^^Leeds^^LS1 4AP' }),
      segment('MRG', { 1: `${person!.nhsNumber}^^^NHS^NH` })));
    const reviews = await gw.graphql<any>('{ identityReviews(first: 200) { id kind customer { id } mergeFrom { id } } }', undefined, hub);
    const review = reviews.body.data.identityReviews.find((each: any) => each.kind === 'MERGE' && each.mergeFrom?.id === person!.id);
    const placed = await gw.graphql<any>(
      'mutation($input: PlaceEquipmentOrderInput!, $key: String!) { placeEquipmentOrder(input: $input, idempotencyKey: $key) { id status } }',
      // A special item waits for a therapist, so nothing but the merge moves this order while the test listens.
      { input: { customerId: review.customer.id, deliverySpeed: 'STANDARD', lines: [{ itemCode: 'BED-010', quantity: 1, fittingRequired: true }] }, key: `live-merge-order-${kind}` },
      hub,
    );
    expect(placed.body.data.placeEquipmentOrder.status).toBe('AWAITING_AUTHORISATION');
    const board = track(subscribeOverWebSocket(gw.url, hub, 'subscription($customerId: ID) { equipmentOrderChanged(customerId: $customerId) { id customer { id } } }', { customerId: person!.id }));
    await board.ready;
    await settle();

    const confirmed = await gw.graphql<any>('mutation($id: ID!) { resolveIdentityReview(input: { id: $id, decision: CONFIRM }) { id } }', { id: review.id }, hub);
    expect(confirmed.body.errors).toBeUndefined();
    const [moved] = await board.waitFor(1);
    expect(moved!.data).toEqual({ equipmentOrderChanged: { id: placed.body.data.placeEquipmentOrder.id, customer: { id: person!.id } } });
  });

  test('a subscriber over SSE hears the same event; one without a token is refused 401', async () => {
    const refused = subscribeOverSse(gw.url, null, REFERRAL_CHANGED);
    expect(await refused.status).toBe(401);
    const coordinator = track(subscribeOverSse(gw.url, await gw.token('HUB_COORDINATOR'), REFERRAL_CHANGED));
    expect(await coordinator.status).toBe(200);
    await sendAdmission('LIVE-SPELL-3', 'SSEHEARD');
    const [event] = await coordinator.waitFor(1);
    expect(event!.data!.referralChanged.referral).toMatchObject({ hospitalSpell: { spellId: 'LIVE-SPELL-3' }, referredPerson: { name: { family: 'SSEHEARD' } } });
  });
});

const describeWithPostgres = POSTGRES_URL ? describe : describe.skip;

describeWithPostgres('live updates across two gateways on one PostgreSQL (needs TEST_DATABASE_URL)', () => {
  let place: TestStorePlace;
  let first: TestGateway;
  let second: TestGateway;

  beforeAll(async () => {
    place = await createTestStorePlace('postgres');
    [first, second] = await Promise.all([startTestGateway(place), startTestGateway(place)]);
  });
  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
    await place?.remove();
  });

  test('a message taken by one reaches a subscriber connected to the other', async () => {
    const board = subscribeOverWebSocket(second.url, await second.token('HUB_COORDINATOR'), REFERRAL_CHANGED);
    try {
      await board.ready;
      await settle();
      const reply = await postHl7(first.url, await first.token('SYSTEM', { trust: TRUST }), admissionA01('LIVE-REPLICA-1', 'REPLICA', TRUST));
      expect(reply.acks[0]!.code).toBe('AA');
      const [event] = await board.waitFor(1);
      expect(event!.data!.referralChanged.referral.hospitalSpell.spellId).toBe('LIVE-REPLICA-1');
    } finally {
      await board.stop();
    }
  });

  test('when the store drops the replicas\' listening connections, subscribers are told events were missed, and boards are re-sent', async () => {
    const token = await second.token('HUB_COORDINATOR');
    const changes = subscribeOverWebSocket(second.url, token, REFERRAL_CHANGED);
    const board = subscribeOverWebSocket(second.url, token, 'subscription { hubBoardChanged { byStatus { status count } } }');
    try {
      await Promise.all([changes.ready, board.ready]);
      await settle();
      const admin = new pg.Client({ connectionString: POSTGRES_URL! });
      await admin.connect();
      try {
        await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = $1', [`LISTEN "${storeChannel(LIVE_EVENTS_CHANNEL, place.databaseSchema)}"`]);
      } finally {
        await admin.end();
      }
      const [missed] = await changes.waitFor(1);
      expect(missed!.errors).toEqual([expect.objectContaining({ extensions: { code: 'LIVE_EVENTS_MISSED' } })]);
      const [resent] = await board.waitFor(1);
      expect(resent!.data!.hubBoardChanged.byStatus).toContainEqual({ status: 'RECEIVED', count: expect.any(Number) });
    } finally {
      await Promise.all([changes.stop(), board.stop()]);
    }
  });
});
