import nock from 'nock';
import { businessResponseSender } from '../../../adapters/hospital-discharge/business-response-client.js';
import { parseFhirXml } from '../../../adapters/hospital-discharge/fhir/fhir-xml.js';
import { defaultSenderProfile } from '../../../adapters/hospital-discharge/sender-profile.js';
import { PermanentSendError } from '../../../src/outbox/ports.js';
import type { OutboxCall } from '../../../src/outbox/outbox-repository.js';
import type { BusinessResponsePayload } from '../../../src/referrals/business-response.js';
import { interceptHttpInThisFile } from '../../support/intercept-http.js';

const TRUST_URL = 'https://adw.trust.example/responses';
const profiles = [{ ...defaultSenderProfile('RXX'), adwResponseUrl: TRUST_URL }, defaultSenderProfile('RYY')];

function call(payload: Partial<BusinessResponsePayload> = {}): OutboxCall {
  return {
    id: 'a8b1c7e2-0000-4000-8000-000000000001',
    destination: 'trust:RXX',
    operation: 'BUSINESS_RESPONSE',
    idempotencyKey: 'ADW:ref-1:notice-1:975701000000106',
    attempts: 1,
    createdAt: new Date('2026-11-24T09:00:00.000Z'),
    payload: {
      trustOdsCode: 'RXX',
      referralId: 'ref-1',
      spellId: 'referral-42',
      accepted: false,
      reason: 'Out of area: lives in the next county',
      notice: { protocol: 'ADW', noticeMessageId: 'notice-1', noticeEvent: '975701000000106', replyTo: 'RXX01' },
      ...payload,
    },
  };
}

describe('the ADW business response client', () => {
  const send = businessResponseSender(profiles, 'X99LA');
  interceptHttpInThisFile();

  test('posts the reject response as FHIR XML with the idempotency key, field by field', async () => {
    let body = '';
    const scope = nock('https://adw.trust.example')
      .post('/responses', (sent: string) => ((body = sent), true))
      .matchHeader('content-type', /application\/fhir\+xml/)
      .matchHeader('idempotency-key', 'ADW:ref-1:notice-1:975701000000106')
      .reply(202);
    await send(call(), new AbortController().signal);
    expect(scope.isDone()).toBe(true);
    const bundle = parseFhirXml(body) as any;
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'message' });
    const [header, referral] = bundle.entry.map((e: any) => e.resource);
    expect(header).toMatchObject({
      resourceType: 'MessageHeader',
      timestamp: '2026-11-24T09:00:00.000Z',
      response: { identifier: 'notice-1', code: 'ok' },
      source: { endpoint: 'urn:nhs-uk:addressing:ods:X99LA' },
      destination: [{ endpoint: 'urn:nhs-uk:addressing:ods:RXX01' }],
      reason: { coding: [{ code: 'OFT' }], text: 'Out of area: lives in the next county' },
    });
    expect(header.event.system).toBe('http://snomed.info/sct');
    expect(referral).toMatchObject({ resourceType: 'ReferralRequest', status: 'rejected', identifier: [{ value: 'referral-42' }] });
  });

  test('sends the same bytes every time for the same call', async () => {
    const bodies: string[] = [];
    nock('https://adw.trust.example').post('/responses', (b: string) => (bodies.push(b), true)).times(2).reply(200);
    await send(call(), new AbortController().signal);
    await send(call(), new AbortController().signal);
    expect(bodies[1]).toBe(bodies[0]);
  });

  test('a 5xx or a throttle is worth retrying; a 4xx is not', async () => {
    nock('https://adw.trust.example').post('/responses').reply(503);
    await expect(send(call(), new AbortController().signal)).rejects.toThrow(/503/);
    nock('https://adw.trust.example').post('/responses').reply(429);
    const throttled = send(call(), new AbortController().signal);
    await expect(throttled).rejects.toThrow(/429/);
    await expect(throttled).rejects.not.toBeInstanceOf(PermanentSendError);
    nock('https://adw.trust.example').post('/responses').reply(400, 'bad bundle');
    await expect(send(call(), new AbortController().signal)).rejects.toBeInstanceOf(PermanentSendError);
  });

  test('a trust with no endpoint configured, or a notice that is not ADW, is a permanent failure that names why', async () => {
    await expect(send(call({ trustOdsCode: 'RYY' }), new AbortController().signal)).rejects.toThrow(/no ADW response endpoint is configured for RYY/);
    await expect(
      send(call({ notice: { protocol: 'ADW', noticeMessageId: 'n', noticeEvent: '123', replyTo: 'RXX' } }), new AbortController().signal),
    ).rejects.toBeInstanceOf(PermanentSendError);
  });
});
