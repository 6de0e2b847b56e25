/**
 * The done-when, end to end: an admission sent over a real MLLP
 * socket to one gateway reaches a coordinator's board subscribed over
 * graphql-ws, on the same gateway (PGlite) and on another replica sharing
 * PostgreSQL (skipped without TEST_DATABASE_URL).
 */
import { defaultSenderProfile } from '../../adapters/hospital-discharge/sender-profile.js';
import { message, msh, pv1, segment } from '../adapters/hospital-discharge/hl7v2/synthetic-messages.js';
import { freePort, MllpClient, mllpFrame } from '../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { subscribeOverWebSocket, type LiveSubscriber } from '../support/live-clients.js';
import { createTestStorePlace, POSTGRES_URL, type StoreKind, type TestStorePlace } from '../support/stores.js';

const TRUST = 'RXX';
const REFERRAL_CHANGED = 'subscription { referralChanged { changes referral { status hospitalSpell { spellId } referredPerson { name { family } } } } }';
const HUB_BOARD_CHANGED = 'subscription { hubBoardChanged { byStatus { status count } } }';

function admission(spell: string, family: string): string {
  return message(
    msh('A01', { 10: `MLLP-LIVE-${spell}-${Date.now()}`, 7: '20261201100000' }),
    segment('EVN', { 1: 'A01', 2: '20261201100000', 6: '20261201100000' }),
    segment('PID', { 3: `MRN-${spell}^^^${TRUST}^MR`, 5: `${family}^Live`, 7: '19400101', 8: 'F' }),
    pv1({ 19: spell, 44: '20261201100000' }),
  );
}

/** Time for a subscribe message to be registered by the server once the socket is acknowledged. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

async function startWithMllp(place: TestStorePlace): Promise<{ gw: TestGateway; mllpPort: number }> {
  const mllpPort = await freePort();
  const gw = await startTestGateway(place, { MLLP_PORT: String(mllpPort) }, [{ ...defaultSenderProfile(TRUST), mllp: true }]);
  return { gw, mllpPort };
}

/** Sends the admission over MLLP to `receiver` and checks that both of a coordinator's subscriptions on `board` hear it. */
async function expectHeardAcross(receiver: { mllpPort: number }, board: TestGateway, spell: string, family: string) {
  const token = await board.token('HUB_COORDINATOR');
  const subscribers: LiveSubscriber[] = [subscribeOverWebSocket(board.url, token, REFERRAL_CHANGED), subscribeOverWebSocket(board.url, token, HUB_BOARD_CHANGED)];
  const [changes, hub] = subscribers as [LiveSubscriber, LiveSubscriber];
  const sender = await MllpClient.connect(receiver.mllpPort);
  try {
    await Promise.all(subscribers.map((subscriber) => subscriber.ready));
    await settle();
    await sender.write(mllpFrame(admission(spell, family)));
    const [ack] = await sender.acksReceived(1);
    expect(ack!.code).toBe('AA');
    const [event] = await changes.waitFor(1);
    expect(event!.errors).toBeUndefined();
    expect(event!.data!.referralChanged).toMatchObject({
      changes: ['RECEIVED'],
      referral: { status: 'RECEIVED', hospitalSpell: { spellId: spell }, referredPerson: { name: { family } } },
    });
    const [boardEvent] = await hub.waitFor(1);
    expect(boardEvent!.errors).toBeUndefined();
    expect(boardEvent!.data!.hubBoardChanged.byStatus).toContainEqual({ status: 'RECEIVED', count: expect.any(Number) });
  } finally {
    sender.close();
    await Promise.all(subscribers.map((subscriber) => subscriber.stop()));
  }
}

const onPglite = process.env.TEST_STORE_ONLY === 'postgres' ? describe.skip : describe;

onPglite('an admission over MLLP reaches a subscribed board [pglite]', () => {
  let place: TestStorePlace;
  let gateway: { gw: TestGateway; mllpPort: number };

  beforeAll(async () => {
    place = await createTestStorePlace('pglite' satisfies StoreKind);
    gateway = await startWithMllp(place);
  });
  afterAll(async () => {
    await gateway?.gw.stop();
    await place?.remove();
  });

  test("a coordinator's referralChanged and hubBoardChanged hear an admission sent over MLLP", async () => {
    await expectHeardAcross(gateway, gateway.gw, 'MLLP-LIVE-1', 'MLLPHEARD');
  });
});

const withPostgres = POSTGRES_URL ? describe : describe.skip;

withPostgres('an admission over MLLP to one replica reaches a board on another (needs TEST_DATABASE_URL)', () => {
  let place: TestStorePlace;
  let receiver: { gw: TestGateway; mllpPort: number };
  let other: TestGateway;

  beforeAll(async () => {
    place = await createTestStorePlace('postgres');
    [receiver, other] = await Promise.all([startWithMllp(place), startTestGateway(place)]);
  });
  afterAll(async () => {
    await Promise.all([receiver?.gw.stop(), other?.stop()]);
    await place?.remove();
  });

  test("a discharge referral sent over MLLP to gateway A is heard on a coordinator's board subscribed to gateway B", async () => {
    await expectHeardAcross(receiver, other, 'MLLP-REPLICA-1', 'REPLICA');
  });
});
