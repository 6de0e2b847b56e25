/**
 * The CareFirst simulator over real HTTP, as the gateway's client meets it:
 * the hub's CAREFIRST people in batches, the page limit, unknown refs,
 * idempotent contacts, the key, and every request fault. Calls go through
 * the real client where it can make them, and as raw SOAP where the test
 * needs what the client would never send.
 */
import { createCareFirstClient } from '../../../../adapters/care-records/carefirst/client.js';
import { soapActionOf } from '../../../../adapters/care-records/carefirst/contract.js';
import { startCareFirstSimulator, type CareFirstSimulator } from '../../../../adapters/care-records/carefirst/simulator.js';
import {
  getClientSummariesRequestToXml,
  recordContactRequestToXml,
  recordContactResponseFromXml,
  clientSummariesResponseFromXml,
} from '../../../../adapters/care-records/carefirst/translate.js';
import { RecordSystemRefusalError, RecordSystemUnavailableError, type CareRecord } from '../../../../src/care-records/ports.js';
import { generateSyntheticHub } from '../../../../src/seed/synthetic-hub.js';
import { CONTACT } from './contract-messages.js';
import type { TeamReferral } from '../../../../src/care-records/ports.js';

const TEAM_REFERRAL: TeamReferral = {
  teamReferralId: 'cf-team-0',
  referralId: '7d1c2b0e-5f7a-4c1e-9b8d-2a3f4e5d6c7b',
  team: 'FAB',
  service: 'Finance and benefits assessment',
  reason: 'Care charges to assess',
  details: null,
  requestedBy: 'Sam Carter, Locality Hub',
  requestedAt: '2026-11-24T10:15:00.000Z',
};

const API_KEY = 'test-carefirst-key';
// Long enough that a busy CI machine never times out a call that should answer; the hang tests wait this long.
const TIMEOUT_MS = 3_000;
const hub = generateSyntheticHub({ customers: 300 });
const linked = hub.identities.filter((identity) => identity.system === 'CAREFIRST');
const refs = linked.map((identity) => identity.localId);
const customerOf = (ref: string) => hub.customers.find((customer) => customer.id === linked.find((identity) => identity.localId === ref)!.customerId)!;

const SUMMARIES_ACTION = soapActionOf('GetClientSummaries');
const CONTACT_ACTION = soapActionOf('RecordContact');

let sim: CareFirstSimulator;
let client: ReturnType<typeof createCareFirstClient>;

beforeEach(async () => {
  sim = await startCareFirstSimulator({ apiKey: API_KEY, hub });
  client = createCareFirstClient({ baseUrl: sim.url, apiKey: API_KEY, timeoutMs: TIMEOUT_MS });
});
afterEach(() => sim.close());

/** A raw SOAP call, for what the client would never send. */
async function post(envelope: string, soapaction: string, contentType = 'text/xml; charset=utf-8') {
  const response = await fetch(`${sim.url}/CareFirstServices/ClientService.svc`, { method: 'POST', headers: { 'content-type': contentType, soapaction }, body: envelope });
  return { status: response.status, body: await response.text() };
}

async function faultOf(call: Promise<{ status: number; body: string }>) {
  const { status, body } = await call;
  const answer = recordContactResponseFromXml(body);
  if (answer.ok) throw new Error('expected a fault');
  return { status, ...answer.fault };
}

function withoutFetchedAt(records: Map<string, CareRecord>) {
  return [...records.values()].map(({ fetchedAt: _fetchedAt, ...rest }) => rest);
}

