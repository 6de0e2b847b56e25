/**
 * The community health simulator over real HTTP, as the gateway's client
 * meets it: the hub's people as Patients, active searches and their pages,
 * ServiceRequests created once and moving through their Task's statuses,
 * and every fault mode.
 */
import { createCommunityHealthClient } from '../../../adapters/community-health/client.js';
import { communityPatientsOf } from '../../../adapters/community-health/simulator-people.js';
import { type CommunityHealthSimulator, type CommunityHealthSimulatorOptions, startCommunityHealthSimulator } from '../../../adapters/community-health/simulator.js';
import { searchPageFromFhir } from '../../../adapters/community-health/translate.js';
import { CommunityHealthRefusalError, CommunityHealthUnavailableError } from '../../../src/community-health/ports.js';
import { generateSyntheticHub } from '../../../src/seed/synthetic-hub.js';
import { NHS_NUMBER, REQUEST } from './contract-messages.js';

const API_KEY = 'test-community-health-key';
const HUB = generateSyntheticHub({ customers: 200 });
const PATIENTS = communityPatientsOf(HUB);
const NUMBERS = [...PATIENTS.keys()];
const running: CommunityHealthSimulator[] = [];

async function simulator(options: Partial<CommunityHealthSimulatorOptions> = {}) {
  const sim = await startCommunityHealthSimulator({ apiKey: API_KEY, hub: HUB, ...options });
  running.push(sim);
  const client = createCommunityHealthClient({ baseUrl: sim.fhirBase, apiKey: API_KEY, timeoutMs: 1_000 });
  const get = async (path: string, key: string | null = API_KEY) => {
    const response = await fetch(`${sim.fhirBase}${path}`, { headers: key === null ? {} : { authorization: `Bearer ${key}` } });
    return { status: response.status, text: await response.text(), type: response.headers.get('content-type') };
  };
  return Object.assign(sim, { client, get });
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('people', () => {
  test('every hub customer with an NHS number is a Patient; a number it does not know is absent', async () => {
    const withNumbers = new Set(HUB.customers.flatMap((customer) => (customer.nhsNumber === null ? [] : [customer.nhsNumber])));
    expect(new Set(NUMBERS)).toEqual(withNumbers);
    const sim = await simulator();
    const records = await sim.client.recordsOf([...NUMBERS.slice(0, 30), '9990000018']);
    expect(records.size).toBe(30);
    expect(records.has('9990000018')).toBe(false);
    for (const [nhsNumber, record] of records) expect(record.patientId).toBe(PATIENTS.get(nhsNumber)!.patientId);
  });

  test('the same people on every start, and some on a caseload, some on two, some on none', () => {
    expect(communityPatientsOf(generateSyntheticHub({ customers: 200 }))).toEqual(PATIENTS);
    const active = [...PATIENTS.values()].map((patient) => patient.episodes.filter((episode) => episode.status === 'active').length);
    expect(active).toContain(0);
    expect(active).toContain(1);
    expect(active).toContain(2);
  });

  test('an active search leaves out finished episodes; a search without status has them', async () => {
    const withFinished = [...PATIENTS.values()].find((patient) => patient.episodes.some((episode) => episode.status === 'finished'))!;
    const sim = await simulator();
    const all = searchPageFromFhir((await sim.get(`/EpisodeOfCare?patient=Patient/${withFinished.patientId}`)).text).resources;
    const active = searchPageFromFhir((await sim.get(`/EpisodeOfCare?patient=Patient/${withFinished.patientId}&status=active`)).text).resources;
    expect(all.length).toBe(withFinished.episodes.length);
    expect(active.length).toBe(withFinished.episodes.filter((episode) => episode.status === 'active').length);
    const record = (await sim.client.recordsOf([withFinished.nhsNumber])).get(withFinished.nhsNumber)!;
    expect(record.involvements.map((involvement) => involvement.episodeId)).toEqual(withFinished.episodes.filter((e) => e.status === 'active').map((e) => e.id));
  });

  test('_count pages a search with next links the client follows', async () => {
    const sim = await simulator();
    const identifiers = NUMBERS.slice(0, 5).map((n) => `https://fhir.nhs.uk/Id/nhs-number|${n}`).join(',');
    const first = searchPageFromFhir((await sim.get(`/Patient?identifier=${encodeURIComponent(identifiers)}&_count=2`)).text);
    expect(first.resources).toHaveLength(2);
    expect(first.next).toMatch(new RegExp(`^${sim.fhirBase}/Patient\\?.*_offset=2`));
    const second = searchPageFromFhir((await fetch(first.next!, { headers: { authorization: `Bearer ${API_KEY}` } }).then((r) => r.text())));
    expect(second.resources).toHaveLength(2);
  });

  test('FHIR JSON; 401 without the key; 404 off the interface; 400 too-costly past 50 identifiers', async () => {
    const sim = await simulator();
    const ok = await sim.get(`/Patient?identifier=${NHS_NUMBER}`);
    expect(ok).toMatchObject({ status: 200, type: 'application/fhir+json; charset=utf-8' });
    expect((await sim.get(`/Patient?identifier=${NHS_NUMBER}`, null)).status).toBe(401);
    expect((await sim.get('/Observation')).status).toBe(404);
    const tooMany = await sim.get(`/Patient?identifier=${NUMBERS.slice(0, 51).join(',')}`);
    expect(tooMany.status).toBe(400);
    expect(JSON.parse(tooMany.text).issue[0].code).toBe('too-costly');
  });
});

describe('ServiceRequests', () => {
  const person = () => NUMBERS[0]!;

  test('created once for one id, however often sent; each step moves it on: SENT, ACKNOWLEDGED, ACCEPTED', async () => {
    const sim = await simulator({ stepMs: 150 });
    const request = { ...REQUEST, nhsNumber: person() };
    const first = await sim.client.createServiceRequest(request);
    expect(await sim.client.createServiceRequest(request)).toEqual(first);
    expect(sim.stats()).toMatchObject({ serviceRequestsCreated: 1, serviceRequestsRepeated: 1 });
    expect(await sim.client.serviceRequestStatus(first.reference)).toEqual({ status: 'SENT', reason: null });
    await sleep(180);
    expect((await sim.client.serviceRequestStatus(first.reference)).status).toBe('ACKNOWLEDGED');
    await sleep(150);
    expect((await sim.client.serviceRequestStatus(first.reference)).status).toBe('ACCEPTED');
  });

  test('a service the provider does not run is DECLINED with its reason', async () => {
    const sim = await simulator({ stepMs: 50 });
    const { reference } = await sim.client.createServiceRequest({ ...REQUEST, nhsNumber: person(), service: 'OTHER' });
    await sleep(120);
    expect(await sim.client.serviceRequestStatus(reference)).toEqual({ status: 'DECLINED', reason: expect.stringMatching(/refer elsewhere/) });
  });

  test('a person it does not know, and an unknown request, are refusals', async () => {
    const sim = await simulator();
    await expect(sim.client.createServiceRequest({ ...REQUEST, nhsNumber: '9990000018' })).rejects.toBeInstanceOf(CommunityHealthRefusalError);
    await expect(sim.client.serviceRequestStatus('sr-999999')).rejects.toBeInstanceOf(CommunityHealthRefusalError);
  });

  test('a POST without If-None-Exist is refused 400, one with it but no ServiceRequest as the contract says 422; neither creates anything', async () => {
    const sim = await simulator();
    const post = (headers: Record<string, string>) =>
      fetch(`${sim.fhirBase}/ServiceRequest`, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/fhir+json', ...headers },
        body: JSON.stringify({ resourceType: 'ServiceRequest' }),
      }).then((response) => response.status);
    expect(await post({})).toBe(400);
    expect(await post({ 'if-none-exist': 'identifier=urn:care-gateway:service-request|other' })).toBe(422);
    expect(sim.stats().serviceRequestsCreated).toBe(0);
  });
});

