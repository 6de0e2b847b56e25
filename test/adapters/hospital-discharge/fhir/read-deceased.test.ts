import { parseFhirXml } from '../../../../adapters/hospital-discharge/fhir/fhir-xml.js';
import { translateFhirMessage } from '../../../../adapters/hospital-discharge/fhir/translate.js';
import { translatePatient } from '../../../../adapters/hospital-discharge/fhir/translate-patient.js';
import { entryOf, patient, r4EncounterMessage } from './fixtures.js';
import { feedError } from './support.js';

const PATH = 'Bundle.entry[2].resource';

function withChanges(change: (p: any) => void): any {
  const changed: any = patient();
  change(changed);
  return changed;
}

describe('FHIR: a death as the message states it', () => {
  test('an R4 UK Core Patient with deceasedDateTime (an EPR such as Epic or TrakCare): the day as written and the moment', () => {
    const person = translatePatient(withChanges((p) => (p.deceasedDateTime = '2026-06-14T23:40:00+01:00')), PATH);
    // The day is the sender's own (its local day), the moment is UTC.
    expect(person.death).toEqual({ died: true, diedOn: '2026-06-14', diedAt: '2026-06-14T22:40:00.000Z', source: 'FHIR_DECEASED_DATE_TIME' });
  });

  test('deceasedDateTime as a date alone, and as a partial date (a month), which names no day', () => {
    expect(translatePatient(withChanges((p) => (p.deceasedDateTime = '2026-12-02')), PATH).death).toEqual({
      died: true,
      diedOn: '2026-12-02',
      diedAt: null,
      source: 'FHIR_DECEASED_DATE_TIME',
    });
    expect(translatePatient(withChanges((p) => (p.deceasedDateTime = '2026-12')), PATH).death).toEqual({
      died: true,
      diedOn: null,
      diedAt: null,
      source: 'FHIR_DECEASED_DATE_TIME',
    });
  });

  test('deceasedBoolean true is a death without a date (a community system that records only the fact); false says not dead', () => {
    expect(translatePatient(withChanges((p) => (p.deceasedBoolean = true)), PATH).death).toEqual({ died: true, diedOn: null, diedAt: null, source: 'FHIR_DECEASED_BOOLEAN' });
    expect(translatePatient(withChanges((p) => (p.deceasedBoolean = false)), PATH).death).toEqual({ died: false, source: 'FHIR_DECEASED_BOOLEAN' });
  });

  test('a Patient that says nothing of a death carries none', () => {
    expect('death' in translatePatient(patient(), PATH)).toBe(false);
  });

  test('deceasedBoolean in FHIR XML is read as the boolean it is', () => {
    const xml = `<Bundle xmlns="http://hl7.org/fhir"><entry><resource><Patient>
      <identifier><system value="https://fhir.example.org/Id/hospital-number"/><value value="H1"/></identifier>
      <name><family value="Testwoman"/></name><deceasedBoolean value="true"/></Patient></resource></entry></Bundle>`;
    const bundle: any = parseFhirXml(xml);
    expect(translatePatient(bundle.entry[0].resource, PATH).death).toMatchObject({ died: true, source: 'FHIR_DECEASED_BOOLEAN' });
  });

  test('fails both choices at once, and a deceasedBoolean that is not a boolean, at their paths', () => {
    const both = feedError(() => translatePatient(withChanges((p) => Object.assign(p, { deceasedBoolean: true, deceasedDateTime: '2026-12-02' })), PATH));
    expect(both).toMatchObject({ disposition: 'FAIL', location: { path: `${PATH}.deceased[x]` } });
    const text = feedError(() => translatePatient(withChanges((p) => (p.deceasedBoolean = 'yes')), PATH));
    expect(text).toMatchObject({ disposition: 'FAIL', location: { path: `${PATH}.deceasedBoolean` } });
    const date = feedError(() => translatePatient(withChanges((p) => (p.deceasedDateTime = '2026-02-30')), PATH));
    expect(date).toMatchObject({ disposition: 'FAIL', location: { path: `${PATH}.deceasedDateTime` } });
  });

  test('a finished Encounter with UK Core discharge method 4 is the death, at period.end', () => {
    const bundle = r4EncounterMessage('finished', { start: '2026-11-29T10:00:00Z', end: '2026-12-03T14:30:00Z' });
    entryOf(bundle, 'Encounter').extension[0].valueCodeableConcept.coding[0] = { code: '4', display: 'Patient died' };
    const message = translateFhirMessage(bundle);
    expect(message.person.death).toEqual({ died: true, diedOn: '2026-12-03', diedAt: '2026-12-03T14:30:00.000Z', source: 'DISCHARGE_METHOD' });
  });

  test("the Patient's dated death outweighs the discharge method's, and any death a deceasedBoolean false", () => {
    const bundle = r4EncounterMessage('finished', { start: '2026-11-29T10:00:00Z', end: '2026-12-03T14:30:00Z' });
    entryOf(bundle, 'Encounter').extension[0].valueCodeableConcept.coding[0] = { code: '4', display: 'Patient died' };
    entryOf(bundle, 'Patient').deceasedDateTime = '2026-12-03T14:10:00Z';
    expect(translateFhirMessage(bundle).person.death).toMatchObject({ diedAt: '2026-12-03T14:10:00.000Z', source: 'FHIR_DECEASED_DATE_TIME' });
    delete entryOf(bundle, 'Patient').deceasedDateTime;
    entryOf(bundle, 'Patient').deceasedBoolean = false;
    expect(translateFhirMessage(bundle).person.death).toMatchObject({ died: true, source: 'DISCHARGE_METHOD' });
  });

  test('another discharge method is no death', () => {
    const bundle = r4EncounterMessage('finished', { start: '2026-11-29T10:00:00Z', end: '2026-12-03T14:30:00Z' });
    expect('death' in translateFhirMessage(bundle).person).toBe(false);
  });
});
