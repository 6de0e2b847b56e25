import { readFhirText } from '../../../../adapters/hospital-discharge/fhir/fhir-text.js';
import { feedError } from './support.js';

describe('readFhirText', () => {
  test('reads UTF-8 as it is', () => {
    expect(readFhirText(Buffer.from('{"family":"Zoë"}'), 'JSON')).toBe('{"family":"Zoë"}');
  });

  test.each([
    ['JSON', '{\n  "resourceType": "Patient",\n  "name": [{ "family": "Test', 'JSON line 3 column 30'],
    ['XML', '<Patient xmlns="http://hl7.org/fhir">\n  <name><family value="Test', 'XML line 2 column 29'],
  ] as const)('refuses %s that is not UTF-8 (a Latin-1 name) with the line, column and byte offset', (format, before, path) => {
    const bytes = Buffer.concat([Buffer.from(before), Buffer.from('wömän', 'latin1')]);
    const error = feedError(() => readFhirText(bytes, format));
    expect(error).toMatchObject({ disposition: 'REFUSE', hl7ErrorCode: '102', location: { path } });
    expect(error.reason).toBe(`byte 0xF6 at offset ${Buffer.byteLength(before) + 1} is not UTF-8, which FHIR ${format} must be`);
  });
});
