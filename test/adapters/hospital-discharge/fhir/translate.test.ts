import { readFhirMessageHeader } from '../../../../adapters/hospital-discharge/fhir/message-header.js';
import { parseFhirXml } from '../../../../adapters/hospital-discharge/fhir/fhir-xml.js';
import { translateFhirMessage } from '../../../../adapters/hospital-discharge/fhir/translate.js';
import type { PersonDetails } from '../../../../src/referrals/discharge-message.js';
import {
  ADW_ASSESSMENT,
  ADW_ASSESSMENT_XML,
  ADW_DISCHARGE,
  ADW_WITHDRAW_ALL,
  ADW_WITHDRAW_DISCHARGE,
  adwNotice,
  entryOf,
  NHS_NUMBER,
  r4EncounterMessage,
  TRUST_SITE,
} from './fixtures.js';
import { feedError } from './support.js';

const ADA: PersonDetails = {
  nhsNumber: NHS_NUMBER,
  nhsNumberVerified: true,
  localIds: [{ system: 'https://fhir.example.org/Id/hospital-number', value: 'H123456' }],
  title: 'Mrs',
  givenName: 'Ada Mary',
  familyName: 'Testwoman',
  dateOfBirth: '1938-02-14',
  sex: 'FEMALE',
  address: { lines: ['12 Example Road', 'Exampleside'], town: 'Exampleton', postcode: 'LS1 4AP' },
  phones: [
    { number: '07700900123', use: 'MOBILE' },
    { number: '01134960000', use: 'HOME' },
  ],
  gpPracticeOdsCode: 'Y99001',
};

describe('readFhirMessageHeader', () => {
  test('DSTU2 ADW: ODS code from source.endpoint, MessageHeader.id and timestamp', () => {
    expect(readFhirMessageHeader(adwNotice(ADW_ASSESSMENT))).toEqual({
      sourceOdsCode: TRUST_SITE,
      controlId: '00000000-0000-4000-8000-000000000001',
      bundleId: 'bundle-adw-1',
      eventCode: ADW_ASSESSMENT,
      eventSystem: 'http://snomed.info/sct',
      sentAt: '2024-07-01T09:15:00.000Z',
      fhirVersion: 'DSTU2',
    });
  });

  test('R4: ODS code from the sender where the endpoint is a URL, Bundle.timestamp', () => {
    expect(readFhirMessageHeader(r4EncounterMessage('in-progress'))).toEqual({
      sourceOdsCode: 'RXX',
      controlId: 'mh-1',
      bundleId: 'bundle-r4-1',
      eventCode: 'ADT_A03',
      eventSystem: 'https://fhir.nhs.uk/CodeSystem/message-event',
      sentAt: '2024-07-02T08:00:00.000Z',
      fhirVersion: 'R4',
    });
  });

  test('the control id is Bundle.id where the MessageHeader has none', () => {
    const bundle = r4EncounterMessage('in-progress');
    delete entryOf(bundle, 'MessageHeader').id;
    expect(readFhirMessageHeader(bundle).controlId).toBe('bundle-r4-1');
  });

  test.each([
    ['longer than 64 characters', 'a'.repeat(65)],
    ['holding a character an id cannot', 'urn:uuid:00000000-0000-4000-8000-000000000001'],
  ])('refuses a control id that is not a FHIR id: %s (it keys the inbox and a business response)', (_case, id) => {
    const bundle = adwNotice(ADW_ASSESSMENT);
    entryOf(bundle, 'MessageHeader').id = id;
    expect(feedError(() => readFhirMessageHeader(bundle))).toMatchObject({ disposition: 'REFUSE', hl7ErrorCode: '102', location: { path: 'Bundle.entry[0].resource.id' } });
    delete entryOf(bundle, 'MessageHeader').id;
    bundle.id = id;
    expect(feedError(() => readFhirMessageHeader(bundle)).location.path).toBe('Bundle.id');
  });

  test('takes a 64-character id', () => {
    const bundle = adwNotice(ADW_ASSESSMENT);
    entryOf(bundle, 'MessageHeader').id = `A-.${'9'.repeat(61)}`;
    expect(readFhirMessageHeader(bundle).controlId).toBe(`A-.${'9'.repeat(61)}`);
  });

  test('refuses a sender with no ODS code', () => {
    const bundle = r4EncounterMessage('in-progress');
    delete entryOf(bundle, 'MessageHeader').sender;
    const error = feedError(() => readFhirMessageHeader(bundle));
    expect(error).toMatchObject({ disposition: 'REFUSE', hl7ErrorCode: '204', location: { path: 'Bundle.entry[0].resource.source.endpoint' } });
  });

  test('refuses a message with no timestamp', () => {
    const bundle = r4EncounterMessage('in-progress');
    delete bundle.timestamp;
    expect(feedError(() => readFhirMessageHeader(bundle))).toMatchObject({ disposition: 'REFUSE', location: { path: 'Bundle.timestamp' } });
  });
});

