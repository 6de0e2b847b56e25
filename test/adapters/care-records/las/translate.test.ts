import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import {
  contactAcceptedFromJson,
  contactAcceptedToJson,
  contactFromJson,
  contactToJson,
  errorFromJson,
  errorToJson,
  LasJsonError,
  type LasPersonRecord,
  MAX_SUMMARY_LENGTH,
  peopleFromJson,
  peopleToJson,
  personToJson,
} from '../../../../adapters/care-records/las/translate.js';
import type { AlertCategory, CareRecord } from '../../../../src/care-records/ports.js';
import { CONTACT, CONTACT_JSON, CONTACT_REQUEST, careRecord, FETCHED_AT, lasPerson, peopleJson, personJson } from './contract-messages.js';

const README = readFileSync(new URL('../../../../adapters/care-records/las/README.md', import.meta.url), 'utf8');

/** The README's JSON examples, in order. */
function readmeExamples(): unknown[] {
  return [...README.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => JSON.parse(match[1]!));
}

/** The one person of a lookup answer holding `person`. */
function readPerson(person: Record<string, any>): CareRecord {
  return peopleFromJson(peopleJson([person], []), FETCHED_AT).records[0]!;
}

function failure(read: () => unknown): LasJsonError {
  try {
    read();
  } catch (error) {
    if (error instanceof LasJsonError) return error;
    throw error;
  }
  throw new Error('expected LasJsonError, but it read');
}

/** `personJson()` with `change` applied to it (a mutation of the README's person). */
function changed(change: (person: Record<string, any>) => void): Record<string, any> {
  const person = personJson();
  change(person);
  return person;
}

describe('the README', () => {
  test('its examples are the messages these tests use', () => {
    const [lookup, contact, accepted] = readmeExamples();
    expect(lookup).toEqual(JSON.parse(peopleJson()));
    expect(contact).toEqual(CONTACT_JSON);
    expect(accepted).toEqual({ contactId: CONTACT.contactId, reference: 'CNT-00000001' });
  });
});

