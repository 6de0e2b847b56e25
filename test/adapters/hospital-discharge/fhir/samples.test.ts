/**
 * Every public FHIR sample in ../shared/samples (never copied here) is read
 * and, where it carries a person or a hospital event, translated, and the
 * translated fields are asserted. A sample added there without expectations
 * here fails the suite.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseFhirJson } from '../../../../adapters/hospital-discharge/fhir/fhir-json.js';
import type { FhirResource } from '../../../../adapters/hospital-discharge/fhir/fhir-resource.js';
import { parseFhirXml, toFhirXml } from '../../../../adapters/hospital-discharge/fhir/fhir-xml.js';
import { readFhirMessageHeader } from '../../../../adapters/hospital-discharge/fhir/message-header.js';
import { translateFhirMessage } from '../../../../adapters/hospital-discharge/fhir/translate.js';
import { translateEncounter } from '../../../../adapters/hospital-discharge/fhir/translate-encounter.js';
import { translatePatient } from '../../../../adapters/hospital-discharge/fhir/translate-patient.js';
import type { PersonDetails } from '../../../../src/referrals/discharge-message.js';
import { describeWithSamples, readSample, SHARED_SAMPLES_DIR } from '../../../support/shared-samples.js';
import { feedError } from './support.js';

type Kind = 'fhir-xml' | 'fhir-json';

function read(kind: Kind, file: string): any {
  const text = readSample(kind, file).toString('utf8');
  return kind === 'fhir-xml' ? parseFhirXml(text) : parseFhirJson(text);
}

/** The person all four ADW examples are about. */
const ADW_PERSON: Omit<PersonDetails, 'phones'> = {
  nhsNumber: '9413946000',
  nhsNumberVerified: true,
  localIds: [{ system: 'https://fhir.nhs.uk/Id/local-patient-identifier', value: 'A1234521' }],
  title: null,
  givenName: 'Barry',
  familyName: 'Jones',
  dateOfBirth: '1941-11-01',
  sex: 'MALE',
  address: { lines: ['The Old Lodge', '1 Little Street', 'Chapeltown'], town: 'Leeds', postcode: 'LS6 1UR' },
  gpPracticeOdsCode: null,
  // "Patient's Carer contact": CareConnect's NHS relationship code 20; her e-mail address is no phone.
  contacts: [
    {
      name: 'Sandra Bloom',
      relationship: { code: '20', codeSystem: 'https://fhir.hl7.org.uk/CareConnect-PersonRelationshipType-1', display: 'Carer' },
      phones: [{ number: '0113237656', use: 'OTHER' }],
      address: null,
      isNextOfKin: false,
      isMainCarer: true,
    },
  ],
};
const ADW_REFERRAL_ID = '311fcae7-32a7-4a8e-a15c-eebae3a246b9';

function expectRefusedAsNotAMessage(resource: FhirResource): void {
  const error = feedError(() => translateFhirMessage(resource));
  expect(error).toMatchObject({ disposition: 'REFUSE', location: { path: resource.resourceType } });
  expect(error.reason).toMatch(/^not a message Bundle/);
}

