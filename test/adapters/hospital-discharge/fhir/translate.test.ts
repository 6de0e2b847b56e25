import { readFhirMessageHeader } from '../../../../adapters/hospital-discharge/fhir/message-header.js';
import { parseFhirXml } from '../../../../adapters/hospital-discharge/fhir/fhir-xml.js';
import { HL7_V2_EVENT_TYPES, NHS_MESSAGE_EVENTS } from '../../../../adapters/hospital-discharge/fhir/r4-events.js';
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
  withEarlierFinishedStay,
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

  test('fails a notice whose data is no ReferralRequest', () => {
    const bundle = adwNotice(ADW_ASSESSMENT);
    entryOf(bundle, 'MessageHeader').data = [{ reference: 'urn:uuid:00000000-0000-4000-8000-000000000004' }];
    expect(feedError(() => translateFhirMessage(bundle))).toMatchObject({ disposition: 'FAIL', location: { path: 'Bundle.entry[0].resource.data' } });
  });

  test.each([
    ['has no data', (header: any) => delete header.data, /^the MessageHeader has no data/],
    ['has an empty data', (header: any) => (header.data = []), /^the MessageHeader has no data/],
    ['names nothing in the Bundle', (header: any) => (header.data = [{ reference: 'urn:uuid:somewhere-else' }]), /^MessageHeader\.data names nothing in the Bundle/],
  ])('refuses a notice whose MessageHeader %s, as it says what the notice is about', (_what, change, reason) => {
    const bundle = adwNotice(ADW_ASSESSMENT);
    change(entryOf(bundle, 'MessageHeader'));
    const error = feedError(() => translateFhirMessage(bundle));
    expect(error).toMatchObject({ disposition: 'REFUSE', location: { path: 'Bundle.entry[0].resource.data' } });
    expect(error.reason).toMatch(reason);
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

  test('a Patient in the focus of a person event is a person update', () => {
    const bundle = r4EncounterMessage('in-progress');
    entryOf(bundle, 'MessageHeader').eventCoding = { system: NHS_MESSAGE_EVENTS, code: 'ADT_A31' };
    entryOf(bundle, 'MessageHeader').focus = [{ reference: 'Patient/pat-1' }];
    expect(translateFhirMessage(bundle)).toEqual({
      kind: 'PERSON_UPDATE',
      header: { senderOdsCode: 'RXX', controlId: 'mh-1', messageType: 'ADT_A31', sentAt: '2024-07-02T08:00:00.000Z' },
      person: { ...ADA, nhsNumberVerified: true },
    });
  });

  test('a document about a Patient in the message is a person update; one naming only an NHS number is refused', () => {
    const bundle = r4EncounterMessage('in-progress');
    entryOf(bundle, 'MessageHeader').eventCoding = { system: NHS_MESSAGE_EVENTS, code: 'document', display: 'Document' };
    entryOf(bundle, 'MessageHeader').focus = [{ reference: 'urn:uuid:doc-1' }];
    (bundle.entry as any[]).push({ fullUrl: 'urn:uuid:doc-1', resource: { resourceType: 'DocumentReference', status: 'current', subject: { reference: 'Patient/pat-1' } } });
    expect(translateFhirMessage(bundle)).toMatchObject({ kind: 'PERSON_UPDATE', person: { nhsNumber: NHS_NUMBER } });

    entryOf(bundle, 'DocumentReference').subject = { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: NHS_NUMBER } };
    const error = feedError(() => translateFhirMessage(bundle));
    expect(error).toMatchObject({ disposition: 'REFUSE', hl7ErrorCode: '201', location: { path: 'Bundle.entry[5].resource.subject' } });
    expect(error.reason).toMatch(/^unsupported event/);
  });

  test('the Encounter in the focus decides, not an earlier finished stay sent before it', () => {
    const message = translateFhirMessage(withEarlierFinishedStay(r4EncounterMessage('in-progress'), 'SPELL-2023'));
    expect(message).toMatchObject({ kind: 'SPELL_EVENT', event: { spellId: 'SPELL-900', kind: 'ADMITTED', occurredAt: '2024-06-20T08:30:00.000Z' } });
  });

  test('a focus naming some resources the Bundle lacks is read for those it has', () => {
    const bundle = r4EncounterMessage('in-progress');
    entryOf(bundle, 'MessageHeader').focus = [{ reference: 'Encounter/not-sent' }, { reference: 'Encounter/enc-1' }];
    expect(translateFhirMessage(bundle)).toMatchObject({ event: { spellId: 'SPELL-900' } });
  });

  test.each([
    ['has no focus', (header: any) => delete header.focus, /^the MessageHeader has no focus/],
    ['has an empty focus', (header: any) => (header.focus = []), /^the MessageHeader has no focus/],
    ['has a focus with no reference', (header: any) => (header.focus = [{ display: 'the admission' }]), /^MessageHeader\.focus names nothing in the Bundle/],
    ['names nothing in the Bundle', (header: any) => (header.focus = [{ reference: 'Encounter/archived-7' }]), /^MessageHeader\.focus names nothing in the Bundle/],
  ])('refuses a message whose MessageHeader %s, rather than guess from the Bundle’s entries', (_what, change, reason) => {
    const bundle = withEarlierFinishedStay(r4EncounterMessage('in-progress'), 'SPELL-2023');
    change(entryOf(bundle, 'MessageHeader'));
    const error = feedError(() => translateFhirMessage(bundle));
    expect(error).toMatchObject({ disposition: 'REFUSE', hl7ErrorCode: '101', location: { path: 'Bundle.entry[0].resource.focus' } });
    expect(error.reason).toMatch(reason);
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

describe('translateFhirMessage: R4 events', () => {
  /** The fixture's Encounter message, under another event. */
  function sentAs(eventCoding: object | undefined, status = 'in-progress', focus = 'Encounter/enc-1'): any {
    const bundle = r4EncounterMessage(status, { start: '2024-06-20T09:30:00+01:00', end: '2024-07-03T14:00:00+01:00' });
    const header = entryOf(bundle, 'MessageHeader');
    header.eventCoding = eventCoding;
    header.focus = [{ reference: focus }];
    return bundle;
  }

  test.each([
    ['HL7 table 0003, as an Epic Bridges or Rhapsody feed codes it', { system: HL7_V2_EVENT_TYPES, code: 'A01' }, 'in-progress', 'ADMITTED'],
    ['NHS England message-event, as a Cerner Millennium TIE codes it', { system: NHS_MESSAGE_EVENTS, code: 'ADT_A01', display: 'ADT A01' }, 'arrived', 'ADMITTED'],
    ['HL7 table 0003 A03', { system: HL7_V2_EVENT_TYPES, code: 'A03' }, 'finished', 'DISCHARGED'],
    ['NHS England message-event ADT_A11', { system: NHS_MESSAGE_EVENTS, code: 'ADT_A11' }, 'cancelled', 'ADMISSION_CANCELLED'],
    ['a visit update (A08) about the Encounter', { system: HL7_V2_EVENT_TYPES, code: 'A08' }, 'onleave', 'UPDATED'],
  ])('takes %s', (_what, eventCoding, status, kind) => {
    expect(translateFhirMessage(sentAs(eventCoding, status))).toMatchObject({ kind: 'SPELL_EVENT', event: { spellId: 'SPELL-900', kind } });
  });

  test.each([
    ['a code system it does not know', { system: 'https://example.org/archive', code: 'ARCHIVE-REPLAY' }, 'https://example.org/archive|ARCHIVE-REPLAY'],
    ['a cancelled discharge (A13), which an Encounter status cannot tell from an admission', { system: HL7_V2_EVENT_TYPES, code: 'A13' }, `${HL7_V2_EVENT_TYPES}|A13`],
    ['a known system’s code it does not take', { system: NHS_MESSAGE_EVENTS, code: 'prescription-order' }, `${NHS_MESSAGE_EVENTS}|prescription-order`],
    ['a code with no system', { code: 'A01' }, 'A01 (a code with no system)'],
  ])('refuses an event from %s, naming the code, before reading the focus', (_what, eventCoding, written) => {
    const bundle = sentAs(eventCoding);
    delete entryOf(bundle, 'MessageHeader').focus;
    const error = feedError(() => translateFhirMessage(bundle));
    expect(error).toMatchObject({ disposition: 'REFUSE', hl7ErrorCode: '201', location: { path: 'Bundle.entry[0].resource.eventCoding' } });
    expect(error.reason).toBe(`event ${written} is not one the gateway takes (it takes HL7 v2 ADT events, NHS England message events and what the sender's profile maps in fhirEvents)`);
  });

  test('refuses an eventUri it is not told of, at MessageHeader.eventUri', () => {
    const bundle = sentAs(undefined);
    entryOf(bundle, 'MessageHeader').eventUri = 'https://trust.example.org/fhir/MessageDefinition/discharge';
    const error = feedError(() => translateFhirMessage(bundle));
    expect(error).toMatchObject({ disposition: 'REFUSE', location: { path: 'Bundle.entry[0].resource.eventUri' } });
    expect(error.reason).toMatch(/^event https:\/\/trust\.example\.org\/fhir\/MessageDefinition\/discharge is not one the gateway takes/);
  });

  test('takes a trust’s own code, or eventUri, where its profile maps it to a taken event (a TrakCare site’s local codes)', () => {
    const own = { system: 'https://fhir.trust.example.org/CodeSystem/trak-event', code: 'DISCH' };
    const uri = 'https://trust.example.org/fhir/MessageDefinition/admit';
    const senderEvents = [
      { ...own, event: 'discharge' as const },
      { uri, event: 'admission' as const },
    ];
    expect(translateFhirMessage(sentAs(own, 'finished'), senderEvents)).toMatchObject({ kind: 'SPELL_EVENT', header: { messageType: 'DISCH' }, event: { kind: 'DISCHARGED' } });
    const byUri = sentAs(undefined);
    entryOf(byUri, 'MessageHeader').eventUri = uri;
    expect(translateFhirMessage(byUri, senderEvents)).toMatchObject({ event: { kind: 'ADMITTED' } });
    // The mapping is the sender's: without it the same code is refused.
    expect(feedError(() => translateFhirMessage(sentAs(own, 'finished'))).location.path).toBe('Bundle.entry[0].resource.eventCoding');
    // A mapped system is matched with its code: another code of it is not taken.
    expect(feedError(() => translateFhirMessage(sentAs({ ...own, code: 'ARCHIVE' }), senderEvents)).hl7ErrorCode).toBe('201');
  });

  test.each([
    ['a discharge (A03) whose focus is the Patient', { system: HL7_V2_EVENT_TYPES, code: 'A03' }, 'Patient/pat-1', 'is taken as discharge, so MessageHeader.focus must name the Encounter, and it names none'],
    ['a person update (A31) whose focus is the Encounter', { system: NHS_MESSAGE_EVENTS, code: 'ADT_A31' }, 'Encounter/enc-1', 'is taken as person-update, so MessageHeader.focus must name the Patient or a document about them, and it names none'],
    ['a visit update (A08) about a Location', { system: HL7_V2_EVENT_TYPES, code: 'A08' }, 'Location/ward-3', 'is taken as visit-update, so MessageHeader.focus must name an Encounter, a Patient or a document, and it names none'],
  ])('refuses %s: the focus must agree with the event', (_what, eventCoding, focus, reason) => {
    const error = feedError(() => translateFhirMessage(sentAs(eventCoding, 'finished', focus)));
    expect(error).toMatchObject({ disposition: 'REFUSE', hl7ErrorCode: '201', location: { path: 'Bundle.entry[0].resource.focus' } });
    expect(error.reason).toMatch(reason);
  });

  test('a visit update (A08) whose focus is the Patient updates the person, as an A08 without a visit does', () => {
    expect(translateFhirMessage(sentAs({ system: HL7_V2_EVENT_TYPES, code: 'A08' }, 'in-progress', 'Patient/pat-1'))).toMatchObject({ kind: 'PERSON_UPDATE' });
  });

  test('a person event whose focus holds the Encounter and the Patient is about the Patient', () => {
    const bundle = sentAs({ system: HL7_V2_EVENT_TYPES, code: 'A28' });
    entryOf(bundle, 'MessageHeader').focus = [{ reference: 'Encounter/enc-1' }, { reference: 'Patient/pat-1' }];
    expect(translateFhirMessage(bundle)).toMatchObject({ kind: 'PERSON_UPDATE', person: { nhsNumber: NHS_NUMBER } });
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
