/**
 * Synthetic FHIR messages for the FHIR adapter's tests, in the JSON shape.
 * Every person here is invented; NHS numbers come from the 999 test range
 * with valid Modulus 11 check digits. Tests clone and change them.
 */
import type { FhirResource } from '../../../../adapters/hospital-discharge/fhir/fhir-resource.js';

export const NHS_NUMBER = '9990000018';
export const OTHER_NHS_NUMBER = '9990000026';
export const TRUST_SITE = 'RXX01';
export const COUNCIL = 'X99LA';

export const ADW_ASSESSMENT = '975701000000106';
export const ADW_DISCHARGE = '975731000000100';
export const ADW_WITHDRAW_ALL = '975841000000102';
export const ADW_WITHDRAW_DISCHARGE = '975851000000104';

const CARECONNECT_VERIFICATION = 'https://fhir.hl7.org.uk/StructureDefinition/Extension-CareConnect-NHSNumberVerificationStatus-1';
const UKCORE_VERIFICATION = 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus';

export function patient(verificationUrl: string = CARECONNECT_VERIFICATION): FhirResource {
  return {
    resourceType: 'Patient',
    id: 'pat-1',
    identifier: [
      {
        extension: [{ url: verificationUrl, valueCodeableConcept: { coding: [{ system: 'https://example.org/status', code: '01', display: 'Number present and verified' }] } }],
        system: 'https://fhir.nhs.uk/Id/nhs-number',
        value: NHS_NUMBER,
      },
      { system: 'https://fhir.example.org/Id/hospital-number', value: 'H123456' },
    ],
    active: true,
    name: [
      { use: 'old', family: 'Maidenname', given: ['Ada'] },
      { use: 'official', family: 'Testwoman', given: ['Ada', 'Mary'], prefix: ['Mrs'] },
    ],
    telecom: [
      { system: 'phone', value: '07700900123', use: 'mobile' },
      { system: 'phone', value: '01134960000', use: 'home' },
      { system: 'email', value: 'ada@example.org' },
    ],
    gender: 'female',
    birthDate: '1938-02-14',
    address: [
      { use: 'old', line: ['1 Former Street'], city: 'Oldtown', postalCode: 'LS2 9JT' },
      { use: 'home', line: ['12 Example Road', 'Exampleside'], city: 'Exampleton', postalCode: 'ls1 4ap' },
    ],
    generalPractitioner: [{ identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'Y99001' } }],
  };
}

/** A DSTU2 ADW notice Bundle, laid out as NHS Digital's ADW examples are. */
export function adwNotice(eventCode: string): FhirResource {
  const withdrawal = eventCode === ADW_WITHDRAW_ALL || eventCode === ADW_WITHDRAW_DISCHARGE;
  return {
    resourceType: 'Bundle',
    id: 'bundle-adw-1',
    type: 'message',
    entry: [
      {
        fullUrl: 'urn:uuid:00000000-0000-4000-8000-000000000001',
        resource: {
          resourceType: 'MessageHeader',
          id: '00000000-0000-4000-8000-000000000001',
          timestamp: '2024-07-01T10:15:00+01:00',
          event: { system: 'http://snomed.info/sct', code: eventCode },
          source: { endpoint: `urn:nhs-uk:addressing:ods:${TRUST_SITE}` },
          destination: [{ endpoint: `urn:nhs-uk:addressing:ods:${COUNCIL}` }],
          ...(withdrawal
            ? { reason: { coding: [{ system: 'https://fhir.nhs.uk/ADW-WithdrawalReason-1', code: '12', display: 'Notice sent in error' }] } }
            : {}),
          data: [{ reference: 'urn:uuid:00000000-0000-4000-8000-000000000002' }],
        },
      },
      {
        fullUrl: 'urn:uuid:00000000-0000-4000-8000-000000000002',
        resource: {
          resourceType: 'ReferralRequest',
          id: '00000000-0000-4000-8000-000000000002',
          status: withdrawal ? 'cancelled' : 'requested',
          identifier: [{ value: 'referral-42' }],
          patient: { reference: 'urn:uuid:00000000-0000-4000-8000-000000000004' },
          encounter: { reference: 'urn:uuid:00000000-0000-4000-8000-000000000003' },
          reason: { text: 'Fall at home.' },
          description: 'Lives alone; needs help with washing and dressing.',
        },
      },
      {
        fullUrl: 'urn:uuid:00000000-0000-4000-8000-000000000003',
        resource: {
          resourceType: 'Encounter',
          id: '00000000-0000-4000-8000-000000000003',
          identifier: [{ system: 'https://fhir.nhs.uk/encounter-id', value: 'enc-7' }],
          status: 'in-progress',
          class: 'inpatient',
          patient: { reference: 'urn:uuid:00000000-0000-4000-8000-000000000004' },
          period: { start: '2024-06-20', end: '2024-07-05' },
          location: [{ location: { reference: 'urn:uuid:00000000-0000-4000-8000-000000000005' } }],
          serviceProvider: { reference: 'urn:uuid:00000000-0000-4000-8000-000000000006' },
        },
      },
      { fullUrl: 'urn:uuid:00000000-0000-4000-8000-000000000004', resource: { ...patient(), id: '00000000-0000-4000-8000-000000000004' } },
      {
        fullUrl: 'urn:uuid:00000000-0000-4000-8000-000000000005',
        resource: { resourceType: 'Location', id: '00000000-0000-4000-8000-000000000005', name: 'Ward 9' },
      },
      {
        fullUrl: 'urn:uuid:00000000-0000-4000-8000-000000000006',
        resource: {
          resourceType: 'Organization',
          id: '00000000-0000-4000-8000-000000000006',
          identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-site-code', value: TRUST_SITE }],
          name: 'Example General Hospital',
        },
      },
    ],
  };
}