const EXPECTATIONS: Record<string, (resource: any) => void> = {
  'adw-dstu2-assessment-notice-bundle.xml': (bundle) => {
    expect(readFhirMessageHeader(bundle)).toEqual({
      sourceOdsCode: 'RFM8C2',
      controlId: '5bfa2a2e-923b-440d-82d6-38e24b666be6',
      bundleId: '79aec4c6-e7d3-44ef-96ed-bda1b94f9d00',
      eventCode: '975701000000106',
      eventSystem: 'http://snomed.info/sct',
      sentAt: '2017-05-01T15:02:11.000Z',
      fhirVersion: 'DSTU2',
    });
    const message = translateFhirMessage(bundle);
    expect(message).toMatchObject({ kind: 'SPELL_EVENT', header: { senderOdsCode: 'RFM8C2', messageType: '975701000000106' } });
    if (message.kind !== 'SPELL_EVENT') throw new Error('expected a spell event');
    expect(message.person).toEqual({ ...ADW_PERSON, phones: [{ number: '0113554466', use: 'OTHER' }] });
    expect(message.event).toEqual({
      spellId: ADW_REFERRAL_ID,
      kind: 'REFERRED',
      occurredAt: '2017-05-01T15:02:11.000Z',
      details: {
        ward: 'Collier Ward',
        site: 'Hebburn Hospital',
        admittedAt: '2017-04-23T23:00:00.000Z',
        expectedDischargeOn: '2017-05-12',
        needsSummary: expect.stringMatching(/^The patient has a history of minor strokes\./),
      },
      reason: null,
    });
  },
  'adw-dstu2-discharge-notice-bundle.xml': (bundle) => {
    // The embedded ITK document Bundle is read as a resource, its base64 PDF as one string.
    const document = bundle.entry.find((entry: any) => entry.resource.resourceType === 'Bundle').resource;
    expect(document.type).toBe('document');
    const binary = document.entry.find((entry: any) => entry.resource.resourceType === 'Binary').resource;
    expect(binary.contentType).toBe('application/pdf');
    expect(binary.content.length).toBeGreaterThan(100_000);

    const message = translateFhirMessage(bundle);
    if (message.kind !== 'SPELL_EVENT') throw new Error('expected a spell event');
    expect(message.person).toEqual({ ...ADW_PERSON, phones: [] });
    expect(message.event).toEqual({
      spellId: ADW_REFERRAL_ID,
      kind: 'DISCHARGE_PLANNED',
      occurredAt: '2017-05-04T15:11:42.000Z',
      details: { ward: 'Collier Ward', site: 'Hebburn Hospital', admittedAt: '2017-04-23T23:00:00.000Z', expectedDischargeOn: '2017-05-06' },
      reason: null,
    });
  },
  'adw-dstu2-withdrawal-notice-bundle.xml': (bundle) => {
    const message = translateFhirMessage(bundle);
    if (message.kind !== 'SPELL_EVENT') throw new Error('expected a spell event');
    expect(message.header).toEqual({ senderOdsCode: 'RFM8C2', controlId: '5bfa2a2e-923b-440d-82d6-38e24b666be6', messageType: '975841000000102', sentAt: '2017-05-08T15:15:09.000Z' });
    // The withdrawal's Patient has no contact: it says nothing of them.
    expect(message.person).toEqual({ ...ADW_PERSON, contacts: undefined, phones: [] });
    expect(message.event).toEqual({
      spellId: ADW_REFERRAL_ID,
      kind: 'WITHDRAWN',
      occurredAt: '2017-05-08T15:15:09.000Z',
      details: { ward: 'Collier Ward', site: 'Hebburn Hospital' },
      reason: "07: Patient's condition has deteriorated",
    });
  },
  'adw-dstu2-assessment-notice-reject-response-bundle.xml': (bundle) => {
    expect(readFhirMessageHeader(bundle)).toMatchObject({ sourceOdsCode: 'V396BB', eventCode: '975721000000102', fhirVersion: 'DSTU2' });
    expect(bundle.entry[0].resource.response).toEqual({ identifier: '5bfa2a2e-923b-440d-82d6-38e24b666be6', code: 'ok' });
    const error = feedError(() => translateFhirMessage(bundle));
    expect(error).toMatchObject({ disposition: 'REFUSE', hl7ErrorCode: '201', location: { path: 'Bundle.entry[0].resource.event.code' } });
    expect(error.reason).toMatch(/council’s ADW response/);
  },
  'ukcore-r4-encounter-inpatient-discharge.xml': (encounter) => {
    expect(encounter).toMatchObject({ resourceType: 'Encounter', status: 'finished', class: { code: 'IMP' } });
    expect(encounter.text).toBeUndefined();
    expect(encounter.reasonCode[0].coding[0].code).toBe('7922000');
    expectRefusedAsNotAMessage(encounter);
    expect(translateEncounter(encounter, 'Encounter')).toEqual({
      spellId: '6f40cebe-7b55-461d-9d7f-eadb4c065762',
      kind: 'DISCHARGED',
      occurredAt: '2019-12-11T13:00:00.000Z',
      details: {
        admittedAt: '2019-12-10T13:00:00.000Z',
        dischargedAt: '2019-12-11T13:00:00.000Z',
        dischargeMethod: '1: Patient discharged on clinical advice or with clinical consent',
        dischargeDestination: expect.stringMatching(/^19: Usual place of residence/),
      },
    });
  },
  'ukcore-r4-patient-nhsnumber-verification.xml': (patient) => {
    expect(patient.text).toBeUndefined();
    expect(patient.contact[0].name).toMatchObject({ family: 'Jackson', prefix: ['Miss'] });
    expect(patient.extension[1].extension[1].valueTiming.repeat).toMatchObject({ frequency: 1, dayOfWeek: ['mon', 'wed', 'fri'] });
    expectRefusedAsNotAMessage(patient);
    expect(translatePatient(patient, 'Patient')).toEqual({
      nhsNumber: '9912003888',
      nhsNumberVerified: true,
      localIds: [],
      title: null,
      givenName: 'Richard',
      familyName: 'SMITH',
      dateOfBirth: '1970-09-11',
      sex: 'MALE',
      address: { lines: ['4 Sandmoor Drive'], town: 'LEEDS', postcode: 'LS17 7DF' },
      phones: [{ number: '01131231234', use: 'OTHER' }],
      gpPracticeOdsCode: null,
      contacts: [
        {
          // The name's parts, not the PAS's display text `JACKSON Jane (Miss)`.
          name: 'Miss Jane Jackson',
          relationship: {
            code: 'Personal',
            codeSystem: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-AdditionalPersonRelationshipRole',
            display: 'Personal relationship with the patient',
          },
          phones: [{ number: '07777123123', use: 'MOBILE' }],
          address: { lines: ['5 Alwoodley Road'], town: 'LEEDS', postcode: 'LS17 6EH' },
          isNextOfKin: false,
          isMainCarer: false,
        },
      ],
    });
  },
  'nhse-tie-r4-documentreference-toc-discharge-summary.json': (document) => {
    expect(document).toMatchObject({ resourceType: 'DocumentReference', subject: { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number' } } });
    expect(document.category[0].coding[0].code).toBe('373942005');
    expectRefusedAsNotAMessage(document);
  },
  'nhse-tie-r4-encounter-from-itk-a01.json': (encounter) => {
    expectRefusedAsNotAMessage(encounter);
    expect(translateEncounter(encounter, 'Encounter')).toEqual({
      spellId: '2139',
      kind: 'ADMITTED',
      occurredAt: '2010-10-20T17:16:00.000Z',
      details: { consultant: 'Dr Samuel Darwin', admittedAt: '2010-10-20T17:16:00.000Z' },
    });
  },
  'nhse-tie-r4-transfer-of-care-document-message-bundle.json': (bundle) => {
    expect(readFhirMessageHeader(bundle)).toEqual({
      sourceOdsCode: 'RR8',
      controlId: '1dbb03bc-e74a-4cbc-ab39-096f40541633',
      bundleId: '1dbb03bc-e74a-4cbc-ab39-096f40541633',
      eventCode: 'document',
      eventSystem: 'https://fhir.nhs.uk/CodeSystem/message-event',
      sentAt: '2018-07-12T10:30:16.000Z',
      fhirVersion: 'R4',
    });
    const error = feedError(() => translateFhirMessage(bundle));
    expect(error).toMatchObject({ disposition: 'REFUSE', hl7ErrorCode: '201', location: { path: 'Bundle.entry[1].resource.subject' } });
  },
};

describeWithSamples('FHIR samples from ../shared/samples', () => {
  const files = (['fhir-xml', 'fhir-json'] as const).flatMap((kind) => readdirSync(join(SHARED_SAMPLES_DIR, kind)).map((file) => [kind, file] as const));

  test('every sample has expectations here', () => {
    expect(files.map(([, file]) => file).sort()).toEqual(Object.keys(EXPECTATIONS).sort());
  });

  describe.each(files)('%s/%s', (kind, file) => {
    test('translates (or is refused) as expected', () => {
      EXPECTATIONS[file]!(read(kind, file));
    });

    test('reads the same back through FHIR XML and through JSON', () => {
      const resource = read(kind, file);
      expect(parseFhirXml(toFhirXml(resource))).toEqual(resource);
      expect(parseFhirJson(JSON.stringify(resource))).toEqual(resource);
    });
  });
});
