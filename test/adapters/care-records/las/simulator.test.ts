/**
 * The LAS simulator over real HTTP, as the gateway's client meets it: the
 * contract's answers read with translate.ts's gateway side, the people it
 * serves checked against the synthetic hub, and every fault mode.
 */
import { createLasClient } from '../../../../adapters/care-records/las/client.js';
import { type LasSimulator, type LasSimulatorOptions, startLasSimulator } from '../../../../adapters/care-records/las/simulator.js';
import {
  contactAcceptedFromJson,
  contactToJson,
  errorFromJson,
  peopleFromJson,
  teamReferralStateFromJson,
  teamReferralToJson,
} from '../../../../adapters/care-records/las/translate.js';
import type { CareRecord, CareRecordContact, TeamReferral } from '../../../../src/care-records/ports.js';
import { generateSyntheticHub } from '../../../../src/seed/synthetic-hub.js';
import { CONTACT, FETCHED_AT, TEAM_REFERRAL } from './contract-messages.js';

const API_KEY = 'test-las-key';
const HUB = generateSyntheticHub({ customers: 200 });
const LAS_IDS = HUB.identities.filter((identity) => identity.system === 'LAS').map((identity) => identity.localId);
const running: LasSimulator[] = [];

async function simulator(options: Partial<LasSimulatorOptions> = {}) {
  const sim = await startLasSimulator({ apiKey: API_KEY, hub: HUB, ...options });
  running.push(sim);
  async function call(method: string, path: string, init: { body?: string; key?: string | null; headers?: Record<string, string>; signal?: AbortSignal } = {}) {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...init.headers };
    const key = init.key === undefined ? API_KEY : init.key;
    if (key !== null) headers.authorization = `Bearer ${key}`;
    const response = await fetch(`${sim.url}${path}`, { method, headers, body: init.body, signal: init.signal });
    return { status: response.status, text: await response.text() };
  }
  const lookup = (ids: string[], init?: Parameters<typeof call>[2]) => call('GET', `/api/v1/people?ids=${ids.join(',')}`, init);
  const contact = (personId: string, body: CareRecordContact = CONTACT, key = body.contactId) =>
    call('POST', `/api/v1/people/${personId}/contacts`, { body: contactToJson(body), headers: { 'idempotency-key': key } });
  const teamReferral = (personId: string, body: TeamReferral = TEAM_REFERRAL) =>
    call('POST', `/api/v1/people/${personId}/team-referrals`, { body: teamReferralToJson(body), headers: { 'idempotency-key': body.teamReferralId } });
  return Object.assign(sim, { call, lookup, contact, teamReferral });
}

const records = (text: string) => peopleFromJson(text, FETCHED_AT);
const errorCode = (text: string) => errorFromJson(text).code;

afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