describe('GetClientSummaries', () => {
  test('serves the hub’s CAREFIRST people, who they are from the hub, in one batch of 25', async () => {
    const batch = refs.slice(0, 25);
    const records = await client.fetchRecords(batch);
    expect([...records.keys()].sort()).toEqual([...batch].sort());
    for (const ref of batch) {
      const customer = customerOf(ref);
      expect(records.get(ref)!.person).toEqual({ familyName: customer.name.family, givenName: customer.name.given, dateOfBirth: customer.dateOfBirth, nhsNumber: customer.nhsNumber });
    }
    expect(sim.stats()).toMatchObject({ requests: { getClientSummaries: 1, recordContact: 0 }, clientRefsRequested: 25, largestBatch: 25 });
  });

  test('cases are realistic, synthetic and the same on every run', async () => {
    const records = await client.fetchRecords(refs);
    const again = await startCareFirstSimulator({ apiKey: API_KEY, hub });
    try {
      const other = createCareFirstClient({ baseUrl: again.url, apiKey: API_KEY, timeoutMs: TIMEOUT_MS });
      expect(withoutFetchedAt(await other.fetchRecords(refs))).toEqual(withoutFetchedAt(records));
    } finally {
      await again.close();
    }
    const all = [...records.values()];
    expect(new Set(all.map((record) => record.caseStatus))).toEqual(new Set(['OPEN', 'ALLOCATED', 'AWAITING_ALLOCATION', 'CLOSED']));
    expect(all.some((record) => record.alerts.some((alert) => alert.category === 'OTHER'))).toBe(true);
    expect(all.some((record) => record.carePackage?.services.length)).toBe(true);
    for (const record of all) {
      if (record.caseStatus === 'ALLOCATED') expect(record.allocatedWorker).not.toBeNull();
      if (record.person.nhsNumber !== null) expect(record.person.nhsNumber).toMatch(/^999/);
      for (const phone of [record.allocatedWorker?.phone, ...record.carers.map((carer) => carer.phone)]) {
        if (phone) expect(phone).toMatch(/^(07700 900\d{3}|0113 496 0\d{3})$/);
      }
    }
  });

  test('unknown refs come back as UnknownClientRef, and are absent from the records', async () => {
    const { body } = await post(getClientSummariesRequestToXml(API_KEY, [refs[0]!, 'CF0999999']), SUMMARIES_ACTION);
    const answer = clientSummariesResponseFromXml(body, new Date().toISOString());
    expect(answer).toMatchObject({ ok: true, value: { unknownClientRefs: ['CF0999999'] } });
    expect([...(await client.fetchRecords([refs[0]!, 'CF0999999'])).keys()]).toEqual([refs[0]]);
  });

  test('more refs than the page limit is a TooManyClients Client fault', async () => {
    const fault = await faultOf(post(getClientSummariesRequestToXml(API_KEY, refs.slice(0, 26)), SUMMARIES_ACTION));
    expect(fault).toMatchObject({ status: 500, faultCode: 'Client', detailCode: 'TooManyClients' });
    expect(sim.stats().largestBatch).toBe(26);
    const tooBig = createCareFirstClient({ baseUrl: sim.url, apiKey: API_KEY, timeoutMs: TIMEOUT_MS, pageLimit: 30 });
    expect(await tooBig.fetchRecords(refs.slice(0, 30)).catch((error: unknown) => error)).toMatchObject({ message: 'CAREFIRST fetchRecords: soap:Client fault TooManyClients' });
  });

  test('the client’s 60 ids arrive as 25, 25 and 10', async () => {
    await client.fetchRecords(refs.slice(0, 60));
    expect(sim.stats()).toMatchObject({ requests: { getClientSummaries: 3 }, clientRefsRequested: 60, largestBatch: 25 });
  });
});

describe('RecordContact', () => {
  test('records a contact once: the same ContactRef again gets the same ContactId', async () => {
    const first = await client.writeContact(refs[0]!, CONTACT);
    expect(first.reference).toMatch(/^CON\d{8}$/);
    await expect(client.writeContact(refs[0]!, CONTACT)).resolves.toEqual(first);
    const second = await client.writeContact(refs[0]!, { ...CONTACT, contactId: 'another-contact' });
    expect(second.reference).not.toBe(first.reference);
    expect(sim.stats()).toMatchObject({ requests: { recordContact: 3 }, contactsWritten: 2 });
  });

  test.each([
    ['an unknown client', 'CF0999999', CONTACT, 'UnknownClient'],
    ['an empty summary', null, { ...CONTACT, summary: '' }, 'InvalidContact'],
    ['a summary over 4,000 characters', null, { ...CONTACT, summary: 'x'.repeat(4_001) }, 'InvalidContact'],
    ['a date that is not an instant', null, { ...CONTACT, occurredAt: '24/11/2026' }, 'InvalidContact'],
  ])('%s is refused', async (_name, clientRef, contact, code) => {
    const error = await client.writeContact(clientRef ?? refs[0]!, contact).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecordSystemRefusalError);
    expect((error as Error).message).toBe(`CAREFIRST writeContact: refused: soap:Client fault ${code}`);
    expect(sim.stats().contactsWritten).toBe(0);
  });

  test('a ContactRef reused for another client is refused', async () => {
    await client.writeContact(refs[0]!, CONTACT);
    await expect(client.writeContact(refs[1]!, CONTACT)).rejects.toThrow('refused: soap:Client fault InvalidContact');
  });
});

