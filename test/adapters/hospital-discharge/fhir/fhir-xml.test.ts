import fc from 'fast-check';
import { parseFhirJson } from '../../../../adapters/hospital-discharge/fhir/fhir-json.js';
import type { FhirResource } from '../../../../adapters/hospital-discharge/fhir/fhir-resource.js';
import { parseFhirXml, toFhirXml } from '../../../../adapters/hospital-discharge/fhir/fhir-xml.js';
import { ADW_ASSESSMENT, ADW_ASSESSMENT_XML, adwNotice } from './fixtures.js';
import { feedError } from './support.js';

describe('parseFhirXml', () => {
  test('reads FHIR XML into the FHIR JSON shape (the synthetic ADW notice equals its JSON form)', () => {
    expect(parseFhirXml(ADW_ASSESSMENT_XML)).toEqual(adwNotice(ADW_ASSESSMENT));
    expect(parseFhirXml(ADW_ASSESSMENT_XML)).toEqual(parseFhirJson(JSON.stringify(adwNotice(ADW_ASSESSMENT))));
  });

  test('values are in value attributes, the root is the resourceType, resource wrappers hold their resource', () => {
    const bundle = parseFhirXml(ADW_ASSESSMENT_XML) as any;
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.entry[3].resource.resourceType).toBe('Patient');
    expect(bundle.entry[3].resource.birthDate).toBe('1938-02-14');
    expect(bundle.entry[3].resource.active).toBe(true);
    expect(bundle.entry[3].resource.identifier[0].extension[0].url).toContain('NHSNumberVerificationStatus');
    // DSTU2 Encounter.class is a code, R4's a Coding: both follow from the XML.
    expect(bundle.entry[2].resource.class).toBe('inpatient');
  });

  test('drops the XHTML narrative', () => {
    expect((parseFhirXml(ADW_ASSESSMENT_XML) as any).entry[3].resource.text).toBeUndefined();
  });

  test('an element that repeats once is an array where FHIR repeats it, and single where it does not', () => {
    const patient = parseFhirXml(
      `<Patient xmlns="http://hl7.org/fhir"><name><family value="Test"/><given value="A"/></name>
       <contact><name><family value="Other"/></name></contact><managingOrganization><identifier><value value="X"/></identifier></managingOrganization></Patient>`,
    ) as any;
    expect(patient.name).toEqual([{ family: 'Test', given: ['A'] }]);
    expect(patient.contact).toEqual([{ name: { family: 'Other' } }]);
    expect(patient.managingOrganization).toEqual({ identifier: { value: 'X' } });
  });

  test('an id attribute and extensions on a primitive go to _name, as in FHIR JSON', () => {
    const patient = parseFhirXml(
      `<Patient xmlns="http://hl7.org/fhir"><birthDate id="b1" value="1950-01-01"><extension url="http://example.org/x"><valueString value="y"/></extension></birthDate>
       <name id="n1"><given value="A"/><given value="B"><extension url="http://example.org/g"><valueBoolean value="false"/></extension></given></name></Patient>`,
    ) as any;
    expect(patient.birthDate).toBe('1950-01-01');
    expect(patient._birthDate).toEqual({ id: 'b1', extension: [{ url: 'http://example.org/x', valueString: 'y' }] });
    expect(patient.name[0].id).toBe('n1');
    expect(patient.name[0].given).toEqual(['A', 'B']);
    expect(patient.name[0]._given).toEqual([null, { extension: [{ url: 'http://example.org/g', valueBoolean: false }] }]);
  });

  test('decodes character references and the XML entities', () => {
    const patient = parseFhirXml(`<Patient xmlns="http://hl7.org/fhir"><name><family value="O&apos;Brien &amp; Caf&#xE9;"/><given value="&#163;&amp;nbsp;"/></name></Patient>`) as any;
    expect(patient.name[0].family).toBe("O'Brien & Café");
    expect(patient.name[0].given).toEqual(['£&nbsp;']);
  });

  test('refuses an entity XML does not define (HTML’s &nbsp;), naming its line and column', () => {
    const error = feedError(() => parseFhirXml('<Patient xmlns="http://hl7.org/fhir">\n  <name><family value="Smith&nbsp;Jones"/></name>\n</Patient>'));
    expect(error).toMatchObject({ disposition: 'REFUSE', location: { path: 'XML line 2 column 29' } });
    expect(error.reason).toMatch(/^the entity &nbsp; is not one XML defines/);
  });

  test.each([
    ['DOCTYPE', '<?xml version="1.0"?>\n<!DOCTYPE Patient>\n<Patient xmlns="http://hl7.org/fhir"/>', 'XML line 2'],
    [
      'an external entity (XXE)',
      '<?xml version="1.0"?>\n<!DOCTYPE Patient [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n<Patient xmlns="http://hl7.org/fhir"><name><family value="&xxe;"/></name></Patient>',
      'XML line 2',
    ],
    ['a lone ENTITY declaration', '<Patient xmlns="http://hl7.org/fhir">\n<!ENTITY a "b">\n</Patient>', 'XML line 2'],
  ])('refuses %s before parsing, naming the line', (_what, xml, path) => {
    const error = feedError(() => parseFhirXml(xml));
    expect(error.disposition).toBe('REFUSE');
    expect(error.location.path).toBe(path);
    expect(error.reason).toMatch(/declarations are refused/);
  });

  test('refuses billion laughs quickly, without expanding anything', () => {
    const entities = Array.from({ length: 10 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('\n');
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol0 "lol">\n${entities}\n]>\n<Patient xmlns="http://hl7.org/fhir"><name><family value="&lol10;"/></name></Patient>`;
    const started = Date.now();
    const error = feedError(() => parseFhirXml(xml));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error.location.path).toBe('XML line 2');
  });

  test('refuses 10,000-deep nesting quickly with the line where it went too deep', () => {
    const xml = `<Patient xmlns="http://hl7.org/fhir">\n${'<extension>'.repeat(10_000)}${'</extension>'.repeat(10_000)}</Patient>`;
    const started = Date.now();
    const error = feedError(() => parseFhirXml(xml));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error.disposition).toBe('REFUSE');
    expect(error.location.path).toBe('XML line 2');
    expect(error.reason).toMatch(/nested more than 100 deep/);
  });

  test.each([
    ['a tag left open', '<Patient xmlns="http://hl7.org/fhir">\n<name>\n</Patient>', /^XML line 3 column \d+$/],
    ['not XML at all', '{"resourceType":"Patient"}', /^XML line 1 column \d+$/],
    ['an unquoted attribute', '<Patient xmlns="http://hl7.org/fhir"><gender value=male/></Patient>', /^XML line 1 column \d+$/],
  ])('refuses malformed XML (%s) with the parser’s line and column', (_what, xml, path) => {
    const error = feedError(() => parseFhirXml(xml));
    expect(error.disposition).toBe('REFUSE');
    expect(error.location.path).toMatch(path);
    expect(error.reason).toMatch(/^not well-formed XML: /);
  });

  test.each([
    ['two roots', '<Patient xmlns="http://hl7.org/fhir"/><Patient xmlns="http://hl7.org/fhir"/>', 'XML', /one root element/],
    ['another namespace', '<Patient xmlns="http://example.org"/>', 'Patient', /FHIR namespace/],
    ['values as text content', '<Patient xmlns="http://hl7.org/fhir"><birthDate>1950-01-01</birthDate></Patient>', 'Patient.birthDate', /value attributes/],
    ['a namespace prefix', '<Patient xmlns="http://hl7.org/fhir" xmlns:f="http://example.org"><f:name value="x"/></Patient>', 'Patient.f:name', /not a FHIR element name/],
    ['a name that would reach Object.prototype', '<Patient xmlns="http://hl7.org/fhir"><__proto__ value="x"/></Patient>', 'XML', /not readable as XML/],
  ])('refuses well-formed XML that is not FHIR XML (%s)', (_what, xml, path, reason) => {
    const error = feedError(() => parseFhirXml(xml));
    expect(error.location.path).toBe(path);
    expect(error.reason).toMatch(reason);
  });
});

describe('toFhirXml', () => {
  test('writes FHIR XML that reads back to the same resource', () => {
    const bundle = adwNotice(ADW_ASSESSMENT);
    const xml = toFhirXml(bundle);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Bundle xmlns="http:\/\/hl7.org\/fhir">/);
    expect(xml).toContain('<birthDate value="1938-02-14"/>');
    expect(xml).toContain('<extension url="https://fhir.hl7.org.uk/StructureDefinition/Extension-CareConnect-NHSNumberVerificationStatus-1">');
    expect(parseFhirXml(xml)).toEqual(bundle);
  });

  // FHIR strings have no control characters and no leading or trailing white space.
  const fhirString = fc
    .string({ unit: fc.constantFrom(...'abcXYZ 019<>&"\'é£-/:.'.split('')), minLength: 1, maxLength: 12 })
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const coding = fc.record({ system: fhirString, code: fhirString, display: fhirString }, { requiredKeys: ['code'] });
  const identifier = fc.record(
    {
      extension: fc.array(fc.record({ url: fhirString, valueCodeableConcept: fc.record({ coding: fc.array(coding, { minLength: 1, maxLength: 2 }) }) }), { minLength: 1, maxLength: 2 }),
      system: fhirString,
      value: fhirString,
    },
    { requiredKeys: ['value'] },
  );
  const name = fc.record(
    { use: fc.constantFrom('official', 'usual', 'old'), family: fhirString, given: fc.array(fhirString, { minLength: 1, maxLength: 3 }), prefix: fc.array(fhirString, { minLength: 1, maxLength: 2 }) },
    { requiredKeys: ['family'] },
  );
  const address = fc.record({ line: fc.array(fhirString, { minLength: 1, maxLength: 3 }), city: fhirString, postalCode: fhirString }, { requiredKeys: [] });
  const telecom = fc.record({ system: fc.constantFrom('phone', 'email'), value: fhirString, use: fc.constantFrom('home', 'mobile', 'work') });
  const patient: fc.Arbitrary<FhirResource> = fc
    .record(
      {
        id: fhirString.map((s) => s.replace(/[^A-Za-z0-9-.]/g, 'x')),
        identifier: fc.array(identifier, { minLength: 1, maxLength: 3 }),
        active: fc.boolean(),
        name: fc.array(name, { minLength: 1, maxLength: 2 }),
        telecom: fc.array(telecom, { minLength: 1, maxLength: 3 }),
        gender: fc.constantFrom('male', 'female', 'other', 'unknown'),
        birthDate: fc.constantFrom('1950-01-01', '1938-02-14', '2001-12-31'),
        address: fc.array(address, { minLength: 1, maxLength: 2 }),
        generalPractitioner: fc.array(fc.record({ reference: fhirString }), { minLength: 1, maxLength: 2 }),
      },
      { requiredKeys: ['identifier', 'name'] },
    )
    .map((fields) => ({ resourceType: 'Patient', ...fields }));
  const encounter: fc.Arbitrary<FhirResource> = fc
    .record({
      identifier: fc.array(fc.record({ system: fhirString, value: fhirString }), { minLength: 1, maxLength: 2 }),
      status: fc.constantFrom('in-progress', 'finished', 'cancelled'),
      subject: fc.record({ reference: fhirString }),
      period: fc.record({ start: fc.constant('2024-01-01T10:00:00Z'), end: fc.constant('2024-01-02T10:00:00+01:00') }, { requiredKeys: [] }),
      location: fc.array(fc.record({ location: fc.record({ reference: fhirString, display: fhirString }) }), { minLength: 1, maxLength: 2 }),
      hospitalization: fc.record({ dischargeDisposition: fc.record({ coding: fc.array(coding, { minLength: 1, maxLength: 2 }), text: fhirString }) }),
    })
    .map((fields) => ({ resourceType: 'Encounter', ...fields }));
  const messageBundle: fc.Arbitrary<FhirResource> = fc
    .tuple(fhirString, fc.array(fc.oneof(patient, encounter), { minLength: 1, maxLength: 3 }))
    .map(([id, resources]) => ({
      resourceType: 'Bundle',
      id: id.replace(/[^A-Za-z0-9-.]/g, 'x'),
      type: 'message',
      entry: [
        { fullUrl: 'urn:uuid:1', resource: { resourceType: 'MessageHeader', eventCoding: { code: 'x' }, focus: [{ reference: 'urn:uuid:2' }] } },
        ...resources.map((resource, i) => ({ fullUrl: `urn:uuid:${i + 2}`, resource })),
      ],
    }));

  test('parseFhirXml(toFhirXml(x)) equals x for the shapes the feed reads (property)', () => {
    fc.assert(
      fc.property(messageBundle, (bundle) => {
        expect(parseFhirXml(toFhirXml(bundle))).toEqual(bundle);
      }),
      { numRuns: 200 },
    );
  });

  test('JSON and XML readings of one resource are equal (property)', () => {
    fc.assert(
      fc.property(messageBundle, (bundle) => {
        expect(parseFhirXml(toFhirXml(bundle))).toEqual(parseFhirJson(JSON.stringify(bundle)));
      }),
      { numRuns: 100 },
    );
  });
});