describe('people lookup', () => {
  test('serves the hub’s LAS people: who they are from the hub, with a case', async () => {
    const sim = await simulator();
    const { status, text } = await sim.lookup(LAS_IDS.slice(0, 3));
    expect(status).toBe(200);
    const { records: people, notFound } = records(text);
    expect(notFound).toEqual([]);
    expect(people.map((person) => person.localId)).toEqual(LAS_IDS.slice(0, 3));
    for (const person of people) {
      const identity = HUB.identities.find((i) => i.system === 'LAS' && i.localId === person.localId)!;
      const customer = HUB.customers.find((c) => c.id === identity.customerId)!;
      expect(person.person).toEqual({ familyName: customer.name.family, givenName: customer.name.given, dateOfBirth: customer.dateOfBirth, nhsNumber: customer.nhsNumber });
    }
  });

  test('ids it does not know are in notFound; an id asked twice is answered once; a CareFirst id is no LAS id (400)', async () => {
    const sim = await simulator();
    const careFirstId = HUB.identities.find((identity) => identity.system === 'CAREFIRST')!.localId;
    const { status, text } = await sim.lookup([LAS_IDS[0]!, '4109999', LAS_IDS[0]!]);
    expect(status).toBe(200);
    expect(records(text)).toMatchObject({ records: [{ localId: LAS_IDS[0] }], notFound: ['4109999'] });
    expect(careFirstId).toMatch(/^CF/);
    expect((await sim.lookup([careFirstId])).status).toBe(400);
  });

  test('at most pageLimit ids: more is 400 TOO_MANY_IDS; none, or a non-id, is 400 BAD_IDS', async () => {
    const sim = await simulator({ pageLimit: 5 });
    expect((await sim.lookup(LAS_IDS.slice(0, 5))).status).toBe(200);
    const tooMany = await sim.lookup(LAS_IDS.slice(0, 6));
    expect(tooMany.status).toBe(400);
    expect(errorCode(tooMany.text)).toBe('TOO_MANY_IDS');
    for (const ids of [[], ['abc'], ['4100001', 'x1']]) {
      const bad = await sim.lookup(ids);
      expect([bad.status, errorCode(bad.text)]).toEqual([400, 'BAD_IDS']);
    }
  });

  test('cases are realistic, and the same on every start', async () => {
    const first = await simulator();
    const people = records((await first.lookup(LAS_IDS.slice(0, 50))).text).records;
    const again = await simulator();
    expect(records((await again.lookup(LAS_IDS.slice(0, 50))).text).records).toEqual(people);
    const share = (test: (person: CareRecord) => boolean) => people.filter(test).length / people.length;
    expect(share((p) => p.caseStatus === 'ALLOCATED')).toBeGreaterThan(0.5);
    expect(share((p) => p.caseStatus === 'AWAITING_ALLOCATION')).toBeGreaterThan(0);
    expect(share((p) => p.carePackage?.services.some((s) => s.type === 'Home care') ?? false)).toBeGreaterThan(0.3);
    for (const person of people) {
      expect(person.allocatedWorker !== null).toBe(person.caseStatus === 'ALLOCATED');
      expect(person.alerts.length).toBeLessThanOrEqual(3);
      expect(person.carers.length).toBeLessThanOrEqual(2);
      expect(person.person.nhsNumber ?? '999').toMatch(/^999/);
      for (const phone of [person.allocatedWorker?.phone, ...person.carers.map((c) => c.phone)]) {
        if (phone) expect(phone).toMatch(/^(0113 496 0\d{3}|07700 900\d{3})$/);
      }
    }
  });

  test('a client reads 120 ids through it in 50 + 50 + 20', async () => {
    const sim = await simulator({ hub: generateSyntheticHub() });
    const client = createLasClient({ baseUrl: sim.url, apiKey: API_KEY, timeoutMs: 2_000 });
    const ids = Array.from({ length: 120 }, (_, i) => String(4_100_001 + i));
    const found = await client.fetchRecords(ids);
    expect(found.size).toBeGreaterThan(0);
    expect(sim.stats()).toMatchObject({ requests: { fetchPeople: 3 }, idsRequested: 120, largestBatch: 50 });
  });
});

describe('contacts', () => {
  test('201 with a reference the first time, 200 with the same reference for the same key and contact', async () => {
    const sim = await simulator();
    const first = await sim.contact(LAS_IDS[0]!);
    expect(first.status).toBe(201);
    expect(contactAcceptedFromJson(first.text)).toEqual({ contactId: CONTACT.contactId, reference: 'CNT-00000001' });
    const again = await sim.contact(LAS_IDS[0]!);
    expect([again.status, again.text]).toEqual([200, first.text]);
    const other = await sim.contact(LAS_IDS[0]!, { ...CONTACT, contactId: 'another' });
    expect([other.status, contactAcceptedFromJson(other.text).reference]).toEqual([201, 'CNT-00000002']);
    expect(sim.stats()).toMatchObject({ contactsWritten: 2, contactsRepeated: 1 });
  });

  test('the same key for a different contact or person is 409 CONTACT_ID_REUSED', async () => {
    const sim = await simulator();
    await sim.contact(LAS_IDS[0]!);
    for (const reused of [await sim.contact(LAS_IDS[0]!, { ...CONTACT, summary: 'Something else' }), await sim.contact(LAS_IDS[1]!)]) {
      expect([reused.status, errorCode(reused.text)]).toEqual([409, 'CONTACT_ID_REUSED']);
    }
  });

  test('404 PERSON_NOT_FOUND, 422 INVALID_CONTACT naming the field, 400 without an Idempotency-Key', async () => {
    const sim = await simulator();
    const unknown = await sim.contact('4109999');
    expect([unknown.status, errorCode(unknown.text)]).toEqual([404, 'PERSON_NOT_FOUND']);
    const invalid = await sim.call('POST', `/api/v1/people/${LAS_IDS[0]}/contacts`, { body: '{"referralId":"r-1"}', headers: { 'idempotency-key': 'k-1' } });
    expect(invalid.status).toBe(422);
    expect(errorFromJson(invalid.text)).toEqual({ code: 'INVALID_CONTACT', message: 'summary: is missing' });
    const keyless = await sim.call('POST', `/api/v1/people/${LAS_IDS[0]}/contacts`, { body: contactToJson(CONTACT) });
    expect([keyless.status, errorCode(keyless.text)]).toEqual([400, 'IDEMPOTENCY_KEY_REQUIRED']);
    expect(sim.stats().contactsWritten).toBe(0);
  });

  test('a client writes through it, and the repeat is the same contact', async () => {
    const sim = await simulator();
    const client = createLasClient({ baseUrl: sim.url, apiKey: API_KEY, timeoutMs: 2_000 });
    const first = await client.writeContact(LAS_IDS[0]!, CONTACT);
    await expect(client.writeContact(LAS_IDS[0]!, CONTACT)).resolves.toEqual(first);
    await expect(client.writeContact('4109999', CONTACT)).rejects.toMatchObject({ code: 'RECORD_SYSTEM_REFUSED' });
  });
});

