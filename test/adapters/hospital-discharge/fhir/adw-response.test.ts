import { buildAdwBusinessResponse, type AdwBusinessResponseInput } from '../../../../adapters/hospital-discharge/fhir/adw-response.js';
import { parseFhirXml, toFhirXml } from '../../../../adapters/hospital-discharge/fhir/fhir-xml.js';
import { readFhirMessageHeader } from '../../../../adapters/hospital-discharge/fhir/message-header.js';
import { describeWithSamples, readSample } from '../../../support/shared-samples.js';
import { COUNCIL, TRUST_SITE } from './fixtures.js';
import { fieldPaths } from './field-paths.js';

const REJECT: AdwBusinessResponseInput = {
  bundleId: '10000000-0000-4000-8000-000000000001',
  responseId: '10000000-0000-4000-8000-000000000002',
  referralRequestId: '10000000-0000-4000-8000-000000000003',
  timestamp: '2024-07-01T12:00:00.000Z',
  originalMessageHeaderId: '00000000-0000-4000-8000-000000000001',
  originalNotice: 'ASSESSMENT',
  referralId: 'referral-42',
  councilOdsCode: COUNCIL,
  trustOdsCode: TRUST_SITE,
  accepted: false,
  reason: 'Person lives in another council’s area.',
};

const messageHeaderOf = (bundle: any): any => bundle.entry[0].resource;

describe('buildAdwBusinessResponse', () => {
  test('a reject answers the notice from the council to the trust, with the ADW reject reason', () => {
    const bundle: any = buildAdwBusinessResponse(REJECT);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', id: REJECT.bundleId, type: 'message' });
    expect(messageHeaderOf(bundle)).toEqual({
      resourceType: 'MessageHeader',
      id: REJECT.responseId,
      timestamp: REJECT.timestamp,
      event: { system: 'http://snomed.info/sct', code: '975721000000102', display: 'Assessment Notice Reject Response under the Care Act 2014 Schedule 3' },
      response: { identifier: REJECT.originalMessageHeaderId, code: 'ok' },
      source: { endpoint: `urn:nhs-uk:addressing:ods:${COUNCIL}` },
      destination: [{ endpoint: `urn:nhs-uk:addressing:ods:${TRUST_SITE}` }],
      reason: { coding: [{ system: 'https://fhir.nhs.uk/ADW-NoticeRejectReason-1', code: 'OFT', display: 'Other - Free Text' }], text: REJECT.reason },
      data: [{ reference: `urn:uuid:${REJECT.referralRequestId}` }],
    });
    expect(bundle.entry[1].resource).toEqual({ resourceType: 'ReferralRequest', id: REJECT.referralRequestId, status: 'rejected', identifier: [{ value: 'referral-42' }] });
  });

  test.each([
    ['ASSESSMENT', '975711000000108', 'accepted'],
    ['DISCHARGE', '975821000000109', 'accepted'],
    ['WITHDRAW_ALL', '1025651000000109', 'cancelled'],
  ] as const)('accepting a %s notice answers with %s', (originalNotice, code, status) => {
    const bundle: any = buildAdwBusinessResponse({ ...REJECT, originalNotice, accepted: true, reason: null });
    expect(messageHeaderOf(bundle).event.code).toBe(code);
    expect(messageHeaderOf(bundle).reason).toBeUndefined();
    expect(bundle.entry[1].resource.status).toBe(status);
  });

  test('is a DSTU2 message this adapter reads back, as JSON and through FHIR XML', () => {
    const bundle = buildAdwBusinessResponse(REJECT);
    expect(parseFhirXml(toFhirXml(bundle))).toEqual(bundle);
    expect(readFhirMessageHeader(bundle)).toMatchObject({ sourceOdsCode: COUNCIL, controlId: REJECT.responseId, fhirVersion: 'DSTU2' });
  });
});

describeWithSamples('buildAdwBusinessResponse against NHS Digital’s reject response example', () => {
  const sample: any = parseFhirXml(readSample('fhir-xml', 'adw-dstu2-assessment-notice-reject-response-bundle.xml').toString('utf8'));
  const built: any = buildAdwBusinessResponse(REJECT);

  test('uses the same event coding system, response structure and reason coding', () => {
    const sampleHeader = messageHeaderOf(sample);
    const builtHeader = messageHeaderOf(built);
    expect(builtHeader.event.system).toBe(sampleHeader.event.system);
    expect(builtHeader.event.code).toBe(sampleHeader.event.code);
    expect(builtHeader.response.code).toBe(sampleHeader.response.code);
    expect(builtHeader.reason.coding[0].system).toBe(sampleHeader.reason.coding[0].system);
    expect(builtHeader.reason.coding[0].code).toBe(sampleHeader.reason.coding[0].code);
    expect(built.meta.profile).toEqual(sample.meta.profile);
  });

  test('the MessageHeader’s fields are the example’s (apart from the event’s display), and its response fields are all there', () => {
    const samplePaths = fieldPaths(messageHeaderOf(sample));
    const builtPaths = fieldPaths(messageHeaderOf(built));
    const extra = [...builtPaths].filter((path) => !samplePaths.has(path));
    expect(extra).toEqual(['event.display']);
    for (const path of ['timestamp', 'event.system', 'event.code', 'response.identifier', 'response.code', 'source.endpoint', 'destination.endpoint', 'reason.coding.code', 'reason.text', 'data.reference']) {
      expect(builtPaths).toContain(path);
    }
  });

  test('the ReferralRequest carries the referral identifier and status as the example does', () => {
    const sampleReferral = sample.entry[1].resource;
    const builtReferral = built.entry[1].resource;
    expect(builtReferral.status).toBe(sampleReferral.status);
    expect([...fieldPaths(builtReferral)].filter((path) => !fieldPaths(sampleReferral).has(path))).toEqual([]);
  });
});
