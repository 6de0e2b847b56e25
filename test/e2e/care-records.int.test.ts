/**
 * One customer's whole case end to end: the real gateway over HTTP, the two
 * record system simulators (LAS-style REST, CareFirst-style SOAP) on
 * loopback serving the same synthetic people the store is seeded with.
 * Counts the calls each simulator received for queries over 1, 50 and 500
 * customers, and shows what a query returns when a system is down, slow,
 * garbled, or its breaker open. On both stores.
 */
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';

const TIMEOUT_MS = 1_500;
/** The most ids one call may ask for: the limits in each record system's contract README. */
const PAGE_LIMIT = { LAS: 50, CAREFIRST: 25 };
const BREAKER_OPEN_MS = 400;

const CASE = `careRecord { source { system localId fetchedAt } caseStatus allocatedWorker { name } team { name } alerts { category severity } carePackage { status services { type } } carers { name relationship } }`;

describeEachStore('care records end to end', (kind) => {
  let place: TestStorePlace;
  let gw: TestGateway;
  let viewer: string;

  beforeAll(async () => {
    place = await createTestStorePlace(kind);
    gw = await startTestGateway(place, {
      CARE_RECORDS_TIMEOUT_MS: String(TIMEOUT_MS),
      CARE_RECORDS_BREAK_AFTER: '3',
      CARE_RECORDS_BREAKER_OPEN_MS: String(BREAKER_OPEN_MS),
      OUTBOX_POLL_MS: '20',
    });
    viewer = await gw.token('VIEWER');
  }, 60_000);
  afterAll(async () => {
    await gw?.stop();
    await place?.remove();
  });

  const las = () => gw.simulators.careRecords.las!;
  const lasSimulator = las;
  const carefirst = () => gw.simulators.careRecords.carefirst!;
  const lookups = () => ({ las: las().stats().requests.fetchPeople, carefirst: carefirst().stats().requests.getClientSummaries });
  const referralsPage = (first: number, fields = CASE) =>
    gw.graphql<any>(`query($first: Int!) { referrals(first: $first) { edges { node { id status customer { id identities { system localId } ${fields} } } } } }`, { first }, viewer);
  const customersOf = (response: any): any[] => response.body.data.referrals.edges.map((edge: any) => edge.node.customer);
  const linkedTo = (customer: any, system: string) => customer.identities.some((identity: any) => identity.system === system);

  test('a customer linked to a record system shows its case, saying where it came from', async () => {
    const customers = customersOf(await referralsPage(50));
    const linked = customers.find((customer) => linkedTo(customer, 'LAS') && !linkedTo(customer, 'CAREFIRST'))!;
    const identity = linked.identities.find((i: any) => i.system === 'LAS');
    expect(linked.careRecord.source).toMatchObject({ system: 'LAS', localId: identity.localId });
    expect(Date.parse(linked.careRecord.source.fetchedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(['OPEN', 'ALLOCATED', 'AWAITING_ALLOCATION', 'CLOSED']).toContain(linked.careRecord.caseStatus);
    const inCareFirst = customers.find((customer) => linkedTo(customer, 'CAREFIRST') && !linkedTo(customer, 'LAS'));
    expect(inCareFirst?.careRecord.source.system).toBe('CAREFIRST');
  });

  test.each([1, 50, 500])('a page of %i referrals with their customers\' cases costs one batched call per system, chunked at its page limit', async (first) => {
    const before = lookups();
    const response = await referralsPage(first);
    expect(response.body.errors).toBeUndefined();
    const customers = customersOf(response);
    const distinct = (system: string) => new Set(customers.flatMap((c) => c.identities.filter((i: any) => i.system === system).map((i: any) => i.localId))).size;
    const after = lookups();
    expect(after.las - before.las).toBe(Math.ceil(distinct('LAS') / PAGE_LIMIT.LAS));
    expect(after.carefirst - before.carefirst).toBe(Math.ceil(distinct('CAREFIRST') / PAGE_LIMIT.CAREFIRST));
  });

  test('a page that does not ask for the case calls no record system', async () => {
    const before = lookups();
    const response = await referralsPage(50, 'name { family }');
    expect(response.body.errors).toBeUndefined();
    expect(customersOf(response)).toHaveLength(50);
    expect(lookups()).toEqual(before);
  });

  test('with one system down, its customers\' cases are null with UPSTREAM_UNAVAILABLE naming it, and everything else returns', async () => {
    las().setFaults({ down: true });
    try {
      const response = await referralsPage(50);
      const customers = customersOf(response);
      expect(customers).toHaveLength(50);
      for (const customer of customers) {
        expect(customer.id).toEqual(expect.any(String));
        if (linkedTo(customer, 'LAS')) expect(customer.careRecord).toBeNull();
        else if (linkedTo(customer, 'CAREFIRST')) expect(customer.careRecord.source.system).toBe('CAREFIRST');
      }
      const errors = response.body.errors!;
      expect(errors.length).toBeGreaterThan(0);
      for (const error of errors) {
        expect(error.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: 'LAS' });
        expect(error.path).toEqual(['referrals', 'edges', expect.any(Number), 'node', 'customer', 'careRecord']);
      }
    } finally {
      las().setFaults({ down: false });
      await new Promise((resolve) => setTimeout(resolve, BREAKER_OPEN_MS + 50));
    }
  });

  test('a system slower than the timeout is cut off: the query answers within the timeout, that system\'s cases null', async () => {
    carefirst().setFaults({ latencyMs: TIMEOUT_MS * 4 });
    try {
      const started = Date.now();
      const response = await referralsPage(20);
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS * 3);
      const failed = (response.body.errors ?? []).map((error) => error.extensions);
      expect(failed.length).toBeGreaterThan(0);
      for (const extensions of failed) expect(extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: 'CAREFIRST' });
    } finally {
      carefirst().setFaults({ latencyMs: 0 });
      await new Promise((resolve) => setTimeout(resolve, BREAKER_OPEN_MS + 50));
    }
  });

  test('a garbled answer is the system unavailable, not a crash', async () => {
    las().setFaults({ malformedNext: 1 });
    const response = await referralsPage(10);
    expect(response.status).toBe(200);
    const codes = (response.body.errors ?? []).map((error) => error.extensions?.code);
    expect(codes.length).toBeGreaterThan(0);
    expect(new Set(codes)).toEqual(new Set(['UPSTREAM_UNAVAILABLE']));
  });

  test('after repeated failures the breaker answers at once without calling the system, then lets it back when it recovers', async () => {
    las().setFaults({ failNext5xx: 1_000 });
    try {
      for (let i = 0; i < 3; i++) await referralsPage(5);
      const before = lookups().las;
      const started = Date.now();
      const response = await referralsPage(5);
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS);
      expect(lookups().las).toBe(before);
      expect(response.body.errors![0]!.message).toMatch(/circuit open/);
    } finally {
      las().setFaults({ failNext5xx: 0 });
    }
    await new Promise((resolve) => setTimeout(resolve, BREAKER_OPEN_MS + 50));
    const recovered = await referralsPage(5);
    expect(recovered.body.errors).toBeUndefined();
  });

  test('GET /metrics counts the calls to each system by operation and outcome, with their latency', async () => {
    await referralsPage(10);
    const response = await fetch(`${gw.url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/care_gateway_outside_calls_total\{system="LAS",operation="fetchRecords",outcome="ok"\} [1-9]/);
    expect(text).toMatch(/care_gateway_outside_calls_total\{system="LAS",operation="fetchRecords",outcome="circuit_open"\} [1-9]/);
    expect(text).toMatch(/care_gateway_outside_call_seconds_count\{system="CAREFIRST",operation="fetchRecords"\} [1-9]/);
  });

  test('accepting a referral writes a contact onto the person\'s record through the outbox, once, and the referral shows its reference', async () => {
    const coordinator = await gw.token('HUB_COORDINATOR');
    const triaged = await gw.graphql<any>(
      '{ referrals(filter: { statuses: [TRIAGED] }, first: 100) { edges { node { id customer { identities { system localId } } } } } }',
      undefined,
      coordinator,
    );
    const referral = triaged.body.data.referrals.edges.map((edge: any) => edge.node).find((node: any) => linkedTo(node.customer, 'LAS'));
    const before = lasSimulator().stats().contactsWritten;
    const accepted = await gw.graphql<any>(
      'mutation($id: ID!) { acceptReferral(input: { referralId: $id, assignedTeam: "Reablement South", assignedWorker: "Ruth Adeyemi" }) { status careRecordReferences { system reference } } }',
      { id: referral.id },
      coordinator,
    );
    expect(accepted.body.data.acceptReferral.status).toBe('ACCEPTED');
    expect(accepted.body.data.acceptReferral.careRecordReferences).toContainEqual({ system: 'LAS', reference: null });
    let references: any[] = [];
    for (const until = Date.now() + 10_000; Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 25))) {
      const read = await gw.graphql<any>('query($id: ID!) { referral(id: $id) { careRecordReferences { system localId reference writtenAt } } }', { id: referral.id }, coordinator);
      references = read.body.data.referral.careRecordReferences;
      if (references.every((reference) => reference.reference !== null)) break;
    }
    const written = references.find((reference) => reference.system === 'LAS');
    expect(written.reference).toEqual(expect.any(String));
    expect(written.localId).toBe(referral.customer.identities.find((identity: any) => identity.system === 'LAS').localId);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(lasSimulator().stats().contactsWritten).toBe(before + 1);
  });

  test('hospital teams never see the social care record', async () => {
    const hospital = await gw.token('HOSPITAL_DISCHARGE', { trust: 'R1A' });
    const before = lookups();
    const response = await gw.graphql<any>('{ referrals(first: 1) { edges { node { customer { careRecord { caseStatus } } } } } }', undefined, hospital);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Nor is the record system asked on their behalf.
    expect(lookups()).toEqual(before);
  });
});
