/**
 * Community health in the case view end to end: the real gateway over HTTP,
 * the community health simulator (FHIR R4) beside the two record system
 * simulators, all serving the synthetic people the store is seeded with.
 * What a page of customers costs community health, what the query returns
 * when it is down or slow, and that a hospital team is refused. On both
 * stores.
 */
import { communityPatientsOf } from '../../adapters/community-health/simulator-people.js';
import { generateSyntheticHub } from '../../src/seed/synthetic-hub.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';

const TIMEOUT_MS = 1_500;
const BREAKER_OPEN_MS = 400;
/** NHS numbers per Patient search (the client's page size, adapters/community-health/README.md). */
const PAGE_LIMIT = 50;

const CASE = `careRecord { source { system } caseStatus }
  communityHealth { source { system patientId fetchedAt } involvements { service serviceName teamName since leadProfessional { name role } contactPhone episodeId } }`;

/** What the simulator holds of each person, from the same hub the store is seeded with. */
const PATIENTS = communityPatientsOf(generateSyntheticHub());

describeEachStore('community health in the case view', (kind) => {
  let place: TestStorePlace;
  let gw: TestGateway;
  let viewer: string;

  beforeAll(async () => {
    place = await createTestStorePlace(kind);
    gw = await startTestGateway(place, {
      CARE_RECORDS_TIMEOUT_MS: String(TIMEOUT_MS),
      CARE_RECORDS_BREAK_AFTER: '3',
      CARE_RECORDS_BREAKER_OPEN_MS: String(BREAKER_OPEN_MS),
    });
    viewer = await gw.token('VIEWER');
  }, 60_000);
  afterAll(async () => {
    await gw?.stop();
    await place?.remove();
  });

  const simulator = () => gw.simulators.communityHealth!;
  const searches = () => simulator().stats().requests;
  const referralsPage = (first: number, fields = CASE, token = viewer) =>
    gw.graphql<any>(`query($first: Int!) { referrals(first: $first) { edges { node { id customer { id nhsNumber ${fields} } } } } }`, { first }, token);
  const customersOf = (response: any): any[] => response.body.data.referrals.edges.map((edge: any) => edge.node.customer);
  const settle = () => new Promise((resolve) => setTimeout(resolve, BREAKER_OPEN_MS + 50));

  test('the case view shows community health involvement beside the social care record, with where and when it came from', async () => {
    const response = await referralsPage(100);
    expect(response.body.errors).toBeUndefined();
    const customers = customersOf(response);
    const involved = customers.filter((customer) => customer.communityHealth?.involvements.length > 0);
    expect(involved.length).toBeGreaterThan(0);
    expect(involved.some((customer) => customer.careRecord !== null)).toBe(true);
    for (const customer of customers) {
      if (customer.nhsNumber === null) {
        expect(customer.communityHealth).toBeNull();
        continue;
      }
      const patient = PATIENTS.get(customer.nhsNumber)!;
      expect(customer.communityHealth.source).toEqual({ system: 'COMMUNITY_HEALTH', patientId: patient.patientId, fetchedAt: expect.any(String) });
      expect(Date.parse(customer.communityHealth.source.fetchedAt)).toBeGreaterThan(Date.now() - 60_000);
      // Active episodes only, each with its team and lead as the simulator holds them.
      const active = patient.episodes.filter((episode) => episode.status === 'active');
      expect(customer.communityHealth.involvements).toEqual(
        active.map((episode) => ({
          service: episode.service,
          serviceName: expect.any(String),
          teamName: episode.team.name,
          since: episode.since,
          leadProfessional: { name: episode.team.members[0]!.name, role: episode.team.members[0]!.role },
          contactPhone: episode.team.phone,
          episodeId: episode.id,
        })),
      );
    }
  });

  test.each([1, 50, 200])('a page of %i customers costs community health one Patient search per 50 NHS numbers, and one EpisodeOfCare and CareTeam search beside each', async (first) => {
    const before = searches();
    const response = await referralsPage(first);
    expect(response.body.errors).toBeUndefined();
    const numbers = new Set(customersOf(response).flatMap((customer) => (customer.nhsNumber === null ? [] : [customer.nhsNumber])));
    const after = searches();
    const batches = Math.ceil(numbers.size / PAGE_LIMIT);
    expect(after.searchPatients - before.searchPatients).toBe(batches);
    expect(after.searchEpisodes - before.searchEpisodes).toBe(batches);
    expect(after.searchCareTeams - before.searchCareTeams).toBe(batches);
  });

  test('a page that does not ask for it calls community health not at all', async () => {
    const before = searches();
    const response = await referralsPage(50, 'careRecord { caseStatus }');
    expect(response.body.errors).toBeUndefined();
    expect(searches()).toEqual(before);
  });

  test('with community health down, its field is null with UPSTREAM_UNAVAILABLE naming it, and the rest of the query answers', async () => {
    simulator().setFaults({ down: true });
    try {
      const response = await referralsPage(30);
      const customers = customersOf(response);
      expect(customers).toHaveLength(30);
      for (const customer of customers) {
        expect(customer.communityHealth).toBeNull();
        expect(customer.id).toEqual(expect.any(String));
      }
      expect(customers.some((customer) => customer.careRecord?.source.system)).toBe(true);
      const errors = response.body.errors!;
      expect(errors.length).toBe(customers.filter((customer) => customer.nhsNumber !== null).length);
      for (const error of errors) {
        expect(error.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: 'COMMUNITY_HEALTH', operation: 'recordsOf' });
        expect(error.path).toEqual(['referrals', 'edges', expect.any(Number), 'node', 'customer', 'communityHealth']);
      }
    } finally {
      simulator().setFaults({ down: false });
      await settle();
    }
    expect((await referralsPage(5)).body.errors).toBeUndefined();
  });

  test('community health slower than the timeout is cut off: the query answers within it, the social care record with it', async () => {
    simulator().setFaults({ latencyMs: TIMEOUT_MS * 4 });
    try {
      const started = Date.now();
      const response = await referralsPage(20);
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS * 3);
      const failed = (response.body.errors ?? []).map((error) => error.extensions);
      expect(failed.length).toBeGreaterThan(0);
      for (const extensions of failed) expect(extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: 'COMMUNITY_HEALTH' });
      expect(customersOf(response).some((customer) => customer.careRecord !== null)).toBe(true);
    } finally {
      simulator().setFaults({ latencyMs: 0 });
      await settle();
    }
  });

  test('a garbled Bundle is community health unavailable, not a crash', async () => {
    simulator().setFaults({ malformedNext: 1 });
    const response = await referralsPage(10);
    expect(response.status).toBe(200);
    const codes = (response.body.errors ?? []).map((error) => error.extensions?.code);
    expect(codes.length).toBeGreaterThan(0);
    expect(new Set(codes)).toEqual(new Set(['UPSTREAM_UNAVAILABLE']));
  });

  test('after repeated failures its own breaker answers at once without calling it, the record systems untouched, then lets it back', async () => {
    simulator().setFaults({ failNext5xx: 1_000 });
    try {
      for (let i = 0; i < 3; i++) await referralsPage(5);
      const before = searches().searchPatients;
      const started = Date.now();
      const response = await referralsPage(5);
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS);
      expect(searches().searchPatients).toBe(before);
      expect(new Set(response.body.errors!.map((error) => error.message))).toEqual(new Set(['COMMUNITY_HEALTH recordsOf: circuit open after repeated failures']));
      expect(customersOf(response).some((customer) => customer.careRecord !== null)).toBe(true);
    } finally {
      simulator().setFaults({ failNext5xx: 0 });
    }
    await settle();
    expect((await referralsPage(5)).body.errors).toBeUndefined();
  });

  test('a hospital team is refused, and community health is not asked on its behalf', async () => {
    const customerId = customersOf(await referralsPage(1, 'name { family }'))[0].id;
    for (const token of [await gw.token('HOSPITAL_DISCHARGE', { trust: 'R1A' }), await gw.token('SYSTEM', { trust: 'R1A' })]) {
      const before = searches();
      const throughReferral = await gw.graphql<any>('{ referrals(first: 5) { edges { node { customer { communityHealth { involvements { service } } } } } } }', undefined, token);
      expect(throughReferral.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const direct = await gw.graphql<any>('query($id: ID!) { customer(id: $id) { communityHealth { source { patientId } } } }', { id: customerId }, token);
      expect(direct.body.data?.customer ?? null).toBeNull();
      expect(direct.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(JSON.stringify([throughReferral.body, direct.body])).not.toMatch(/pat-|involvements"/);
      expect(searches()).toEqual(before);
    }
  });

  test('reading it is on the audit trail as a look at the customer', async () => {
    const customer = customersOf(await referralsPage(1, 'name { family }'))[0];
    const read = await gw.graphql<any>('query($id: ID!) { customer(id: $id) { communityHealth { source { patientId } } } }', { id: customer.id }, viewer);
    expect(read.body.errors).toBeUndefined();
    const admin = await gw.token('ADMIN');
    const audit = await gw.graphql<any>('query($id: ID!) { auditEvents(customerId: $id, first: 50) { edges { node { action operation actor { role } } } } }', { id: customer.id }, admin);
    expect(audit.body.data.auditEvents.edges.map((edge: any) => edge.node)).toContainEqual(expect.objectContaining({ action: 'READ', actor: expect.objectContaining({ role: 'VIEWER' }) }));
  });
});
