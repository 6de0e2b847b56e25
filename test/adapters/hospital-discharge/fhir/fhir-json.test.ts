import { parseFhirJson } from '../../../../adapters/hospital-discharge/fhir/fhir-json.js';
import { feedError } from './support.js';

describe('parseFhirJson', () => {
  test('reads a resource and drops its narrative, as parseFhirXml does', () => {
    const patient = parseFhirJson(
      JSON.stringify({ resourceType: 'Patient', text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">x</div>' }, birthDate: '1950-01-01', active: true }),
    );
    expect(patient).toEqual({ resourceType: 'Patient', birthDate: '1950-01-01', active: true });
  });

  test('keeps a CodeableConcept text, which is not a narrative', () => {
    const referral = parseFhirJson(JSON.stringify({ resourceType: 'ReferralRequest', reason: { text: 'Fall' } }));
    expect(referral).toEqual({ resourceType: 'ReferralRequest', reason: { text: 'Fall' } });
  });

  test('refuses malformed JSON with its line and column, without repeating the text', () => {
    const error = feedError(() => parseFhirJson('{\n  "resourceType": "Patient",\n  "name": [ {"family": "Secret"} \n'));
    expect(error.disposition).toBe('REFUSE');
    expect(error.location.path).toMatch(/^JSON line \d+ column \d+$/);
    expect(error.reason).not.toContain('Secret');
  });

  test('refuses an unexpected token, saying which, without repeating the text', () => {
    const error = feedError(() => parseFhirJson('{"resourceType": "Patient", "family": "Secret", "x": }'));
    expect(error.disposition).toBe('REFUSE');
    expect(error.location.path).toMatch(/^JSON/);
    expect(error.reason).toBe("not valid JSON: unexpected '}'");
  });

  test.each([
    ['an array', '[{"resourceType":"Patient"}]', /JSON object/],
    ['a string', '"Patient"', /JSON object/],
    ['an object with no resourceType', '{"name":[]}', /resourceType/],
  ])('refuses %s: not a resource', (_what, text, reason) => {
    const error = feedError(() => parseFhirJson(text));
    expect(error.location.path).toBe('JSON');
    expect(error.reason).toMatch(reason);
  });

  test('refuses 10,000-deep nesting quickly, naming the path where it went too deep', () => {
    const text = `{"resourceType":"Patient","extension":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const started = Date.now();
    const error = feedError(() => parseFhirJson(text));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error.disposition).toBe('REFUSE');
    expect(error.location.path).toMatch(/^Patient\.extension(\[0\])+$/);
    expect(error.reason).toMatch(/nested more than 100 deep/);
  });

  test('refuses property names FHIR cannot have', () => {
    const error = feedError(() => parseFhirJson('{"resourceType":"Patient","name":[{"__proto__":{"x":1}}]}'));
    expect(error.location.path).toBe('Patient.name[0]');
    expect(error.reason).toMatch(/not a FHIR element name/);
  });

  test.each([
    ['NUL in a family name', 'Test\\u0000woman', 'U+0000'],
    ['another control character', 'Test\\u001bwoman', 'U+001B'],
    ['half of a surrogate pair', 'Test\\ud800woman', 'U+D800'],
  ])('refuses %s, naming the element path', (_case, family, codePoint) => {
    const text = `{"resourceType":"Bundle","entry":[{},{},{"resource":{"resourceType":"Patient","name":[{"family":"${family}"}]}}]}`;
    const error = feedError(() => parseFhirJson(text));
    expect(error).toMatchObject({ disposition: 'REFUSE', hl7ErrorCode: '102', location: { path: 'Bundle.entry[2].resource.name[0].family' } });
    expect(error.reason).toContain(codePoint);
  });

  test('keeps tab, LF, CR and characters beyond the Basic Multilingual Plane', () => {
    const patient = parseFhirJson(JSON.stringify({ resourceType: 'Patient', name: [{ text: 'a\tb\nc\rd \u{1F600}' }] }));
    expect(patient).toEqual({ resourceType: 'Patient', name: [{ text: 'a\tb\nc\rd \u{1F600}' }] });
  });

  test('holds the narrative it drops to the same rules, as the XML reader does', () => {
    const error = feedError(() => parseFhirJson('{"resourceType":"Patient","text":{"status":"generated","div":"<div>\\u0000</div>"}}'));
    expect(error.location.path).toBe('Patient.text.div');
  });
});