describe('translateFhirMessage: ADW notices (DSTU2)', () => {
  test('an assessment notice is a referral, with the proposed discharge day and the notice’s words', () => {
    expect(translateFhirMessage(adwNotice(ADW_ASSESSMENT))).toEqual({
      kind: 'SPELL_EVENT',
      header: { senderOdsCode: TRUST_SITE, controlId: '00000000-0000-4000-8000-000000000001', messageType: ADW_ASSESSMENT, sentAt: '2024-07-01T09:15:00.000Z' },
      person: ADA,
      event: {
        spellId: 'referral-42',
        kind: 'REFERRED',
        occurredAt: '2024-07-01T09:15:00.000Z',
        details: {
          ward: 'Ward 9',
          site: 'Example General Hospital',
          // 20 June 2024 began at 23:00 UTC in London (BST).
          admittedAt: '2024-06-19T23:00:00.000Z',
          expectedDischargeOn: '2024-07-05',
          needsSummary: 'Lives alone; needs help with washing and dressing.',
        },
        reason: null,
      },
    });
  });

  test('the same notice sent as XML translates the same', () => {
    expect(translateFhirMessage(parseFhirXml(ADW_ASSESSMENT_XML))).toEqual(translateFhirMessage(adwNotice(ADW_ASSESSMENT)));
  });

  test('a discharge notice plans the discharge for the Encounter’s period.end', () => {
    const message = translateFhirMessage(adwNotice(ADW_DISCHARGE));
    expect(message).toMatchObject({ kind: 'SPELL_EVENT', event: { spellId: 'referral-42', kind: 'DISCHARGE_PLANNED', details: { expectedDischargeOn: '2024-07-05' } } });
  });

  test('a withdrawal of all notices withdraws the referral, with the ADW withdrawal reason', () => {
    const message = translateFhirMessage(adwNotice(ADW_WITHDRAW_ALL));
    expect(message).toMatchObject({ kind: 'SPELL_EVENT', event: { spellId: 'referral-42', kind: 'WITHDRAWN', reason: '12: Notice sent in error' } });
    expect(message.kind === 'SPELL_EVENT' && message.event.details).toEqual({ ward: 'Ward 9', site: 'Example General Hospital' });
  });

  test('withdrawing the discharge notice only cancels the planned discharge', () => {
    expect(translateFhirMessage(adwNotice(ADW_WITHDRAW_DISCHARGE))).toMatchObject({ event: { kind: 'DISCHARGE_PLAN_CANCELLED', reason: '12: Notice sent in error' } });
  });

  test.each([
    ['an unknown event', '123456789', /is not an ADW notice/],
    ['a council’s response', '975721000000102', /council’s ADW response/],
  ])('refuses %s as an unsupported event', (_what, code, reason) => {
    const bundle = adwNotice(ADW_ASSESSMENT);
    entryOf(bundle, 'MessageHeader').event.code = code;
    const error = feedError(() => translateFhirMessage(bundle));
    expect(error).toMatchObject({ disposition: 'REFUSE', hl7ErrorCode: '201', location: { path: 'Bundle.entry[0].resource.event.code' } });
    expect(error.reason).toMatch(reason);
  });

  test('fails a notice whose Patient is not in the message', () => {
    const bundle = adwNotice(ADW_ASSESSMENT);
    entryOf(bundle, 'ReferralRequest').patient.reference = 'urn:uuid:nowhere';
    expect(feedError(() => translateFhirMessage(bundle))).toMatchObject({
      disposition: 'FAIL',
      location: { path: 'Bundle.entry[1].resource.patient' },
      reason: 'the notice carries no Patient',
    });
  });

  test('fails a notice with no ReferralRequest', () => {
    const bundle = adwNotice(ADW_ASSESSMENT);
    (bundle.entry as any[]).splice(1, 1);
    expect(feedError(() => translateFhirMessage(bundle))).toMatchObject({ disposition: 'FAIL', location: { path: 'Bundle.entry[0].resource.data' } });
  });
});