describe('what the service refuses', () => {
  test('a wrong or missing ApiKey is an InvalidApiKey Client fault, and the client is unavailable', async () => {
    expect(await faultOf(post(getClientSummariesRequestToXml('wrong', refs.slice(0, 1)), SUMMARIES_ACTION))).toMatchObject({ status: 500, faultCode: 'Client', detailCode: 'InvalidApiKey' });
    const noKey = getClientSummariesRequestToXml('k', refs.slice(0, 1)).replace(/<soap:Header>[\s\S]*<\/soap:Header>/, '');
    expect(await faultOf(post(noKey, SUMMARIES_ACTION))).toMatchObject({ detailCode: 'InvalidApiKey' });
    const wrongKey = createCareFirstClient({ baseUrl: sim.url, apiKey: 'wrong', timeoutMs: TIMEOUT_MS });
    await expect(wrongKey.writeContact(refs[0]!, CONTACT)).rejects.toThrow(RecordSystemUnavailableError);
  });

  test('a SOAPAction that names no operation, or another than the body’s, is an InvalidRequest Client fault', async () => {
    const envelope = getClientSummariesRequestToXml(API_KEY, refs.slice(0, 1));
    expect(await faultOf(post(envelope, '"urn:nothing"'))).toMatchObject({ status: 500, detailCode: 'InvalidRequest' });
    expect(await faultOf(post(envelope, CONTACT_ACTION))).toMatchObject({ status: 500, detailCode: 'InvalidRequest' });
  });

  test('a body that is not the contract, or hostile, is an InvalidRequest Client fault naming the place', async () => {
    const broken = recordContactRequestToXml(API_KEY, refs[0]!, CONTACT).replace(/<cf:ContactRef>.*<\/cf:ContactRef>/, '');
    const fault = await faultOf(post(broken, CONTACT_ACTION));
    expect(fault).toMatchObject({ faultCode: 'Client', detailCode: 'InvalidRequest', faultString: 'Envelope/Body/RecordContact/ContactRef: is missing' });
    const hostile = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>';
    expect(await faultOf(post(hostile, CONTACT_ACTION))).toMatchObject({ detailCode: 'InvalidRequest' });
  });

  test('a request that is not text/xml, not a POST, or not to the endpoint is refused at the HTTP level', async () => {
    expect((await post(getClientSummariesRequestToXml(API_KEY, []), SUMMARIES_ACTION, 'application/soap+xml')).status).toBe(415);
    expect((await fetch(`${sim.url}/CareFirstServices/ClientService.svc`)).status).toBe(405);
    expect((await fetch(`${sim.url}/elsewhere`, { method: 'POST' })).status).toBe(404);
  });
});