describe('peopleFromJson', () => {
  test('reads every field of the README’s person, and the ids not found', () => {
    expect(peopleFromJson(peopleJson(), FETCHED_AT)).toEqual({ records: [careRecord()], notFound: ['4109999'] });
  });

  test('reads an empty answer', () => {
    expect(peopleFromJson('{"people":[],"notFound":[]}', FETCHED_AT)).toEqual({ records: [], notFound: [] });
  });

  test.each([
    ['Open', 'OPEN'],
    ['Open - Allocated', 'ALLOCATED'],
    ['Open - Awaiting Allocation', 'AWAITING_ALLOCATION'],
    ['Closed', 'CLOSED'],
  ])('case status %j is %s', (status, caseStatus) => {
    expect(readPerson(changed((p) => (p.case.status = status))).caseStatus).toBe(caseStatus);
  });

  test.each<[string, AlertCategory]>([
    ['RSK-SELF', 'RISK_TO_SELF'],
    ['RSK-OTH', 'RISK_TO_OTHERS'],
    ['RSK-STAFF', 'RISK_TO_STAFF'],
    ['SAFEG', 'SAFEGUARDING'],
    ['ACCESS', 'ACCESS'],
    ['HEALTH', 'HEALTH'],
    ['GEN', 'OTHER'],
    ['DNACPR', 'OTHER'],
    ['rsk-self', 'OTHER'],
  ])('alert type %j is %s', (type, category) => {
    expect(readPerson(changed((p) => (p.alerts[0].type = type))).alerts[0]!.category).toBe(category);
  });

  test.each([
    ['High', 'HIGH'],
    ['Medium', 'MEDIUM'],
    ['Low', 'LOW'],
  ])('alert priority %j is %s', (priority, severity) => {
    expect(readPerson(changed((p) => (p.alerts[0].priority = priority))).alerts[0]!.severity).toBe(severity);
  });

  test.each([
    ['Planned', 'PLANNED'],
    ['Active', 'ACTIVE'],
    ['Suspended', 'SUSPENDED'],
    ['Ended', 'ENDED'],
  ])('package status %j is %s', (status, packageStatus) => {
    expect(readPerson(changed((p) => (p.carePackage.status = status))).carePackage!.status).toBe(packageStatus);
  });

  test('nullable fields read as null whether null or left out', () => {
    const nulls = changed((p) => {
      p.nhsNumber = null;
      p.name.given = null;
      p.dateOfBirth = null;
      p.case = { status: 'Open - Awaiting Allocation', openedOn: null, worker: null, team: { name: 'Duty', code: null } };
      p.alerts = [{ type: 'ACCESS', text: 'Key safe', raisedOn: null, priority: 'Low' }];
      p.carePackage = { status: 'Planned', startDate: null, endDate: null, weeklyCost: null, services: [{ serviceType: 'Meals', provider: null, hoursPerWeek: null }] };
      p.carers = [{ name: 'Ann Shaw', relationship: 'Neighbour', phone: null, livesWith: false, mainCarer: false }];
    });
    const absent = JSON.parse(JSON.stringify(nulls, (_key, value: unknown) => (value === null ? undefined : value)));
    const expected: Partial<CareRecord> = {
      person: { familyName: 'Hill', givenName: null, dateOfBirth: null, nhsNumber: null },
      caseStatus: 'AWAITING_ALLOCATION',
      caseOpenedOn: null,
      allocatedWorker: null,
      team: { name: 'Duty', code: null },
      alerts: [{ category: 'ACCESS', description: 'Key safe', raisedOn: null, severity: 'LOW' }],
      carePackage: { status: 'PLANNED', startDate: null, endDate: null, weeklyCostPence: null, services: [{ type: 'Meals', provider: null, hoursPerWeek: null }] },
      carers: [{ name: 'Ann Shaw', relationship: 'Neighbour', phone: null, livesWithPerson: false, mainCarer: false }],
    };
    expect(readPerson(nulls)).toMatchObject(expected);
    expect(readPerson(absent)).toMatchObject(expected);
    expect(readPerson(changed((p) => (p.carePackage = null))).carePackage).toBeNull();
    expect(readPerson(changed((p) => delete p.carePackage)).carePackage).toBeNull();
  });

  test.each([
    [0, 0],
    [312.5, 31_250],
    [0.29, 29],
    [1234.57, 123_457],
  ])('a weekly cost of £%d is %d pence', (weeklyCost, pence) => {
    expect(readPerson(changed((p) => (p.carePackage.weeklyCost = weeklyCost))).carePackage!.weeklyCostPence).toBe(pence);
  });

  test('ignores fields the contract does not name', () => {
    const extra = changed((p) => {
      p.ethnicity = 'Not stated';
      p.case.reviewDue = '2026-03-01';
    });
    expect(readPerson(extra)).toEqual(careRecord());
  });

  test.each<[string, (p: Record<string, any>) => void, string]>([
    ['an unknown case status', (p) => (p.case.status = 'Open - Pending'), 'people[0].case.status: is not one of "Open", "Open - Allocated", "Open - Awaiting Allocation", "Closed"'],
    ['no case status', (p) => delete p.case.status, 'people[0].case.status: is missing'],
    ['a null case', (p) => (p.case = null), 'people[0].case: is null'],
    ['a blank family name', (p) => (p.name.family = '  '), 'people[0].name.family: is not a non-empty string'],
    ['a numeric person id', (p) => (p.personId = 4100001), 'people[0].personId: is not a LAS person id (digits)'],
    ['an NHS number with a bad check digit', (p) => (p.nhsNumber = '9990776688'), 'people[0].nhsNumber: is not an NHS number'],
    ['an NHS number with spaces', (p) => (p.nhsNumber = '999 077 6687'), 'people[0].nhsNumber: is not an NHS number'],
    ['a date of birth that is no date', (p) => (p.dateOfBirth = '1956-02-30'), 'people[0].dateOfBirth: is not a date (YYYY-MM-DD)'],
    ['an unknown priority', (p) => (p.alerts[0].priority = 'Urgent'), 'people[0].alerts[0].priority: is not one of "High", "Medium", "Low"'],
    ['a blank alert type', (p) => (p.alerts[0].type = ''), 'people[0].alerts[0].type: is not one of'],
    ['alerts not a list', (p) => (p.alerts = {}), 'people[0].alerts: is not an array'],
    ['an unknown package status', (p) => (p.carePackage.status = 'Live'), 'people[0].carePackage.status: is not one of'],
    ['a cost of a tenth of a penny', (p) => (p.carePackage.weeklyCost = 10.005), 'people[0].carePackage.weeklyCost: is not an amount in pounds to the penny'],
    ['a negative cost', (p) => (p.carePackage.weeklyCost = -1), 'people[0].carePackage.weeklyCost: is not a number from 0 to 100000'],
    ['a cost as text', (p) => (p.carePackage.weeklyCost = '390.63'), 'people[0].carePackage.weeklyCost: is not a number'],
    ['more hours than a week has', (p) => (p.carePackage.services[1].hoursPerWeek = 169), 'people[0].carePackage.services[1].hoursPerWeek: is not a number from 0 to 168'],
    ['a carer living with them as text', (p) => (p.carers[0].livesWith = 'yes'), 'people[0].carers[0].livesWith: is not true or false'],
    ['a worker with no name', (p) => delete p.case.worker.name, 'people[0].case.worker.name: is missing'],
  ])('refuses %s, naming the path', (_what, change, message) => {
    const error = failure(() => readPerson(changed(change)));
    expect(error.message.startsWith(message)).toBe(true);
    expect(error).toMatchObject({ code: 'LAS_JSON_INVALID', path: message.slice(0, message.indexOf(':')) });
  });

  test('names the place in the list: the fourth person', () => {
    const people = ['4100001', '4100002', '4100003', '4100004'].map(personJson);
    people[3]!.case.status = 'Reopened';
    expect(failure(() => peopleFromJson(peopleJson(people), FETCHED_AT)).path).toBe('people[3].case.status');
  });

  test.each([
    ['not JSON', '<html>502</html>', 'body: is not JSON'],
    ['JSON that is not an object', '[]', 'body: is not a JSON object'],
    ['no people', '{"notFound":[]}', 'people: is missing'],
    ['no notFound', '{"people":[]}', 'notFound: is missing'],
    ['a notFound id that is not an id', '{"people":[],"notFound":["4100001","x"]}', 'notFound[1]: is not a LAS person id (digits)'],
    ['a person that is not an object', '{"people":[7],"notFound":[]}', 'people[0]: is not a JSON object'],
  ])('refuses a body that is %s', (_what, body, message) => {
    expect(failure(() => peopleFromJson(body, FETCHED_AT)).message).toBe(message);
  });

  test('never quotes a value in its message', () => {
    const error = failure(() => readPerson(changed((p) => (p.dateOfBirth = 'Bogdan Hill 9990776687'))));
    expect(error.message).not.toMatch(/Bogdan|Hill|9990776687/);
  });
});

