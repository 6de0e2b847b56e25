import { readBundleEntries } from '../../../../adapters/hospital-discharge/fhir/bundle-references.js';
import { translatePatient } from '../../../../adapters/hospital-discharge/fhir/translate-patient.js';
import { OTHER_NHS_NUMBER, patient } from './fixtures.js';
import { feedError } from './support.js';

const PATH = 'Bundle.entry[3].resource';

function withChanges(change: (p: any) => void): any {
  const changed: any = patient();
  change(changed);
  return changed;
}

describe('translatePatient', () => {
  test('fails an NHS number with a wrong check digit, naming its value', () => {
    const error = feedError(() => translatePatient(withChanges((p) => (p.identifier[0].value = '9990000019')), PATH));
    expect(error).toMatchObject({ disposition: 'FAIL', location: { path: `${PATH}.identifier[0].value` } });
    expect(error.reason).toMatch(/check digit/);
  });

  test('a placeholder of one repeated digit is no NHS number at all', () => {
    const person = translatePatient(withChanges((p) => (p.identifier[0].value = '9999999999')), PATH);
    expect(person).toMatchObject({ nhsNumber: null, nhsNumberVerified: false });
    expect(person.localIds).toEqual([{ system: 'https://fhir.example.org/Id/hospital-number', value: 'H123456' }]);
  });

  test.each([
    ['02 (present but not traced)', (p: any) => (p.identifier[0].extension[0].valueCodeableConcept.coding[0].code = '02')],
    ['no status', (p: any) => delete p.identifier[0].extension],
  ])('an NHS number with %s is not verified', (_what, change) => {
    expect(translatePatient(withChanges(change), PATH)).toMatchObject({ nhsNumber: '9990000018', nhsNumberVerified: false });
  });

  test('reads the older fhir.nhs.net NHS number system and DSTU2 careProvider', () => {
    const bundle = {
      resourceType: 'Bundle',
      entry: [{ fullUrl: 'urn:uuid:gp', resource: { resourceType: 'Organization', identifier: [{ system: 'http://fhir.nhs.net/Id/ods-organization-code', value: 'Y99002' }] } }],
    };
    const dstu2 = withChanges((p) => {
      p.identifier[0].system = 'http://fhir.nhs.net/Id/nhs-number';
      delete p.generalPractitioner;
      p.careProvider = [{ reference: 'urn:uuid:gp' }];
    });
    const person = translatePatient(dstu2, PATH, readBundleEntries({ value: bundle, path: 'Bundle' }).resolve);
    expect(person).toMatchObject({ nhsNumber: '9990000018', gpPracticeOdsCode: 'Y99002' });
  });

  test.each([
    ['1938-02-30', /not a FHIR date: month 2 of 1938 has 28 days/],
    ['14/02/1938', /not a FHIR date/],
    ['yesterday', /not a FHIR date/],
    ['0000-01-01', /outside the years 0001 to 9999/],
  ])('fails a birthDate of %p with its path', (birthDate, reason) => {
    const error = feedError(() => translatePatient(withChanges((p) => (p.birthDate = birthDate)), PATH));
    expect(error).toMatchObject({ disposition: 'FAIL', location: { path: `${PATH}.birthDate` } });
    expect(error.reason).toMatch(reason);
  });

  test('a birthDate of a year only names no day', () => {
    expect(translatePatient(withChanges((p) => (p.birthDate = '1938')), PATH).dateOfBirth).toBeNull();
  });

  test('fails a gender FHIR does not have', () => {
    expect(feedError(() => translatePatient(withChanges((p) => (p.gender = 'F')), PATH))).toMatchObject({ location: { path: `${PATH}.gender` } });
  });

  test('fails a Patient with no family name', () => {
    const error = feedError(() => translatePatient(withChanges((p) => delete p.name[1].family), PATH));
    expect(error).toMatchObject({ disposition: 'FAIL', location: { path: `${PATH}.name[1].family` } });
  });

  test('an address abroad keeps its lines but has no postcode', () => {
    const person = translatePatient(withChanges((p) => (p.address = [{ line: ['1 Rue Exemple'], city: 'Paris', postalCode: '75001', country: 'FR' }])), PATH);
    expect(person.address).toEqual({ lines: ['1 Rue Exemple'], town: 'Paris', postcode: null });
  });

  test('with no name marked official or usual, the first current one is taken', () => {
    const person = translatePatient(withChanges((p) => (p.name = [{ use: 'old', family: 'Former' }, { use: 'nickname', family: 'Nick' }])), PATH);
    expect(person.familyName).toBe('Nick');
  });

  test('fails a resource that is not a Patient', () => {
    expect(feedError(() => translatePatient({ resourceType: 'Practitioner' }, PATH))).toMatchObject({ disposition: 'FAIL', location: { path: PATH } });
  });
});