describe('translateFhirMessage: R4 UK Core', () => {
  test('an Encounter in progress is an admission at period.start', () => {
    expect(translateFhirMessage(r4EncounterMessage('in-progress'))).toEqual({
      kind: 'SPELL_EVENT',
      header: { senderOdsCode: 'RXX', controlId: 'mh-1', messageType: 'ADT_A03', sentAt: '2024-07-02T08:00:00.000Z' },
      person: ADA,
      event: {
        spellId: 'SPELL-900',
        kind: 'ADMITTED',
        occurredAt: '2024-06-20T08:30:00.000Z',
        details: { ward: 'Ward 3', site: 'Example Hospital', consultant: 'Dr Example Consultant', admittedAt: '2024-06-20T08:30:00.000Z' },
        reason: null,
      },
    });
  });

  test('an arrived Encounter is an admission too', () => {
    expect(translateFhirMessage(r4EncounterMessage('arrived'))).toMatchObject({ event: { kind: 'ADMITTED' } });
  });

  test('a finished Encounter is a discharge at period.end, with UK Core method and destination', () => {
    const message = translateFhirMessage(r4EncounterMessage('finished', { start: '2024-06-20T09:30:00+01:00', end: '2024-07-03T14:00:00+01:00' }));
    expect(message).toMatchObject({
      event: {
        kind: 'DISCHARGED',
        occurredAt: '2024-07-03T13:00:00.000Z',
        details: {
          dischargedAt: '2024-07-03T13:00:00.000Z',
          dischargeMethod: '1: Discharged on clinical advice',
          dischargeDestination: '19: Usual place of residence',
        },
      },
    });
  });

  test('fails a finished Encounter with no period.end', () => {
    expect(feedError(() => translateFhirMessage(r4EncounterMessage('finished')))).toMatchObject({
      disposition: 'FAIL',
      location: { path: 'Bundle.entry[1].resource.period.end' },
    });
  });

  test.each(['cancelled', 'entered-in-error'])('a %s Encounter cancels the admission, at the time it was sent', (status) => {
    expect(translateFhirMessage(r4EncounterMessage(status))).toMatchObject({
      event: { kind: 'ADMISSION_CANCELLED', occurredAt: '2024-07-02T08:00:00.000Z' },
    });
  });

  test('refuses a planned Encounter and fails a status FHIR does not have', () => {
    expect(feedError(() => translateFhirMessage(r4EncounterMessage('planned')))).toMatchObject({ disposition: 'REFUSE', hl7ErrorCode: '201' });
    expect(feedError(() => translateFhirMessage(r4EncounterMessage('admitted')))).toMatchObject({
      disposition: 'FAIL',
      location: { path: 'Bundle.entry[1].resource.status' },
    });
  });

  test('a Patient in the focus with no Encounter is a person update', () => {
    const bundle = r4EncounterMessage('in-progress');
    entryOf(bundle, 'MessageHeader').focus = [{ reference: 'Patient/pat-1' }];
    expect(translateFhirMessage(bundle)).toEqual({
      kind: 'PERSON_UPDATE',
      header: { senderOdsCode: 'RXX', controlId: 'mh-1', messageType: 'ADT_A03', sentAt: '2024-07-02T08:00:00.000Z' },
      person: { ...ADA, nhsNumberVerified: true },
    });
  });

  test('a document about a Patient in the message is a person update; one naming only an NHS number is refused', () => {
    const bundle = r4EncounterMessage('in-progress');
    entryOf(bundle, 'MessageHeader').focus = [{ reference: 'urn:uuid:doc-1' }];
    (bundle.entry as any[]).push({ fullUrl: 'urn:uuid:doc-1', resource: { resourceType: 'DocumentReference', status: 'current', subject: { reference: 'Patient/pat-1' } } });
    expect(translateFhirMessage(bundle)).toMatchObject({ kind: 'PERSON_UPDATE', person: { nhsNumber: NHS_NUMBER } });

    entryOf(bundle, 'DocumentReference').subject = { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: NHS_NUMBER } };
    const error = feedError(() => translateFhirMessage(bundle));
    expect(error).toMatchObject({ disposition: 'REFUSE', hl7ErrorCode: '201', location: { path: 'Bundle.entry[5].resource.subject' } });
    expect(error.reason).toMatch(/^unsupported event/);
  });

  test('fails an Encounter whose subject is not in the message', () => {
    const bundle = r4EncounterMessage('in-progress');
    entryOf(bundle, 'Encounter').subject = { reference: 'Patient/elsewhere' };
    expect(feedError(() => translateFhirMessage(bundle))).toMatchObject({ disposition: 'FAIL', location: { path: 'Bundle.entry[1].resource.subject' } });
  });

  test('fails a period.start that is no date', () => {
    expect(feedError(() => translateFhirMessage(r4EncounterMessage('in-progress', { start: '20/06/2024 09:30' })))).toMatchObject({
      disposition: 'FAIL',
      location: { path: 'Bundle.entry[1].resource.period.start' },
    });
  });
});

