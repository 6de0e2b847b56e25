/**
 * The messages of adapters/care-records/carefirst/README.md as written there
 * (copied, so that a change to either shows up here), and the values they
 * stand for. Synthetic people only: the NHS number is from the 999 test
 * range, phone numbers from Ofcom's drama ranges.
 */
import type { CareRecord, CareRecordContact } from '../../../../src/care-records/ports.js';

export const API_KEY = 'example-key-not-a-secret';
export const SERVICE_NAMESPACE = 'http://schemas.olm-style.example/carefirst/client/2019';
export const SOAP_NAMESPACE = 'http://schemas.xmlsoap.org/soap/envelope/';
export const FETCHED_AT = '2026-11-24T09:31:00.000Z';

export const GET_CLIENT_SUMMARIES_XML = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cf="http://schemas.olm-style.example/carefirst/client/2019">
  <soap:Header>
    <cf:ApiKey>example-key-not-a-secret</cf:ApiKey>
  </soap:Header>
  <soap:Body>
    <cf:GetClientSummaries>
      <cf:ClientRefs>
        <cf:ClientRef>CF0200002</cf:ClientRef>
        <cf:ClientRef>CF0299999</cf:ClientRef>
      </cf:ClientRefs>
    </cf:GetClientSummaries>
  </soap:Body>
</soap:Envelope>`;

export const CLIENT_SUMMARIES_RESPONSE_XML = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cf="http://schemas.olm-style.example/carefirst/client/2019">
  <soap:Body>
    <cf:GetClientSummariesResponse>
      <cf:ClientSummary>
        <cf:ClientRef>CF0200002</cf:ClientRef>
        <cf:Forename>Joan</cf:Forename>
        <cf:Surname>Example</cf:Surname>
        <cf:DateOfBirth>1938-04-12</cf:DateOfBirth>
        <cf:NHSNumber>9990000018</cf:NHSNumber>
        <cf:Case>
          <cf:Status>ALLOC</cf:Status>
          <cf:OpenDate>2025-03-14</cf:OpenDate>
          <cf:Worker>
            <cf:Name>Fiona Ashworth</cf:Name>
            <cf:Role>Social Worker</cf:Role>
            <cf:Phone>0113 496 0123</cf:Phone>
          </cf:Worker>
          <cf:Team>
            <cf:Code>NG-ACN</cf:Code>
            <cf:Name>Northgate Adult Care North</cf:Name>
          </cf:Team>
        </cf:Case>
        <cf:Alerts>
          <cf:Alert>
            <cf:Category>ACCESS</cf:Category>
            <cf:Priority>3</cf:Priority>
            <cf:Description>Dog on premises: call before visiting</cf:Description>
            <cf:RaisedDate>2025-03-20</cf:RaisedDate>
          </cf:Alert>
        </cf:Alerts>
        <cf:Package>
          <cf:Status>LIVE</cf:Status>
          <cf:StartDate>2025-04-01</cf:StartDate>
          <cf:WeeklyCost>245.70</cf:WeeklyCost>
          <cf:Services>
            <cf:Service>
              <cf:ServiceType>Home care</cf:ServiceType>
              <cf:Provider>Brackley Home Care Ltd</cf:Provider>
              <cf:HoursPerWeek>10.5</cf:HoursPerWeek>
            </cf:Service>
          </cf:Services>
        </cf:Package>
        <cf:Carers>
          <cf:Carer>
            <cf:Name>Karen Example</cf:Name>
            <cf:Relationship>Daughter</cf:Relationship>
            <cf:Phone>07700 900123</cf:Phone>
            <cf:LivesWithClient>false</cf:LivesWithClient>
            <cf:MainCarer>true</cf:MainCarer>
          </cf:Carer>
        </cf:Carers>
      </cf:ClientSummary>
      <cf:UnknownClientRef>CF0299999</cf:UnknownClientRef>
    </cf:GetClientSummariesResponse>
  </soap:Body>
</soap:Envelope>`;

export const RECORD_CONTACT_XML = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cf="http://schemas.olm-style.example/carefirst/client/2019">
  <soap:Header>
    <cf:ApiKey>example-key-not-a-secret</cf:ApiKey>
  </soap:Header>
  <soap:Body>
    <cf:RecordContact>
      <cf:ClientRef>CF0200002</cf:ClientRef>
      <cf:ContactRef>8c1e2f4a-5b6c-4d7e-8f90-a1b2c3d4e5f6</cf:ContactRef>
      <cf:Date>2026-11-24T09:30:00Z</cf:Date>
      <cf:Summary>Hospital discharge referral from Northgate General accepted: pathway 1, Reablement South.</cf:Summary>
      <cf:Team>Reablement South</cf:Team>
      <cf:Worker>Alex Morgan</cf:Worker>
    </cf:RecordContact>
  </soap:Body>