describe('team referrals', () => {
  test('201 when made, 200 with the same reference when repeated, 409 under the same key with other content, 404 for an unknown person', async () => {
    const sim = await simulator();
    const first = await sim.teamReferral(LAS_IDS[0]!);
    expect(first.status).toBe(201);
    const made = teamReferralStateFromJson(first.text);
    expect(made).toEqual({ teamReferralId: TEAM_REFERRAL.teamReferralId, state: { reference: 'TRF-00000001', status: 'SENT', reason: null } });
    const again = await sim.teamReferral(LAS_IDS[0]!);
    expect([again.status, teamReferralStateFromJson(again.text)]).toEqual([200, made]);
    const reused = await sim.teamReferral(LAS_IDS[1]!);
    expect([reused.status, errorCode(reused.text)]).toEqual([409, 'TEAM_REFERRAL_ID_REUSED']);
    const unknown = await sim.teamReferral('4109999', { ...TEAM_REFERRAL, teamReferralId: 'other' });
    expect([unknown.status, errorCode(unknown.text)]).toEqual([404, 'PERSON_NOT_FOUND']);
    const invalid = await sim.teamReferral(LAS_IDS[0]!, { ...TEAM_REFERRAL, teamReferralId: 'bad', team: 'no such team' });
    expect([invalid.status, errorCode(invalid.text)]).toEqual([422, 'INVALID_TEAM_REFERRAL']);
  });

  test('its status moves over time, readable by reference', async () => {
    const sim = await simulator({ teamReferralStepMs: 50 });
    await sim.teamReferral(LAS_IDS[0]!);
    await new Promise((resolve) => setTimeout(resolve, 120));
    const read = await sim.call('GET', '/api/v1/team-referrals/TRF-00000001');
    expect(teamReferralStateFromJson(read.text).state.status).toBe('ACCEPTED');
    const missing = await sim.call('GET', '/api/v1/team-referrals/TRF-00000009');
    expect([missing.status, errorCode(missing.text)]).toEqual([404, 'TEAM_REFERRAL_NOT_FOUND']);
  });
});