describe('translateFhirMessage: what is not a message', () => {
  test('refuses a resource that is not a Bundle', () => {
    const error = feedError(() => translateFhirMessage({ resourceType: 'Patient' }));
    expect(error).toMatchObject({ disposition: 'REFUSE', location: { path: 'Patient' } });
    expect(error.reason).toMatch(/^not a message Bundle/);
  });

  test('refuses a Bundle that is not of type message', () => {
    const bundle = adwNotice(ADW_ASSESSMENT);
    bundle.type = 'document';
    expect(feedError(() => translateFhirMessage(bundle))).toMatchObject({ disposition: 'REFUSE', location: { path: 'Bundle.type' } });
  });

  test('refuses a message whose first entry is not the MessageHeader', () => {
    const bundle = adwNotice(ADW_ASSESSMENT);
    (bundle.entry as any[]).reverse();
    expect(feedError(() => translateFhirMessage(bundle))).toMatchObject({ disposition: 'REFUSE', location: { path: 'Bundle.entry[0].resource' } });
  });
});

describe('translateFhirMessage: local times in the hours the clocks change (src/time/uk-time.ts)', () => {
  test('an Encounter finished at 01:30 without an offset on 25 October 2026 ended at the first (BST) 01:30, as the same time through HL7', () => {
    const message = translateFhirMessage(r4EncounterMessage('finished', { start: '2026-03-29T01:30:00', end: '2026-10-25T01:30:00' }));
    expect(message).toMatchObject({ event: { occurredAt: '2026-10-25T00:30:00.000Z', details: { admittedAt: '2026-03-29T01:30:00.000Z', dischargedAt: '2026-10-25T00:30:00.000Z' } } });
  });

  test('with an offset, either occurrence of the repeated hour is what it says', () => {
    const message = translateFhirMessage(r4EncounterMessage('finished', { start: '2026-10-25T01:30:00+01:00', end: '2026-10-25T01:30:00+00:00' }));
    expect(message).toMatchObject({ event: { details: { admittedAt: '2026-10-25T00:30:00.000Z', dischargedAt: '2026-10-25T01:30:00.000Z' } } });
  });
});