</soap:Envelope>`;

export const RECORD_CONTACT_RESPONSE_XML = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cf="http://schemas.olm-style.example/carefirst/client/2019">
  <soap:Body>
    <cf:RecordContactResponse>
      <cf:ContactId>CON00000001</cf:ContactId>
    </cf:RecordContactResponse>
  </soap:Body>
</soap:Envelope>`;

export const UNKNOWN_CLIENT_FAULT_XML = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:cf="http://schemas.olm-style.example/carefirst/client/2019">
  <soap:Body>
    <soap:Fault>
      <faultcode>soap:Client</faultcode>
      <faultstring>No client has this ClientRef</faultstring>
      <detail>
        <cf:CareFirstFault>
          <cf:Code>UnknownClient</cf:Code>
        </cf:CareFirstFault>
      </detail>
    </soap:Fault>
  </soap:Body>
</soap:Envelope>`;

/** CLIENT_SUMMARIES_RESPONSE_XML's summary, in the gateway's words. */
export const RECORD: CareRecord = {
  system: 'CAREFIRST',
  localId: 'CF0200002',
  fetchedAt: FETCHED_AT,
  person: { familyName: 'Example', givenName: 'Joan', dateOfBirth: '1938-04-12', nhsNumber: '9990000018' },
  caseStatus: 'ALLOCATED',
  caseOpenedOn: '2025-03-14',
  allocatedWorker: { name: 'Fiona Ashworth', role: 'Social Worker', phone: '0113 496 0123' },
  team: { name: 'Northgate Adult Care North', code: 'NG-ACN' },
  alerts: [{ category: 'ACCESS', description: 'Dog on premises: call before visiting', raisedOn: '2025-03-20', severity: 'LOW' }],
  carePackage: {
    status: 'ACTIVE',
    startDate: '2025-04-01',
    endDate: null,
    weeklyCostPence: 24_570,
    services: [{ type: 'Home care', provider: 'Brackley Home Care Ltd', hoursPerWeek: 10.5 }],
  },
  carers: [{ name: 'Karen Example', relationship: 'Daughter', phone: '07700 900123', livesWithPerson: false, mainCarer: true }],
};

/** RECORD_CONTACT_XML's contact, as the gateway holds it. */
export const CONTACT: CareRecordContact = {
  contactId: '8c1e2f4a-5b6c-4d7e-8f90-a1b2c3d4e5f6',
  referralId: 'b2c3d4e5-0000-4000-8000-000000000001',
  occurredAt: '2026-11-24T09:30:00Z',
  summary: 'Hospital discharge referral from Northgate General accepted: pathway 1, Reablement South.',
  team: 'Reablement South',
  worker: 'Alex Morgan',
};

/** Refused before parsing: a DOCTYPE is how entity attacks arrive, nesting is bounded, and only XML's own five entities are known. */
export const HOSTILE_XML: readonly [string, string][] = [
  [
    'a DOCTYPE with an external entity (XXE)',
    `<?xml version="1.0"?>\n<!DOCTYPE soap:Envelope [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n<soap:Envelope xmlns:soap="${SOAP_NAMESPACE}"><soap:Body><cf:RecordContactResponse xmlns:cf="${SERVICE_NAMESPACE}"><cf:ContactId>&xxe;</cf:ContactId></cf:RecordContactResponse></soap:Body></soap:Envelope>`,
  ],
  [
    'billion laughs',
    `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol0 "lol">\n${Array.from({ length: 10 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('\n')}\n]>\n<soap:Envelope xmlns:soap="${SOAP_NAMESPACE}"><soap:Body><x>&lol10;</x></soap:Body></soap:Envelope>`,
  ],
  ['10,000-deep nesting', `<soap:Envelope xmlns:soap="${SOAP_NAMESPACE}"><soap:Body>${'<x>'.repeat(10_000)}${'</x>'.repeat(10_000)}</soap:Body></soap:Envelope>`],
  ['an HTML entity (&pound;)', `<soap:Envelope xmlns:soap="${SOAP_NAMESPACE}"><soap:Body><cf:RecordContactResponse xmlns:cf="${SERVICE_NAMESPACE}"><cf:ContactId>&pound;</cf:ContactId></cf:RecordContactResponse></soap:Body></soap:Envelope>`],
];
