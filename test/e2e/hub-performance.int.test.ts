/**
 * The hub's figures end to end: the real gateway over HTTP on the seeded
 * synthetic hub. A coordinator and a VIEWER are answered with figures that
 * agree with the store; hospital teams and trust feeds are refused; bad
 * periods are refused naming the argument. Reading figures names no person,
 * so it writes no look to the audit trail. On both stores.
 */
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';

const DAY_MS = 86_400_000;
const TIME = `measured medianHours p90Hours withinTarget shareWithinTarget`;
const FIGURES = `from to groupBy groups { trust pathway source team week month received accepted declined decided withdrawn
  timeToTriage { ${TIME} } timeToDecision { ${TIME} }
  dischargeDelay { discharges delayed shareDelayed meanDaysDelayed bands { fromDays toDays count } }
  readyToSupport { measured medianDays p90Days } readmissions { supportedDischarges readmitted share } }
  openCaseload { team worker open } waitingForTriage { fromDays toDays count }`;
const QUERY = `query($from: Date!, $to: Date!, $groupBy: [PerformanceGrouping!]) { hubPerformance(from: $from, to: $to, groupBy: $groupBy) { ${FIGURES} } }`;

const isoDate = (instant: Date) => instant.toISOString().slice(0, 10);

describeEachStore('hub performance figures end to end', (kind) => {
  let place: TestStorePlace;
  let gw: TestGateway;
  /** A year to tomorrow: every seeded referral, whatever the hour in London. */
  const period = { from: isoDate(new Date(Date.now() - 365 * DAY_MS)), to: isoDate(new Date(Date.now() + DAY_MS)) };

  beforeAll(async () => {
    place = await createTestStorePlace(kind);
    gw = await startTestGateway(place);
  }, 90_000);
  afterAll(async () => {
    await gw?.stop();
    await place?.remove();
  });

  const ask = async (token: string, variables: Record<string, unknown>) => gw.graphql<any>(QUERY, variables, token);

  test.each(['HUB_COORDINATOR', 'VIEWER'] as const)('%s is answered, by trust, with the store\'s own counts', async (role) => {
    const response = await ask(await gw.token(role), { ...period, groupBy: ['TRUST'] });
    expect(response.body.errors).toBeUndefined();
    const figures = response.body.data.hubPerformance;
    expect(figures).toMatchObject({ ...period, groupBy: ['TRUST'] });
    const expected = await gw.gateway.db.query<{ trust: string | null; received: number; withdrawn: number }>(
      `SELECT referring_trust_ods_code AS trust, count(*)::int AS received, count(*) FILTER (WHERE status = 'WITHDRAWN')::int AS withdrawn
       FROM referrals GROUP BY 1 ORDER BY 1 NULLS LAST`,
    );
    expect(expected.length).toBeGreaterThan(1);
    // The store's counts are of every referral: so the period must hold every one.
    const [span] = await gw.gateway.db.query<{ first: Date; last: Date }>('SELECT min(received_at) AS first, max(received_at) AS last FROM referrals');
    expect([isoDate(span!.first) > period.from, isoDate(span!.last) < period.to]).toEqual([true, true]);
    expect(figures.groups.map((group: any) => ({ trust: group.trust, received: group.received, withdrawn: group.withdrawn }))).toEqual(expected);
    for (const group of figures.groups) {
      expect(group.decided).toBe(group.accepted + group.declined);
      expect(group.timeToDecision.measured).toBeLessThanOrEqual(group.received);
      expect(group.timeToTriage.withinTarget).toBeLessThanOrEqual(group.timeToTriage.measured);
      const bands = group.dischargeDelay.bands.map((band: any) => band.count);
      expect(bands.reduce((sum: number, n: number) => sum + n, 0)).toBe(group.dischargeDelay.discharges);
      expect(group.dischargeDelay.discharges - bands[0]).toBe(group.dischargeDelay.delayed);
      expect(group.readmissions.readmitted).toBeLessThanOrEqual(group.readmissions.supportedDischarges);
      expect(group.readmissions.supportedDischarges).toBeLessThanOrEqual(group.received);
    }
    // As things stand now: every open accepted referral has a place in the caseload, every one waiting an age.
    const [now] = await gw.gateway.db.query<{ accepted: number; waiting: number }>(
      `SELECT count(*) FILTER (WHERE status = 'ACCEPTED')::int AS accepted, count(*) FILTER (WHERE status = 'RECEIVED')::int AS waiting FROM referrals`,
    );
    const sum = (counts: number[]) => counts.reduce((total, n) => total + n, 0);
    expect(sum(figures.openCaseload.map((load: any) => load.open))).toBe(now!.accepted);
    expect(sum(figures.waitingForTriage.map((band: any) => band.count))).toBe(now!.waiting);
    // Counts name nobody: no look at a person is written for them.
    const requestId = response.headers.get('x-request-id');
    const [looks] = await gw.gateway.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events WHERE request_id = $1', [requestId]);
    expect(looks!.n).toBe(0);
  });

  test.each([
    ['HOSPITAL_DISCHARGE', 'a hospital team'],
    ['SYSTEM', "a trust's feed"],
  ] as const)('%s (%s) is refused, even for its own trust alone', async (role, _who) => {
    const trust = (await gw.gateway.db.query<{ trust: string }>('SELECT referring_trust_ods_code AS trust FROM referrals WHERE referring_trust_ods_code IS NOT NULL LIMIT 1'))[0]!.trust;
    const response = await ask(await gw.token(role, { trust }), { ...period, groupBy: ['TRUST'] });
    expect(response.body.data).toBeNull();
    expect(response.body.errors!.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  test.each([
    ['to before from', { from: '2026-03-02', to: '2026-03-01' }, /before from/],
    ['more than 3 years', { from: '2022-01-01', to: '2025-01-02' }, /at most 1096/],
  ])('a period with %s is refused as BAD_USER_INPUT naming `to`', async (_, bad, message) => {
    const response = await ask(await gw.token('HUB_COORDINATOR'), bad);
    expect(response.body.data).toBeNull();
    const [error] = response.body.errors!;
    expect(error!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'to' });
    expect(error!.message).toMatch(message);
  });

  test('a period of exactly 3 years (and a leap day) is answered', async () => {
    const response = await ask(await gw.token('VIEWER'), { from: '2023-01-01', to: '2025-12-31' });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.hubPerformance.groups).toHaveLength(1);
  });

  test('one request asks for two sets of figures at most: each scans the period, and aliases must not multiply that', async () => {
    const sets = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `f${i}: hubPerformance(from: "2024-01-01", to: "2026-12-01") { groups { received } }`).join(' ')} }`;
    const token = await gw.token('VIEWER');
    expect((await gw.graphql<any>(sets(2), undefined, token)).body.errors).toBeUndefined();
    const three = await gw.graphql<any>(sets(3), undefined, token);
    expect(three.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
  });
});
