/**
 * The live transports under a query's rules, through the real gateway: a
 * subscription over graphql-ws or SSE that is too long, too costly or has
 * poisoned variables is refused with the code the same document gets over
 * HTTP; an SSE event's audit rows name its operation; a browser page on an
 * origin not in CORS_ORIGINS is refused the WebSocket upgrade.
 */
import { message, msh, pv1, segment } from '../adapters/hospital-discharge/hl7v2/synthetic-messages.js';
import { postHl7 } from '../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { subscribeOverSse, subscribeOverWebSocket, subscriberTracker } from '../support/live-clients.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';
import WebSocket from 'ws';

const TRUST = 'RXX';
const MAX_TOKENS = 300;
const MAX_COST = 100;
const HUB_PAGE = 'https://hub.example.org';

interface Refusal {
  name: string;
  query: string;
  variables: Record<string, unknown>;
  code: string;
}

const REFUSALS: Refusal[] = [
  {
    name: 'too many tokens',
    query: `subscription { referralChanged { changes ${'__typename '.repeat(MAX_TOKENS)} } }`,
    variables: {},
    code: 'GRAPHQL_PARSE_FAILED',
  },
  {
    name: 'a cost over the limit',
    query: 'subscription { referralChanged { referral { customer { referrals(first: 500) { edges { node { id status } } } } } } }',
    variables: {},
    code: 'QUERY_TOO_COSTLY',
  },
  {
    name: 'a NUL in a variable',
    query: 'subscription($customerId: ID) { equipmentOrderChanged(customerId: $customerId) { id } }',
    variables: { customerId: 'cus\u0000tomer' },
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'a variable nested too deep',
    query: 'subscription { referralChanged { changes } }',
    variables: { extra: JSON.parse('['.repeat(40) + ']'.repeat(40)) },
    code: 'BAD_USER_INPUT',
  },
];

function admission(spell: string, family: string): string {
  return message(
    msh('A01', { 10: `LIMITS-${spell}-${Date.now()}`, 7: '20261201100000' }),
    segment('EVN', { 1: 'A01', 2: '20261201100000', 6: '20261201100000' }),
    segment('PID', { 3: `MRN-${spell}^^^${TRUST}^MR`, 5: `${family}^Live`, 7: '19400101', 8: 'F' }),
    pv1({ 19: spell, 44: '20261201100000' }),
  );
}

describeEachStore('live transports under the limits of a query', (kind) => {
  let place: TestStorePlace;
  let gw: TestGateway;
  const { track, stopAll } = subscriberTracker();

  beforeAll(async () => {
    place = await createTestStorePlace(kind);
    gw = await startTestGateway(place, { QUERY_MAX_TOKENS: String(MAX_TOKENS), QUERY_MAX_COST: String(MAX_COST), CORS_ORIGINS: HUB_PAGE });
  });
  afterEach(async () => {
    await stopAll();
  });
  afterAll(async () => {
    await gw?.stop();
    await place?.remove();
  });

  async function overSse(token: string, query: string, variables: Record<string, unknown>) {
    const response = await fetch(`${gw.url}/graphql/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as { errors: { message: string; extensions?: Record<string, unknown> }[] } };
  }

  test.each(REFUSALS)('a subscription with $name is refused $code over HTTP, graphql-ws and SSE alike', async ({ query, variables, code }) => {
    const token = await gw.token('HUB_COORDINATOR');
    const overHttp = await gw.graphql(query, variables, token);
    expect(overHttp.status).toBe(400);
    expect(overHttp.body.errors?.[0]?.extensions?.code).toBe(code);

    const socket = track(subscribeOverWebSocket(gw.url, token, query, variables));
    const [refused] = await socket.waitFor(1);
    expect(refused!.data).toBeUndefined();
    expect(refused!.errors?.[0]?.extensions).toEqual(expect.objectContaining({ code }));
    expect(refused!.errors?.[0]?.extensions).not.toHaveProperty('http');
    expect(refused!.errors?.[0]?.message).toBe(overHttp.body.errors?.[0]?.message);

    const stream = await overSse(token, query, variables);
    expect(stream.status).toBe(400);
    expect(stream.body.errors[0]?.extensions?.code).toBe(code);
    expect(stream.body.errors[0]?.message).toBe(overHttp.body.errors?.[0]?.message);
  });

  test('a subscription within the limits still runs over both transports', async () => {
    const token = await gw.token('HUB_COORDINATOR');
    const query = 'subscription { referralChanged { referral { customer { referrals(first: 5) { totalCount } } } } }';
    const socket = track(subscribeOverWebSocket(gw.url, token, query));
    const stream = track(subscribeOverSse(gw.url, token, query));
    await socket.ready;
    expect(await stream.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const reply = await postHl7(gw.url, await gw.token('SYSTEM', { trust: TRUST }), admission('LIMITS-OK', 'WITHIN'));
    expect(reply.acks[0]!.code).toBe('AA');
    const [[heard], [streamed]] = await Promise.all([socket.waitFor(1), stream.waitFor(1)]);
    expect(heard!.errors).toBeUndefined();
    expect(streamed!.errors).toBeUndefined();
  });

  test("an event sent over SSE is audited under its operation's name", async () => {
    const coordinator = track(
      subscribeOverSse(gw.url, await gw.token('HUB_COORDINATOR', { subject: 'sse-named' }), 'subscription SseBoard { referralChanged { referral { referredPerson { name { family } } } } }'),
    );
    expect(await coordinator.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const reply = await postHl7(gw.url, await gw.token('SYSTEM', { trust: TRUST }), admission('LIMITS-SSE', 'SSENAMED'));
    expect(reply.acks[0]!.code).toBe('AA');
    await coordinator.waitFor(1);
    const rows = await gw.gateway.db.query<{ operation: string }>(`SELECT DISTINCT operation FROM audit_events WHERE actor_subject = 'sse-named' AND action = 'READ'`);
    expect(rows.map((row) => row.operation)).toEqual(['subscription SseBoard']);
  });

  /** The HTTP status of the upgrade's answer: 101 when the socket opened. */
  function upgrade(origin: string | undefined): Promise<number> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`${gw.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', origin ? { origin } : {});
      socket.once('upgrade', (response) => resolve(response.statusCode!));
      socket.once('unexpected-response', (_request, response) => {
        resolve(response.statusCode!);
        response.resume();
      });
      socket.once('open', () => socket.close());
      socket.once('error', reject);
    });
  }

  test('a WebSocket from a page on an origin not in CORS_ORIGINS is refused 403; one from an allowed page, or with no Origin, opens', async () => {
    expect(await upgrade('https://evil.example.com')).toBe(403);
    expect(await upgrade('null')).toBe(403);
    expect(await upgrade(HUB_PAGE)).toBe(101);
    expect(await upgrade(undefined)).toBe(101);
  });

  test('a socket from an allowed page subscribes as any other', async () => {
    const token = await gw.token('HUB_COORDINATOR');
    const socket = new WebSocket(`${gw.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', { origin: HUB_PAGE });
    const messages: { type: string }[] = [];
    socket.on('message', (data) => messages.push(JSON.parse((data as Buffer).toString('utf8'))));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
    const deadline = Date.now() + 5_000;
    while (!messages.some((m) => m.type === 'connection_ack') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    socket.close();
    expect(messages.map((m) => m.type)).toContain('connection_ack');
  });
});