describe('faults', () => {
  test('down, 503s, a cut-off answer and latency, each as the client meets it, counted', async () => {
    const sim = await simulator();
    const numbers = NUMBERS.slice(0, 3);
    sim.setFaults({ down: true });
    await expect(sim.client.recordsOf(numbers)).rejects.toBeInstanceOf(CommunityHealthUnavailableError);
    sim.setFaults({ down: false, failNext5xx: 1 });
    await expect(sim.client.recordsOf(numbers)).rejects.toThrow(/HTTP 503 \(transient\)/);
    sim.setFaults({ malformedNext: 1 });
    await expect(sim.client.recordsOf(numbers)).rejects.toThrow(/not the contract/);
    expect((await sim.client.recordsOf(numbers)).size).toBe(3);
    sim.setFaults({ latencyMs: 1_500 });
    await expect(sim.client.recordsOf(numbers)).rejects.toThrow(/no answer/);
    expect(sim.stats().faultsInjected).toBeGreaterThanOrEqual(4);
  });

  test('the faults are set over HTTP, without the key; stats count searches by kind', async () => {
    const sim = await simulator();
    const set = await fetch(`${sim.url}/_simulator/faults`, { method: 'POST', body: JSON.stringify({ failNext5xx: 2 }) });
    expect(await set.json()).toMatchObject({ failNext5xx: 2 });
    await sim.client.recordsOf(NUMBERS.slice(0, 2)).catch(() => undefined);
    await sim.client.recordsOf(NUMBERS.slice(0, 2)).catch(() => undefined);
    await sim.client.recordsOf(NUMBERS.slice(0, 2));
    const stats = await fetch(`${sim.url}/_simulator/stats`).then((response) => response.json() as Promise<any>);
    expect(stats.requests).toMatchObject({ searchPatients: 3, searchEpisodes: 1, searchCareTeams: 1 });
    expect(stats).toMatchObject({ identifiersRequested: 2, largestBatch: 2 });
  });
});
