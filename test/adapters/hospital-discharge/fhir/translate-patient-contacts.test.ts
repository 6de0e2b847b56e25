/**
 * Patient.contact and the `usual` name as EPRs send them in R4 UK Core and
 * DSTU2 CareConnect. Synthetic people only.
 */
import { translatePatient } from '../../../../adapters/hospital-discharge/fhir/translate-patient.js';
import { patient } from './fixtures.js';

const PATH = 'Bundle.entry[3].resource';
const V2_0131 = 'http://terminology.hl7.org/CodeSystem/v2-0131';
const ROLE_CODE = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode';

function withContacts(contact: unknown[]): any {
  return { ...patient(), contact };
}

describe('Patient.contact: the person\'s contacts', () => {
  test('an Epic-style R4 contact: v2-0131 `N` marks the next of kin, the v3 RoleCode kinship is the relationship', () => {
    const daughter = {
      relationship: [{ coding: [{ system: V2_0131, code: 'N', display: 'Next-of-Kin' }] }, { coding: [{ system: ROLE_CODE, code: 'DAU', display: 'natural daughter' }] }],
      name: { use: 'official', family: 'Testwoman', given: ['Dora'], prefix: ['Ms'] },
      telecom: [{ system: 'phone', value: '07700900456', use: 'mobile' }, { system: 'email', value: 'dora@example.org' }],
      address: { use: 'home', line: ['3 Sample Close'], city: 'Exampleton', postalCode: 'LS2 7EW' },
    };
    expect(translatePatient(withContacts([daughter]), PATH).contacts).toEqual([
      {
        name: 'Ms Dora Testwoman',
        relationship: { code: 'DAU', codeSystem: ROLE_CODE, display: 'natural daughter' },
        phones: [{ number: '07700900456', use: 'MOBILE' }],
        address: { lines: ['3 Sample Close'], town: 'Exampleton', postcode: 'LS2 7EW' },
        isNextOfKin: true,
        isMainCarer: false,
      },
    ]);
  });

  test('a v2-0131 `C` emergency contact alone: the role is the relationship, and no next of kin', () => {
    const neighbour = { relationship: [{ coding: [{ system: V2_0131, code: 'C' }] }], name: { text: 'Sid Sample' }, telecom: [{ system: 'phone', value: '01134960321' }] };
    expect(translatePatient(withContacts([neighbour]), PATH).contacts).toEqual([
      { name: 'Sid Sample', relationship: { code: 'C', codeSystem: V2_0131, display: 'Emergency contact' }, phones: [{ number: '01134960321', use: 'OTHER' }], address: null, isNextOfKin: false, isMainCarer: false },
    ]);
  });

  test('a TPP-style UK Core `Carer` is the main carer; text alone is the relationship in the sender\'s words; an agency by its name', () => {
    const carer = {
      relationship: [{ coding: [{ system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-AdditionalPersonRelationshipRole', code: 'Carer', display: 'Carer of patient' }] }],
      name: { family: 'Sample', given: ['Cara'] },
    };
    const friend = { relationship: [{ text: 'Friend from church' }], name: { family: 'Sample', given: ['Frank'] } };
    const agency = { organization: { display: 'Caring Hands Agency' }, telecom: [{ system: 'phone', value: '01134960777', use: 'work' }] };
    const nobody = { relationship: [{ coding: [{ system: V2_0131, code: 'N' }] }] };
    expect(translatePatient(withContacts([carer, friend, agency, nobody]), PATH).contacts).toEqual([
      expect.objectContaining({ name: 'Cara Sample', relationship: expect.objectContaining({ display: 'Carer of patient' }), isMainCarer: true, isNextOfKin: false }),
      expect.objectContaining({ name: 'Frank Sample', relationship: { code: null, codeSystem: null, display: 'Friend from church' }, isMainCarer: false }),
      { name: 'Caring Hands Agency', relationship: null, phones: [{ number: '01134960777', use: 'WORK' }], address: null, isNextOfKin: false, isMainCarer: false },
    ]);
  });

  test('a Patient without contact, or with none named, says nothing of contacts', () => {
    expect(translatePatient(patient(), PATH)).not.toHaveProperty('contacts');
    expect(translatePatient(withContacts([{ relationship: [{ coding: [{ system: V2_0131, code: 'N' }] }] }]), PATH)).not.toHaveProperty('contacts');
  });
});

describe('HumanName.use `usual`: the preferred name', () => {
  test('beside the official name, the usual name\'s given names are the preferred name', () => {
    const person = translatePatient({ ...patient(), name: [{ use: 'usual', family: 'Testwoman', given: ['Betty'] }, ...(patient() as any).name] }, PATH);
    expect(person).toMatchObject({ givenName: 'Ada Mary', familyName: 'Testwoman', preferredName: 'Betty' });
  });

  test('a usual name that is the only name is the name, not a preferred one', () => {
    const person = translatePatient({ ...patient(), name: [{ use: 'usual', family: 'Testwoman', given: ['Ada'] }] }, PATH);
    expect(person.givenName).toBe('Ada');
    expect(person).not.toHaveProperty('preferredName');
  });
});