describe('request faults, set through the controls or the API', () => {
  test('failNext5xx: the next calls get HTTP 503 with a soap:Server ServiceUnavailable fault', async () => {
    const set = await fetch(`${sim.url}/_simulator/faults`, { method: 'POST', body: JSON.stringify({ failNext5xx: 1 }) });
    expect(await set.json()).toMatchObject({ failNext5xx: 1 });
    expect(await faultOf(post(getClientSummariesRequestToXml(API_KEY, refs.slice(0, 1)), SUMMARIES_ACTION))).toMatchObject({
      status: 503,
      faultCode: 'Server',
      detailCode: 'ServiceUnavailable',
    });
    await expect(client.fetchRecords(refs.slice(0, 1))).resolves.toHaveProperty('size', 1);
    expect(sim.stats().faultsInjected).toBe(1);
  });

  test('the client reads a 503 as unavailable', async () => {
    sim.setFaults({ failNext5xx: 1 });
    expect(await client.fetchRecords(refs.slice(0, 1)).catch((e: unknown) => e)).toMatchObject({
      status: 503,
      message: 'CAREFIRST fetchRecords: HTTP 503 with soap:Server fault ServiceUnavailable',
    });
  });

  test('malformedNext: the answer is cut short after the call took effect', async () => {
    sim.setFaults({ malformedNext: 1 });
    const error = await client.writeContact(refs[0]!, CONTACT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecordSystemUnavailableError);
    expect((error as Error).message).toMatch(/^CAREFIRST writeContact: HTTP 200 with a body that is not the contract/);
    expect(sim.stats().contactsWritten).toBe(1);
    // The retry the outbox would make finds the contact already there.
    await expect(client.writeContact(refs[0]!, CONTACT)).resolves.toEqual({ reference: 'CON00000001' });
  });

  test('down: connections are closed at once', async () => {
    sim.setFaults({ down: true });
    expect(await client.fetchRecords(refs.slice(0, 1)).catch((e: unknown) => e)).toMatchObject({ status: null, message: expect.stringMatching(/^CAREFIRST fetchRecords: no answer/) });
  });

  test('hang: the call times out, and close() still closes', async () => {
    sim.setFaults({ hang: true });
    expect(await client.fetchRecords(refs.slice(0, 1)).catch((e: unknown) => e)).toMatchObject({ message: expect.stringMatching(/ECONNABORTED/) });
  });

  test('latencyMs: answers wait, and past the client’s timeout it gives up', async () => {
    sim.setFaults({ latencyMs: 100 });
    const started = Date.now();
    await client.fetchRecords(refs.slice(0, 1));
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
    sim.setFaults({ latencyMs: TIMEOUT_MS * 2 });
    await expect(client.fetchRecords(refs.slice(0, 1))).rejects.toThrow(/ECONNABORTED/);
  });

  test('a fault the kit does not know is a 400 naming it', async () => {
    const response = await fetch(`${sim.url}/_simulator/faults`, { method: 'POST', body: JSON.stringify({ slow: true }) });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: expect.stringMatching(/^unknown fault slow/) });
  });
});

test('GET /_simulator/stats gives the counts as JSON', async () => {
  await client.fetchRecords(refs.slice(0, 30));
  await client.writeContact(refs[0]!, CONTACT);
  const made = await client.referToTeam(refs[0]!, TEAM_REFERRAL);
  await client.referToTeam(refs[0]!, TEAM_REFERRAL);
  await client.teamReferralStatus(made.reference);
  const response = await fetch(`${sim.url}/_simulator/stats`);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(await response.json()).toEqual({
    requests: { getClientSummaries: 2, recordContact: 1, recordTeamReferral: 2, getTeamReferralStatus: 1 },
    clientRefsRequested: 30,
    largestBatch: 25,
    contactsWritten: 1,
    teamReferralsMade: 1,
    teamReferralsRepeated: 1,
    faultsInjected: 0,
  });
});

describe('team referrals', () => {
  test('made once per ReferralRef, answered with where they stand; another client or content under the same ref is refused', async () => {
    const made = await client.referToTeam(refs[1]!, { ...TEAM_REFERRAL, teamReferralId: 'cf-team-1' });
    expect(made).toEqual({ reference: expect.stringMatching(/^REF\d{8}$/), status: 'SENT', reason: null });
    await expect(client.referToTeam(refs[1]!, { ...TEAM_REFERRAL, teamReferralId: 'cf-team-1' })).resolves.toEqual(made);
    await expect(client.teamReferralStatus(made.reference)).resolves.toEqual(made);
    await expect(client.referToTeam(refs[2]!, { ...TEAM_REFERRAL, teamReferralId: 'cf-team-1' })).rejects.toBeInstanceOf(RecordSystemRefusalError);
    await expect(client.referToTeam(refs[1]!, { ...TEAM_REFERRAL, teamReferralId: 'cf-team-1', reason: 'Other' })).rejects.toBeInstanceOf(RecordSystemRefusalError);
  });

  test('an unknown client, a bad team code or an empty reason is a refusal; an unknown ReferralId is unavailable', async () => {
    await expect(client.referToTeam('CF9999999', { ...TEAM_REFERRAL, teamReferralId: 'cf-team-2' })).rejects.toBeInstanceOf(RecordSystemRefusalError);
    await expect(client.referToTeam(refs[1]!, { ...TEAM_REFERRAL, teamReferralId: 'cf-team-3', team: 'fab team' })).rejects.toBeInstanceOf(RecordSystemRefusalError);
    await expect(client.referToTeam(refs[1]!, { ...TEAM_REFERRAL, teamReferralId: 'cf-team-4', reason: ' ' })).rejects.toBeInstanceOf(RecordSystemRefusalError);
    await expect(client.teamReferralStatus('REF99999999')).rejects.toBeInstanceOf(RecordSystemUnavailableError);
  });
});