describe('translatePatient: values the hub keys on are bounded, and refused where they are', () => {
  test.each([
    ['an identifier', (p: any) => (p.identifier[1].value = 'X'.repeat(101)), `${PATH}.identifier[1].value`],
    ['an identifier system', (p: any) => (p.identifier[1].system = `https://${'x'.repeat(200)}`), `${PATH}.identifier[1].system`],
    ['a family name', (p: any) => (p.name[1].family = 'Y'.repeat(201)), `${PATH}.name[1].family`],
    ['a given name', (p: any) => (p.name[1].given = ['Ada', 'Y'.repeat(201)]), `${PATH}.name[1].given`],
    ['given names that are each short enough but kept joined', (p: any) => (p.name[1].given = Array.from({ length: 15 }, () => 'Z'.repeat(199))), `${PATH}.name[1].given`],
  ])('%s too long to keep fails the message at its element', (_what, change, path) => {
    expect(feedError(() => translatePatient(withChanges(change), PATH))).toMatchObject({ disposition: 'FAIL', location: { path } });
  });
});

describe('translatePatient: a Patient carrying two NHS numbers (UK Core allows one)', () => {
  const UKCORE = 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus';
  /** The fixture's verified number first, then a second as the test says; `verifyFirst` false strips the first's status. */
  function twoNumbers(second: { value: string; verified: boolean }, verifyFirst = true): any {
    return withChanges((p) => {
      if (!verifyFirst) delete p.identifier[0].extension;
      p.identifier.push({
        ...(second.verified ? { extension: [{ url: UKCORE, valueCodeableConcept: { coding: [{ code: '01' }] } }] } : {}),
        system: 'https://fhir.nhs.uk/Id/nhs-number',
        value: second.value,
      });
    });
  }

  test('the verified one is the person\'s, the other set aside by its place, never matched', () => {
    expect(translatePatient(twoNumbers({ value: OTHER_NHS_NUMBER, verified: false }), PATH)).toMatchObject({
      nhsNumber: '9990000018',
      nhsNumberVerified: true,
      setAsideNhsNumbers: [{ path: `${PATH}.identifier[2]` }],
    });
    // An EPR that lists the traced number second, as a PDS trace appends it.
    expect(translatePatient(twoNumbers({ value: OTHER_NHS_NUMBER, verified: true }, false), PATH)).toMatchObject({
      nhsNumber: OTHER_NHS_NUMBER,
      nhsNumberVerified: true,
      setAsideNhsNumbers: [{ path: `${PATH}.identifier[0]` }],
    });
  });

  test.each([
    ['neither is verified', { value: OTHER_NHS_NUMBER, verified: false }, false, /none is verified/],
    ['both are verified', { value: OTHER_NHS_NUMBER, verified: true }, true, /more than one is verified/],
  ])('refused at the second when %s', (_what, second, verifyFirst, why) => {
    const error = feedError(() => translatePatient(twoNumbers(second, verifyFirst), PATH));
    expect(error).toMatchObject({ disposition: 'REFUSE', hl7ErrorCode: '205', location: { path: `${PATH}.identifier[2]` } });
    expect(error.reason).toMatch(why);
  });

  test('the same number twice is one number, verified if either says so', () => {
    const person = translatePatient(twoNumbers({ value: '999 000 0018', verified: false }), PATH);
    expect(person).toMatchObject({ nhsNumber: '9990000018', nhsNumberVerified: true });
    expect(person).not.toHaveProperty('setAsideNhsNumbers');
  });
});