describe('personToJson and peopleToJson (the simulator’s side)', () => {
  test('write the README’s person', () => {
    const person = lasPerson();
    expect(personToJson(person)).toEqual(personJson());
    expect(JSON.parse(peopleToJson([person], ['4109999']))).toEqual(JSON.parse(peopleJson()));
  });

  test('OTHER alerts are written as GEN', () => {
    const person = lasPerson();
    person.alerts = [{ category: 'OTHER', description: 'Prefers female carers', raisedOn: null, severity: 'LOW' }];
    expect(personToJson(person).alerts).toEqual([{ type: 'GEN', text: 'Prefers female carers', raisedOn: null, priority: 'Low' }]);
  });

  test('what the simulator writes, the gateway reads back the same', () => {
    const text = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== '');
    const nullableText = fc.option(text, { nil: null });
    const date = fc.date({ min: new Date('1900-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    const nullableDate = fc.option(date, { nil: null });
    const person: fc.Arbitrary<LasPersonRecord> = fc.record({
      localId: fc.stringMatching(/^\d{1,12}$/),
      person: fc.record({ familyName: text, givenName: nullableText, dateOfBirth: nullableDate, nhsNumber: fc.constantFrom(null, '9990776687', '9990000018') }),
      caseStatus: fc.constantFrom('OPEN', 'ALLOCATED', 'AWAITING_ALLOCATION', 'CLOSED'),
      caseOpenedOn: nullableDate,
      allocatedWorker: fc.option(fc.record({ name: text, role: nullableText, phone: nullableText }), { nil: null }),
      team: fc.option(fc.record({ name: text, code: nullableText }), { nil: null }),
      alerts: fc.array(
        fc.record({
          category: fc.constantFrom('RISK_TO_SELF', 'RISK_TO_OTHERS', 'RISK_TO_STAFF', 'SAFEGUARDING', 'ACCESS', 'HEALTH', 'OTHER'),
          description: text,
          raisedOn: nullableDate,
          severity: fc.constantFrom('HIGH', 'MEDIUM', 'LOW'),
        }),
        { maxLength: 4 },
      ),
      carePackage: fc.option(
        fc.record({
          status: fc.constantFrom('PLANNED', 'ACTIVE', 'SUSPENDED', 'ENDED'),
          startDate: nullableDate,
          endDate: nullableDate,
          weeklyCostPence: fc.option(fc.integer({ min: 0, max: 10_000_000 }), { nil: null }),
          services: fc.array(
            fc.record({ type: text, provider: nullableText, hoursPerWeek: fc.option(fc.integer({ min: 0, max: 168 * 4 }).map((q) => q / 4), { nil: null }) }),
            { maxLength: 3 },
          ),
        }),
        { nil: null },
      ),
      carers: fc.array(fc.record({ name: text, relationship: text, phone: nullableText, livesWithPerson: fc.boolean(), mainCarer: fc.boolean() }), { maxLength: 2 }),
    });
    fc.assert(
      fc.property(fc.array(person, { maxLength: 3 }), fc.array(fc.stringMatching(/^\d{1,12}$/), { maxLength: 3 }), (people, notFound) => {
        expect(peopleFromJson(peopleToJson(people, notFound), FETCHED_AT)).toEqual({
          records: people.map((p) => ({ system: 'LAS', fetchedAt: FETCHED_AT, ...p })),
          notFound,
        });
      }),
    );
  });
});

describe('times (src/time)', () => {
  test('a contact in the repeated hour keeps the offset that says which occurrence it was', () => {
    for (const contactDate of ['2026-10-25T01:30:00+01:00', '2026-10-25T01:30:00+00:00']) {
      expect(contactFromJson(JSON.stringify({ ...CONTACT_JSON, contactDate })).occurredAt).toBe(contactDate);
    }
    expect(failure(() => contactFromJson(JSON.stringify({ ...CONTACT_JSON, contactDate: '2026-10-25T01:30:00' }))).message).toMatch(/^contactDate: is not an ISO 8601 date and time with an offset/);
  });

  test('a date in the first century is read as written, and the year 0000 refused', () => {
    expect(readPerson({ ...personJson(), dateOfBirth: '0050-06-20' }).person.dateOfBirth).toBe('0050-06-20');
    expect(failure(() => readPerson({ ...personJson(), dateOfBirth: '0000-06-20' })).message).toMatch(/dateOfBirth: is not a date \(YYYY-MM-DD\) in the years 0001 to 9999/);
  });
});

describe('contacts', () => {
  test('contactToJson writes the README’s body: the contact id goes in the Idempotency-Key, not here', () => {
    expect(JSON.parse(contactToJson(CONTACT))).toEqual(CONTACT_JSON);
  });

  test('contactFromJson reads it back, and null team and worker', () => {
    expect(contactFromJson(contactToJson(CONTACT))).toEqual(CONTACT_REQUEST);
    expect(contactFromJson(JSON.stringify({ ...CONTACT_JSON, team: null, worker: null }))).toEqual({ ...CONTACT_REQUEST, team: null, worker: null });
  });

  test.each<[string, Record<string, unknown> | string, string]>([
    ['not JSON', '{"referralId":', 'body: is not JSON'],
    ['no referral id', { ...CONTACT_JSON, referralId: undefined }, 'referralId: is missing'],
    ['a date with no offset', { ...CONTACT_JSON, contactDate: '2026-11-24T10:15:00' }, 'contactDate: is not an ISO 8601 date and time with an offset'],
    ['an empty summary', { ...CONTACT_JSON, summary: '' }, 'summary: is not a non-empty string'],
    ['a summary too long', { ...CONTACT_JSON, summary: 'x'.repeat(MAX_SUMMARY_LENGTH + 1) }, `summary: is longer than ${MAX_SUMMARY_LENGTH} characters`],
    ['a team that is a number', { ...CONTACT_JSON, team: 7 }, 'team: is not a non-empty string'],
  ])('contactFromJson refuses %s', (_what, body, message) => {
    expect(failure(() => contactFromJson(typeof body === 'string' ? body : JSON.stringify(body))).message.startsWith(message)).toBe(true);
  });

  test('the acceptance and the error body, both ways', () => {
    expect(contactAcceptedFromJson(contactAcceptedToJson('c-1', 'CNT-00000007'))).toEqual({ contactId: 'c-1', reference: 'CNT-00000007' });
    expect(errorFromJson(errorToJson('PERSON_NOT_FOUND', 'No person with this id'))).toEqual({ code: 'PERSON_NOT_FOUND', message: 'No person with this id' });
    expect(failure(() => contactAcceptedFromJson('{"contactId":"c-1"}')).message).toBe('reference: is missing');
    expect(failure(() => errorFromJson('{"code":"X"}')).message).toBe('error: is missing');
  });
});