/** An R4 message Bundle about a UK Core Encounter, with `Type/id` references. */
export function r4EncounterMessage(status: string, period: { start?: string; end?: string } = { start: '2024-06-20T09:30:00+01:00' }): FhirResource {
  return {
    resourceType: 'Bundle',
    id: 'bundle-r4-1',
    type: 'message',
    timestamp: '2024-07-02T08:00:00Z',
    entry: [
      {
        fullUrl: 'https://trust.example.org/fhir/MessageHeader/mh-1',
        resource: {
          resourceType: 'MessageHeader',
          id: 'mh-1',
          eventCoding: { system: 'https://fhir.nhs.uk/CodeSystem/message-event', code: 'ADT_A03' },
          sender: { identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'RXX' } },
          source: { endpoint: 'https://trust.example.org/fhir' },
          focus: [{ reference: 'Encounter/enc-1' }],
        },
      },
      {
        fullUrl: 'https://trust.example.org/fhir/Encounter/enc-1',
        resource: {
          resourceType: 'Encounter',
          id: 'enc-1',
          extension: [
            {
              url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-DischargeMethod',
              valueCodeableConcept: { coding: [{ system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-DischargeMethodEngland', code: '1', display: 'Discharged on clinical advice' }] },
            },
          ],
          identifier: [{ system: 'https://fhir.example.org/Id/spell', value: 'SPELL-900' }],
          status,
          class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
          subject: { reference: 'Patient/pat-1' },
          participant: [
            {
              type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'CON' }] }],
              individual: { display: 'Dr Example Consultant' },
            },
          ],
          period,
          hospitalization: {
            dischargeDisposition: { coding: [{ system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-DischargeDestinationEngland', code: '19', display: 'Usual place of residence' }] },
          },
          location: [{ location: { reference: 'Location/ward-3' } }],
          serviceProvider: { reference: 'Organization/org-1' },
        },
      },
      { fullUrl: 'https://trust.example.org/fhir/Patient/pat-1', resource: patient(UKCORE_VERIFICATION) },
      { fullUrl: 'https://trust.example.org/fhir/Location/ward-3', resource: { resourceType: 'Location', id: 'ward-3', name: 'Ward 3' } },
      { fullUrl: 'https://trust.example.org/fhir/Organization/org-1', resource: { resourceType: 'Organization', id: 'org-1', name: 'Example Hospital' } },
    ],
  };
}

/** The XML the ADW assessment notice fixture would be sent as, written by hand in FHIR XML's layout. */
export const ADW_ASSESSMENT_XML = `<?xml version="1.0" encoding="UTF-8"?>
<!-- synthetic ADW assessment notice -->
<Bundle xmlns="http://hl7.org/fhir">
  <id value="bundle-adw-1"/>
  <type value="message"/>
  <entry>
    <fullUrl value="urn:uuid:00000000-0000-4000-8000-000000000001"/>
    <resource>
      <MessageHeader>
        <id value="00000000-0000-4000-8000-000000000001"/>
        <timestamp value="2024-07-01T10:15:00+01:00"/>
        <event>
          <system value="http://snomed.info/sct"/>
          <code value="${ADW_ASSESSMENT}"/>
        </event>
        <source><endpoint value="urn:nhs-uk:addressing:ods:${TRUST_SITE}"/></source>
        <destination><endpoint value="urn:nhs-uk:addressing:ods:${COUNCIL}"/></destination>
        <data><reference value="urn:uuid:00000000-0000-4000-8000-000000000002"/></data>
      </MessageHeader>
    </resource>
  </entry>
  <entry>
    <fullUrl value="urn:uuid:00000000-0000-4000-8000-000000000002"/>
    <resource>
      <ReferralRequest>
        <id value="00000000-0000-4000-8000-000000000002"/>
        <status value="requested"/>
        <identifier><value value="referral-42"/></identifier>
        <patient><reference value="urn:uuid:00000000-0000-4000-8000-000000000004"/></patient>
        <encounter><reference value="urn:uuid:00000000-0000-4000-8000-000000000003"/></encounter>
        <reason><text value="Fall at home."/></reason>
        <description value="Lives alone; needs help with washing and dressing."/>
      </ReferralRequest>
    </resource>
  </entry>
  <entry>
    <fullUrl value="urn:uuid:00000000-0000-4000-8000-000000000003"/>
    <resource>
      <Encounter>
        <id value="00000000-0000-4000-8000-000000000003"/>
        <identifier>
          <system value="https://fhir.nhs.uk/encounter-id"/>
          <value value="enc-7"/>
        </identifier>
        <status value="in-progress"/>
        <class value="inpatient"/>
        <patient><reference value="urn:uuid:00000000-0000-4000-8000-000000000004"/></patient>
        <period>
          <start value="2024-06-20"/>
          <end value="2024-07-05"/>
        </period>
        <location><location><reference value="urn:uuid:00000000-0000-4000-8000-000000000005"/></location></location>
        <serviceProvider><reference value="urn:uuid:00000000-0000-4000-8000-000000000006"/></serviceProvider>
      </Encounter>
    </resource>
  </entry>
  <entry>
    <fullUrl value="urn:uuid:00000000-0000-4000-8000-000000000004"/>
    <resource>
      <Patient>
        <id value="00000000-0000-4000-8000-000000000004"/>
        <text>
          <status value="generated"/>
          <div xmlns="http://www.w3.org/1999/xhtml"><p>Ada <b>Testwoman</b></p></div>
        </text>
        <identifier>
          <extension url="${CARECONNECT_VERIFICATION}">
            <valueCodeableConcept>
              <coding>
                <system value="https://example.org/status"/>
                <code value="01"/>
                <display value="Number present and verified"/>
              </coding>
            </valueCodeableConcept>
          </extension>
          <system value="https://fhir.nhs.uk/Id/nhs-number"/>
          <value value="${NHS_NUMBER}"/>
        </identifier>
        <identifier>
          <system value="https://fhir.example.org/Id/hospital-number"/>
          <value value="H123456"/>
        </identifier>
        <active value="true"/>
        <name>
          <use value="old"/>
          <family value="Maidenname"/>
          <given value="Ada"/>
        </name>
        <name>
          <use value="official"/>
          <family value="Testwoman"/>
          <given value="Ada"/>
          <given value="Mary"/>
          <prefix value="Mrs"/>
        </name>
        <telecom><system value="phone"/><value value="07700900123"/><use value="mobile"/></telecom>
        <telecom><system value="phone"/><value value="01134960000"/><use value="home"/></telecom>
        <telecom><system value="email"/><value value="ada@example.org"/></telecom>
        <gender value="female"/>
        <birthDate value="1938-02-14"/>
        <address>
          <use value="old"/>
          <line value="1 Former Street"/>
          <city value="Oldtown"/>
          <postalCode value="LS2 9JT"/>
        </address>
        <address>
          <use value="home"/>
          <line value="12 Example Road"/>
          <line value="Exampleside"/>
          <city value="Exampleton"/>
          <postalCode value="ls1 4ap"/>
        </address>
        <generalPractitioner>
          <identifier>
            <system value="https://fhir.nhs.uk/Id/ods-organization-code"/>
            <value value="Y99001"/>
          </identifier>
        </generalPractitioner>
      </Patient>
    </resource>
  </entry>
  <entry>
    <fullUrl value="urn:uuid:00000000-0000-4000-8000-000000000005"/>
    <resource><Location><id value="00000000-0000-4000-8000-000000000005"/><name value="Ward 9"/></Location></resource>
  </entry>
  <entry>
    <fullUrl value="urn:uuid:00000000-0000-4000-8000-000000000006"/>
    <resource>
      <Organization>
        <id value="00000000-0000-4000-8000-000000000006"/>
        <identifier>
          <system value="https://fhir.nhs.uk/Id/ods-site-code"/>
          <value value="${TRUST_SITE}"/>
        </identifier>
        <name value="Example General Hospital"/>
      </Organization>
    </resource>
  </entry>
</Bundle>
`;

/** Finds an entry's resource by type in a fixture, for tests that change it. */
export function entryOf(bundle: FhirResource, resourceType: string): any {
  return (bundle.entry as any[]).find((entry) => entry.resource.resourceType === resourceType).resource;
}

/**
 * The R4 message with an earlier, finished stay of the same patient put
 * before the current Encounter, as some EPRs send a patient's recent stays:
 * only the focus says which one the message is about.
 */
export function withEarlierFinishedStay(bundle: FhirResource, spellId: string): FhirResource {
  const current = entryOf(bundle, 'Encounter');
  const earlier = {
    ...structuredClone(current),
    id: 'enc-earlier',
    identifier: [{ system: 'https://fhir.example.org/Id/spell', value: spellId }],
    status: 'finished',
    period: { start: '2023-11-02T10:00:00Z', end: '2023-11-09T15:30:00Z' },
  };
  (bundle.entry as any[]).splice(1, 0, { fullUrl: 'https://trust.example.org/fhir/Encounter/enc-earlier', resource: earlier });
  return bundle;
}
