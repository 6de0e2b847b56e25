/**
 * FHIR messages through the real gateway: ADW notices and R4 Encounter
 * messages in JSON and XML, hostile XML, a wrong trust, and the ADW business
 * response that the hub's decision owes, sent through the outbox to a real
 * HTTP endpoint that fails once.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultSenderProfile } from '../../adapters/hospital-discharge/sender-profile.js';
import { parseFhirXml, toFhirXml } from '../../adapters/hospital-discharge/fhir/fhir-xml.js';
import { ADW_ASSESSMENT, ADW_ASSESSMENT_XML, ADW_DISCHARGE, adwNotice, entryOf, r4EncounterMessage, withEarlierFinishedStay } from '../adapters/hospital-discharge/fhir/fixtures.js';
import { postFhir } from '../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { describeWithSamples, readSample } from '../support/shared-samples.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';

interface Received {
  body: string;
  idempotencyKey: string | undefined;
  contentType: string | undefined;
}

/** A trust's ADW endpoint: answers 503 to the first `failures` calls, then 200. */
async function startTrustEndpoint(failures: number): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        body: Buffer.concat(chunks).toString('utf8'),
        idempotencyKey: req.headers['idempotency-key'] as string | undefined,
        contentType: req.headers['content-type'],
      });
      res.writeHead(received.length <= failures ? 503 : 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/adw`, received };
}

const SPELL = `query($trust: String) { referrals(filter: { trustOdsCode: $trust }, first: 50) { edges { node {
  id status ward admittedAt expectedDischargeOn dischargedAt needsSummary
  hospitalSpell { spellId site consultant dischargeMethod dischargeDestination }
  customer { nhsNumber name { family given } dateOfBirth address { postcode } }
  history { action hospitalEvent } } } } }`;

describeEachStore('FHIR feed', (kind) => {
  let place: TestStorePlace;
  let gw: TestGateway;
  let trust: Awaited<ReturnType<typeof startTrustEndpoint>>;
  let system: string;
  let admin: string;

  beforeAll(async () => {
    place = await createTestStorePlace(kind);
    trust = await startTrustEndpoint(1);
    gw = await startTestGateway(place, { OUTBOX_POLL_MS: '60000' }, [
      {
        ...defaultSenderProfile('RXX'),
        facilities: ['RXX', 'RXX01'],
        adwResponseUrl: trust.url,
        // The trust's TrakCare sends its own event codes.
        fhirEvents: [{ system: 'https://fhir.rxx.example.org/CodeSystem/trak-event', code: 'ADM', event: 'admission' }],
      },
      { ...defaultSenderProfile('RFM'), facilities: ['RFM8C2'] },
    ]);
    system = await gw.token('SYSTEM', { trust: 'RXX' });
    admin = await gw.token('ADMIN');
  });
  afterAll(async () => {
    await gw.stop();
    trust.server.close();
    await place.remove();
  });

  async function referral(trustOds: string, spellId: string) {
    const { body } = await gw.graphql(SPELL, { trust: trustOds }, admin);
    return body.data!.referrals.edges.map((e: any) => e.node).find((r: any) => r.hospitalSpell?.spellId === spellId);
  }

  test('an ADW assessment notice (JSON) becomes a referral and is answered with an informational OperationOutcome', async () => {
    const reply = await postFhir(gw.url, system, JSON.stringify(adwNotice(ADW_ASSESSMENT)), 'json');
    expect(reply.status).toBe(200);
    expect(reply.contentType).toContain('application/fhir+json');
    const outcome = JSON.parse(reply.text);
    expect(outcome).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational' }] });
    expect(await referral('RXX', 'referral-42')).toMatchObject({
      status: 'RECEIVED',
      expectedDischargeOn: '2024-07-05',
      ward: 'Ward 9',
      history: [{ action: 'RECEIVED', hospitalEvent: 'REFERRED' }],
    });
  });

  test('the same notice as XML is read to the same referral and answered in XML', async () => {
    const reply = await postFhir(gw.url, system, ADW_ASSESSMENT_XML, 'xml');
    expect(reply.status).toBe(200);
    expect(reply.contentType).toContain('application/fhir+xml');
    expect(parseFhirXml(reply.text)).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'information' }] });
    const updated = await referral('RXX', 'referral-42');
    expect(updated.history.map((h: any) => h.action)).toEqual(['RECEIVED', 'HOSPITAL_UPDATE']);
  });

  test("accepting it owes the trust an ADW business response, sent through the outbox once the trust's endpoint is back", async () => {
    const coordinator = await gw.token('HUB_COORDINATOR');
    const { id } = await referral('RXX', 'referral-42');
    const triage = await gw.graphql(
      `mutation($id: ID!) { triageReferral(input: { referralId: $id, pathway: PATHWAY_1, priority: HIGH, reason: "Needs reablement" }) { status } }`,
      { id },
      coordinator,
    );
    expect(triage.body.errors).toBeUndefined();
    const accept = await gw.graphql(
      `mutation($id: ID!) { acceptReferral(input: { referralId: $id, assignedTeam: "Reablement North", note: "Starts Monday" }) { status } }`,
      { id },
      coordinator,
    );
    expect(accept.body.data).toEqual({ acceptReferral: { status: 'ACCEPTED' } });

    await gw.gateway.dispatcher.drain();
    const [pending] = await gw.gateway.db.query<{ status: string; attempts: number; last_error: string }>('SELECT status, attempts, last_error FROM outbox');
    expect(pending).toMatchObject({ status: 'PENDING', attempts: 1, last_error: expect.stringContaining('503') });

    await gw.gateway.db.query('UPDATE outbox SET next_attempt_at = $1', [new Date(Date.now() - 1_000)]);
    await gw.gateway.dispatcher.drain();
    const [done] = await gw.gateway.db.query<{ status: string; attempts: number }>('SELECT status, attempts FROM outbox');
    expect(done).toMatchObject({ status: 'DONE', attempts: 2 });

    expect(trust.received).toHaveLength(2);
    const [first, second] = trust.received;
    // The retry is the same message: same bytes, same idempotency key.
    expect(second!.body).toBe(first!.body);
    expect(second!.idempotencyKey).toBe(first!.idempotencyKey);
    expect(first!.contentType).toContain('application/fhir+xml');
    const response = parseFhirXml(first!.body) as any;
    const header = response.entry[0].resource;
    expect(header).toMatchObject({
      resourceType: 'MessageHeader',
      response: { identifier: '00000000-0000-4000-8000-000000000001', code: 'ok' },
      source: { endpoint: 'urn:nhs-uk:addressing:ods:X99LA' },
      // The site that sent the notice (fixtures: RXX01), as ADW routes by ODS endpoint.
      destination: [{ endpoint: 'urn:nhs-uk:addressing:ods:RXX01' }],
      reason: { text: 'Starts Monday' },
    });
    expect(response.entry[1].resource).toMatchObject({ resourceType: 'ReferralRequest', status: 'accepted', identifier: [{ value: 'referral-42' }] });
  });

  test('a discharge notice for a referral the hub has already accepted is answered at once', async () => {
    const reply = await postFhir(gw.url, system, JSON.stringify(adwNotice(ADW_DISCHARGE)), 'json');
    expect(reply.status).toBe(200);
    await gw.gateway.dispatcher.drain();
    expect(trust.received).toHaveLength(3);
    const answer = parseFhirXml(trust.received[2]!.body) as any;
    expect(answer.entry[0].resource).toMatchObject({ response: { identifier: '00000000-0000-4000-8000-000000000001', code: 'ok' } });
    const assessmentAnswer = parseFhirXml(trust.received[0]!.body) as any;
    // The answer to a discharge notice, not a second answer to the assessment notice.
    expect(answer.entry[0].resource.event.code).not.toBe(assessmentAnswer.entry[0].resource.event.code);
    expect(answer.entry[1].resource).toMatchObject({ status: 'accepted', identifier: [{ value: 'referral-42' }] });
    const calls = await gw.gateway.db.query<{ status: string }>('SELECT status FROM outbox ORDER BY created_at');
    expect(calls.map((c) => c.status)).toEqual(['DONE', 'DONE']);
  });

  test('an R4 message with a finished UK Core Encounter discharges its spell', async () => {
    const reply = await postFhir(gw.url, system, JSON.stringify(r4EncounterMessage('finished', { start: '2024-06-20T09:30:00+01:00', end: '2024-07-02T11:00:00+01:00' })), 'json');
    expect(reply.status).toBe(200);
    expect(await referral('RXX', 'SPELL-900')).toMatchObject({
      status: 'RECEIVED',
      admittedAt: '2024-06-20T08:30:00.000Z',
      dischargedAt: '2024-07-02T10:00:00.000Z',
      hospitalSpell: { consultant: 'Dr Example Consultant', dischargeMethod: expect.stringMatching(/^1: /), dischargeDestination: expect.stringMatching(/^19: /) },
    });
  });

  test('an Encounter that ends before it starts fails with 422 at its period (per-1), and nothing of it is applied', async () => {
    const message = r4EncounterMessage('finished', { start: '2024-06-20T09:30:00+01:00', end: '2024-06-19T11:00:00+01:00' });
    entryOf(message, 'Encounter').identifier[0].value = 'SPELL-PER-1';
    const reply = await postFhir(gw.url, system, JSON.stringify(message), 'json');
    expect(reply.status).toBe(422);
    expect(JSON.parse(reply.text).issue[0]).toMatchObject({ severity: 'error', expression: [expect.stringMatching(/\.period\.end$/)], diagnostics: expect.stringContaining('per-1') });
    expect(await referral('RXX', 'SPELL-PER-1')).toBeUndefined();
  });

  test('a message with no focus is refused (400, naming MessageHeader.focus) and kept; nothing is filed for any stay in it', async () => {
    const bundle = withEarlierFinishedStay(r4EncounterMessage('in-progress', { start: '2024-08-01T14:00:00+01:00' }), 'SPELL-OLD-1');
    const header = entryOf(bundle, 'MessageHeader');
    header.id = 'no-focus-1';
    entryOf(bundle, 'Encounter').identifier = [{ value: 'SPELL-OLD-1' }];
    (bundle.entry as any[])[2].resource.identifier = [{ value: 'SPELL-NOW-1' }];
    delete header.focus;
    const reply = await postFhir(gw.url, system, JSON.stringify(bundle), 'json');
    expect(reply.status).toBe(400);
    const [issue] = JSON.parse(reply.text).issue;
    expect(issue).toMatchObject({ severity: 'error', expression: ['Bundle.entry[0].resource.focus'], location: ['Bundle.entry[0].resource.focus'] });
    expect(issue.diagnostics).toMatch(/^the MessageHeader has no focus: MessageHeader\.focus must name/);
    const stored = await gw.gateway.db.query<{ status: string }>("SELECT status FROM inbox_messages WHERE control_id = 'no-focus-1'");
    expect(stored).toEqual([{ status: 'REFUSED' }]);
    expect(await referral('RXX', 'SPELL-OLD-1')).toBeUndefined();
    expect(await referral('RXX', 'SPELL-NOW-1')).toBeUndefined();

    // Sent again with its focus on the current stay (a new message id, as a corrected message is): the current admission, and only it.
    header.id = 'no-focus-2';
    header.focus = [{ reference: 'Encounter/enc-1' }];
    expect((await postFhir(gw.url, system, JSON.stringify(bundle), 'json')).status).toBe(200);
    expect(await referral('RXX', 'SPELL-NOW-1')).toMatchObject({ status: 'RECEIVED', admittedAt: '2024-08-01T13:00:00.000Z', dischargedAt: null });
    expect(await referral('RXX', 'SPELL-OLD-1')).toBeUndefined();
  });

  test('housekeeping traffic under an event the gateway does not take is refused (400, naming the code) and kept; nothing is filed', async () => {
    const archived = r4EncounterMessage('finished', { start: '2019-01-10T09:00:00Z', end: '2019-01-20T12:00:00Z' });
    const header = entryOf(archived, 'MessageHeader');
    header.id = 'archive-replay-1';
    header.eventCoding = { system: 'https://example.org/archive', code: 'ARCHIVE-REPLAY' };
    entryOf(archived, 'Encounter').identifier = [{ value: 'SPELL-ARCHIVED-2019' }];
    const reply = await postFhir(gw.url, system, JSON.stringify(archived), 'json');
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.text).issue[0]).toMatchObject({
      severity: 'error',
      code: 'not-supported',
      expression: ['Bundle.entry[0].resource.eventCoding'],
      diagnostics: expect.stringMatching(/^event https:\/\/example\.org\/archive\|ARCHIVE-REPLAY is not one the gateway takes/),
    });
    const stored = await gw.gateway.db.query<{ status: string }>("SELECT status FROM inbox_messages WHERE control_id = 'archive-replay-1'");
    expect(stored).toEqual([{ status: 'REFUSED' }]);
    expect(await referral('RXX', 'SPELL-ARCHIVED-2019')).toBeUndefined();
  });

  test('events as EPRs code them are taken: HL7 table 0003 in XML (Epic-style urn:uuid references), and a trust’s own code its profile maps', async () => {
    const epic = r4EncounterMessage('in-progress', { start: '2024-09-02T07:45:00+01:00' });
    const header = entryOf(epic, 'MessageHeader');
    header.id = 'epic-a01-1';
    header.eventCoding = { system: 'http://terminology.hl7.org/CodeSystem/v2-0003', code: 'A01', display: 'ADT/ACK - Admit/visit notification' };
    header.focus = [{ reference: 'urn:uuid:5d7e2c1a-0000-4000-8000-00000000e001' }];
    const encounterEntry = (epic.entry as any[])[1];
    encounterEntry.fullUrl = 'urn:uuid:5d7e2c1a-0000-4000-8000-00000000e001';
    encounterEntry.resource.identifier = [{ system: 'urn:oid:1.2.840.114350.1.13.0.1.7.3.698084.8', value: 'CSN-7001' }];
    const xml = toFhirXml(epic);
    expect((await postFhir(gw.url, system, xml, 'xml')).status).toBe(200);
    expect(await referral('RXX', 'CSN-7001')).toMatchObject({ status: 'RECEIVED', admittedAt: '2024-09-02T06:45:00.000Z' });

    const trak = r4EncounterMessage('in-progress', { start: '2024-09-03T11:20:00+01:00' });
    entryOf(trak, 'MessageHeader').id = 'trak-adm-1';
    entryOf(trak, 'MessageHeader').eventCoding = { system: 'https://fhir.rxx.example.org/CodeSystem/trak-event', code: 'ADM' };
    entryOf(trak, 'Encounter').identifier = [{ value: 'IP-0042' }];
    expect((await postFhir(gw.url, system, JSON.stringify(trak), 'json')).status).toBe(200);
    expect(await referral('RXX', 'IP-0042')).toMatchObject({ status: 'RECEIVED', admittedAt: '2024-09-03T10:20:00.000Z' });
  });

  describe('a Patient carrying two NHS numbers', () => {
    function withSecondNumber(spell: string, control: string, verifiedFirst: boolean): string {
      const message = r4EncounterMessage('in-progress');
      entryOf(message, 'MessageHeader').id = control;
      entryOf(message, 'Encounter').identifier[0].value = spell;
      const patient = entryOf(message, 'Patient');
      patient.identifier[0].value = '9990000212';
      if (!verifiedFirst) delete patient.identifier[0].extension;
      patient.identifier.push({ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9990000220' });
      return JSON.stringify(message);
    }

    test('one verified: taken by it, the other set aside with a warning and an inbox note, never a customer', async () => {
      const reply = await postFhir(gw.url, system, withSecondNumber('SPELL-TWO-NHS-1', 'mh-two-nhs-1', true), 'json');
      expect(reply.status).toBe(200);
      const issues = JSON.parse(reply.text).issue;
      expect(issues[1]).toMatchObject({ severity: 'warning', expression: [expect.stringMatching(/\.identifier\[2\]$/)], diagnostics: expect.stringContaining('second NHS number') });
      expect(reply.text).not.toContain('9990000220');
      expect(await referral('RXX', 'SPELL-TWO-NHS-1')).toMatchObject({ customer: { nhsNumber: '9990000212' } });
      const hub = await gw.token('HUB_COORDINATOR');
      expect((await gw.graphql(`{ customerByNhsNumber(nhsNumber: "9990000220") { id } }`, {}, hub)).body.data!.customerByNhsNumber).toBeNull();
      const notes = await gw.graphql(`{ inboxMessages(first: 100) { edges { node { controlId note } } } }`, {}, admin);
      const note = notes.body.data!.inboxMessages.edges.map((edge: any) => edge.node).find((node: any) => node.controlId === 'mh-two-nhs-1').note;
      expect(note).toMatch(/identifier\[2\]: a second NHS number, not verified/);
    });

    test('neither verified: refused (400) at the second, and nothing filed', async () => {
      const reply = await postFhir(gw.url, system, withSecondNumber('SPELL-TWO-NHS-2', 'mh-two-nhs-2', false), 'json');
      expect(reply.status).toBe(400);
      expect(JSON.parse(reply.text).issue[0]).toMatchObject({ severity: 'error', code: 'invalid', expression: [expect.stringMatching(/\.identifier\[2\]$/)] });
      expect(await referral('RXX', 'SPELL-TWO-NHS-2')).toBeUndefined();
    });
  });

  test('a message for another trust is refused (403, forbidden) and kept', async () => {
    const other = await gw.token('SYSTEM', { trust: 'RYY' });
    const reply = await postFhir(gw.url, other, JSON.stringify(adwNotice(ADW_ASSESSMENT)), 'json');
    expect(reply.status).toBe(403);
    // An ADW notice is answered in DSTU2's shape: a location, no expression.
    expect(JSON.parse(reply.text).issue[0]).toEqual(expect.objectContaining({ severity: 'error', code: 'forbidden', location: ['MessageHeader.source'] }));
    expect(JSON.parse(reply.text).issue[0].expression).toBeUndefined();
    const stored = await gw.gateway.db.query<{ status: string }>("SELECT status FROM inbox_messages WHERE sender = 'RYY' AND status = 'REFUSED'");
    expect(stored).toHaveLength(1);
  });

  test('hostile and malformed XML and JSON get a clear OperationOutcome, quickly, and nothing crashes', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE Bundle [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Bundle xmlns="http://hl7.org/fhir"><id value="&xxe;"/></Bundle>`;
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><Bundle xmlns="http://hl7.org/fhir"><id value="&lol3;"/></Bundle>`;
    const deep = `<Bundle xmlns="http://hl7.org/fhir">${'<extension>'.repeat(10_000)}${'</extension>'.repeat(10_000)}</Bundle>`;
    for (const [body, expected] of [
      [xxe, /DOCTYPE|entity/i],
      [laughs, /DOCTYPE|entity/i],
      [deep, /nest|deep/i],
      ['<Bundle xmlns="http://hl7.org/fhir"><id value="x"></Bundle>', /XML/],
    ] as const) {
      const started = Date.now();
      const reply = await postFhir(gw.url, system, body, 'xml');
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(reply.status).toBe(400);
      const outcome = parseFhirXml(reply.text) as any;
      expect(outcome.issue[0].severity).toBe('error');
      expect(outcome.issue[0].diagnostics).toMatch(expected);
    }
    const pound = await postFhir(gw.url, system, ADW_ASSESSMENT_XML.replace('Fall at home.', 'Fell at the &pound;1 shop.'), 'xml');
    expect(pound.status).toBe(400);
    const poundIssue = (parseFhirXml(pound.text) as any).issue[0];
    expect(poundIssue).toMatchObject({ severity: 'error', location: [expect.stringMatching(/^XML line \d+ column \d+$/)] });
    expect(poundIssue.diagnostics).toMatch(/^the entity &pound; is not one XML defines/);
    const line = Number(/^XML line (\d+)/.exec(poundIssue.location[0])![1]);
    expect(ADW_ASSESSMENT_XML.split('\n')[line - 1]).toContain('Fall at home.');
    const stored = await gw.gateway.db.query<{ status: string }>("SELECT status FROM inbox_messages WHERE position('&pound;'::bytea in body) > 0");
    expect(stored).toEqual([{ status: 'REFUSED' }]);

    const json = await postFhir(gw.url, system, '{"resourceType": "Bundle", ', 'json');
    expect(json.status).toBe(400);
    expect(JSON.parse(json.text).issue[0].location[0]).toMatch(/^JSON/);
    const health = await fetch(`${gw.url}/healthz`);
    expect(health.status).toBe(200);
  });

  test('a body that is not FHIR at all is refused with 415 or 400, as OperationOutcome', async () => {
    const wrongType = await fetch(`${gw.url}/feeds/fhir`, { method: 'POST', headers: { authorization: `Bearer ${system}`, 'content-type': 'text/csv' }, body: 'a,b' });
    expect(wrongType.status).toBe(415);
    expect(((await wrongType.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
    const noToken = await fetch(`${gw.url}/feeds/fhir`, { method: 'POST', headers: { 'content-type': 'application/fhir+xml' }, body: ADW_ASSESSMENT_XML });
    expect(noToken.status).toBe(401);
    expect(parseFhirXml(await noToken.text())).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'login' }] });
    const notAMessage = await postFhir(gw.url, system, JSON.stringify({ resourceType: 'Patient', id: 'p' }), 'json');
    expect(notAMessage.status).toBe(400);
    expect(JSON.parse(notAMessage.text).issue[0].diagnostics).toContain('not a message Bundle');
  });

  describeWithSamples('the public ADW samples through the real server', () => {
    test('the assessment notice makes a referral for its person, and the withdrawal notice withdraws it', async () => {
      const rfm = await gw.token('SYSTEM', { trust: 'RFM' });
      const assessment = await postFhir(gw.url, rfm, readSample('fhir-xml', 'adw-dstu2-assessment-notice-bundle.xml').toString('utf8'), 'xml');
      expect(assessment.status).toBe(200);
      expect(await referral('RFM', '311fcae7-32a7-4a8e-a15c-eebae3a246b9')).toMatchObject({
        status: 'RECEIVED',
        expectedDischargeOn: '2017-05-12',
        customer: { nhsNumber: '9413946000', name: { family: 'Jones' }, dateOfBirth: '1941-11-01', address: { postcode: 'LS6 1UR' } },
      });
      const withdrawal = await postFhir(gw.url, rfm, readSample('fhir-xml', 'adw-dstu2-withdrawal-notice-bundle.xml').toString('utf8'), 'xml');
      expect(withdrawal.status).toBe(200);
      const withdrawn = await referral('RFM', '311fcae7-32a7-4a8e-a15c-eebae3a246b9');
      expect(withdrawn.status).toBe('WITHDRAWN');
      expect(withdrawn.history.map((h: any) => [h.action, h.hospitalEvent])).toEqual([
        ['RECEIVED', 'REFERRED'],
        ['WITHDRAWN', 'WITHDRAWN'],
      ]);
    });
  });
});