describe('the HTTP edges', () => {
  test('401 without the bearer key, or with the wrong one', async () => {
    const sim = await simulator();
    for (const key of [null, 'wrong']) {
      const { status, text } = await sim.lookup([LAS_IDS[0]!], { key });
      expect([status, errorCode(text)]).toEqual([401, 'UNAUTHENTICATED']);
    }
  });

  test('404 NOT_FOUND for a path not in the interface', async () => {
    const sim = await simulator();
    const { status, text } = await sim.call('GET', '/api/v2/people');
    expect([status, errorCode(text)]).toEqual([404, 'NOT_FOUND']);
  });

  test('counts calls, ids, the largest batch and contacts, readable over HTTP', async () => {
    const sim = await simulator();
    await sim.lookup(LAS_IDS.slice(0, 7));
    await sim.lookup(LAS_IDS.slice(0, 2));
    await sim.lookup(Array.from({ length: 51 }, (_, i) => String(4_100_001 + i)));
    await sim.contact(LAS_IDS[0]!);
    await sim.contact(LAS_IDS[0]!);
    await sim.teamReferral(LAS_IDS[0]!);
    await sim.teamReferral(LAS_IDS[0]!);
    await sim.call('GET', '/api/v1/team-referrals/TRF-00000001');
    const expected = {
      requests: { fetchPeople: 3, writeContact: 2, referToTeam: 2, teamReferralStatus: 1 },
      idsRequested: 9,
      largestBatch: 7,
      contactsWritten: 1,
      contactsRepeated: 1,
      teamReferralsMade: 1,
      teamReferralsRepeated: 1,
      faultsInjected: 0,
    };
    expect(sim.stats()).toEqual(expected);
    const overHttp = await fetch(`${sim.url}/_simulator/stats`);
    expect(await overHttp.json()).toEqual(expected);
  });
});

describe('fault injection', () => {
  test('latencyMs delays every answer', async () => {
    const sim = await simulator();
    sim.setFaults({ latencyMs: 150 });
    const started = performance.now();
    expect((await sim.lookup([LAS_IDS[0]!])).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    expect(sim.stats().faultsInjected).toBe(1);
  });

  test('failNext5xx answers the next calls 503 UNAVAILABLE, doing nothing', async () => {
    const sim = await simulator();
    sim.setFaults({ failNext5xx: 2 });
    for (let i = 0; i < 2; i += 1) {
      const { status, text } = await sim.contact(LAS_IDS[0]!);
      expect([status, errorCode(text)]).toEqual([503, 'UNAVAILABLE']);
    }
    expect((await sim.contact(LAS_IDS[0]!)).status).toBe(201);
    expect(sim.stats()).toMatchObject({ requests: { writeContact: 3 }, contactsWritten: 1, contactsRepeated: 0, faultsInjected: 2 });
  });

  test('hang takes a request and never answers; close() still ends it', async () => {
    const sim = await simulator();
    sim.setFaults({ hang: true });
    await expect(sim.lookup([LAS_IDS[0]!], { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    const pending = sim.lookup([LAS_IDS[0]!]);
    const until = Date.now() + 2_000;
    while (sim.stats().requests.fetchPeople < 2 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
    await sim.close();
    await expect(pending).rejects.toThrow();
  });

  test('malformedNext cuts the answer short, but the call happened: a retry gets the first reference', async () => {
    const sim = await simulator();
    sim.setFaults({ malformedNext: 1 });
    const broken = await sim.contact(LAS_IDS[0]!);
    expect(broken.status).toBe(201);
    expect(() => contactAcceptedFromJson(broken.text)).toThrow('body: is not JSON');
    const retried = await sim.contact(LAS_IDS[0]!);
    expect([retried.status, contactAcceptedFromJson(retried.text).reference]).toEqual([200, 'CNT-00000001']);
    expect(sim.stats()).toMatchObject({ contactsWritten: 1, contactsRepeated: 1, faultsInjected: 1 });
  });

  test('down closes connections at once; the controls still answer, and switch it off', async () => {
    const sim = await simulator();
    const control = (faults: object) => fetch(`${sim.url}/_simulator/faults`, { method: 'POST', body: JSON.stringify(faults) });
    expect((await control({ down: true })).status).toBe(200);
    await expect(sim.lookup([LAS_IDS[0]!])).rejects.toThrow();
    const off = await control({ down: false });
    expect(await off.json()).toEqual({ latencyMs: 0, failNext5xx: 0, hang: false, malformedNext: 0, down: false });
    expect((await sim.lookup([LAS_IDS[0]!])).status).toBe(200);
  });

  test('the faults control refuses what is not a fault', async () => {
    const sim = await simulator();
    for (const body of ['{"explode":true}', '{"latencyMs":-1}', '{"hang":"yes"}', '[1]', 'not json']) {
      const response = await fetch(`${sim.url}/_simulator/faults`, { method: 'POST', body });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: expect.any(String) });
    }
  });
});
