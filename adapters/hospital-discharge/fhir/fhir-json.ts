/**
 * FHIR JSON (https://hl7.org/fhir/R4/json.html) read into the same shape as
 * parseFhirXml gives: checked to be a resource, nested no deeper than
 * MAX_NESTING_DEPTH, with property names FHIR can have, and with resource
 * narratives dropped as the XML reader drops them.
 */
import { FeedMessageError } from '../../../src/inbox/ports.js';
import { FHIR_RESOURCE_TYPE, type FhirElement, type FhirResource, type FhirValue, MAX_NESTING_DEPTH, setOwn } from './fhir-resource.js';

/** `_given` carries a primitive's extensions; DSTU2 JSON also has `fhir_comments`. */
const FHIR_JSON_NAME = /^_?[a-z][A-Za-z0-9_]*$/;

export function parseFhirJson(text: string): FhirResource {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw malformed(text, (error as Error).message);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new FeedMessageError('REFUSE', { path: 'JSON' }, 'a FHIR resource is a JSON object');
  }
  const resourceType = (json as Record<string, unknown>).resourceType;
  if (typeof resourceType !== 'string' || !FHIR_RESOURCE_TYPE.test(resourceType)) {
    throw new FeedMessageError('REFUSE', { path: 'JSON' }, 'a FHIR resource has a resourceType');
  }
  return readValue(json, resourceType, 0) as FhirResource;
}

/**
 * V8 gives a position for some syntax errors and quotes the text for others;
 * the reason never repeats the text, which may hold a patient's details.
 */
function malformed(text: string, message: string): FeedMessageError {
  const position = /at position (\d+)/.exec(message)?.[1];
  const token = /^Unexpected token '(.+?)'/.exec(message)?.[1];
  const what = token !== undefined ? `unexpected '${token}'` : message.replace(/ in JSON at position \d+.*$/s, '').replace(/,? ".*$/s, '');
  if (position === undefined) return new FeedMessageError('REFUSE', { path: 'JSON' }, `not valid JSON: ${what}`);
  const before = text.slice(0, Number(position));
  const line = before.split('\n').length;
  const column = Number(position) - before.lastIndexOf('\n');
  return new FeedMessageError('REFUSE', { path: `JSON line ${line} column ${column}` }, `not valid JSON: ${what}`);
}

/**
 * "Strings SHALL NOT contain Unicode character points below 32, except for
 * u0009 (horizontal tab), u0010 (carriage return) and u0013 (line feed)"
 * (https://hl7.org/fhir/R4/datatypes.html#string), and JSON's `\ud800` escape
 * can write half a surrogate pair, which is no character at all. NUL among
 * them is what the store cannot hold.
 */
const NOT_FHIR_STRING = /[^\t\n\r\u0020-\uD7FF\uE000-\u{10FFFF}]/u;

function readValue(value: unknown, path: string, depth: number): FhirValue {
  if (typeof value === 'string') return readString(value, path);
  if (typeof value !== 'object' || value === null) return value as FhirValue;
  if (depth >= MAX_NESTING_DEPTH) {
    throw new FeedMessageError('REFUSE', { path }, `objects and arrays are nested more than ${MAX_NESTING_DEPTH} deep`);
  }
  if (Array.isArray(value)) return value.map((item, index) => readValue(item, `${path}[${index}]`, depth + 1));
  const source = value as Record<string, unknown>;
  const isResource = typeof source.resourceType === 'string';
  const element: FhirElement = {};
  for (const [name, child] of Object.entries(source)) {
    if (name === 'resourceType' && isResource) {
      setOwn(element, name, child as string);
      continue;
    }
    if (!FHIR_JSON_NAME.test(name)) throw new FeedMessageError('REFUSE', { path }, `"${name.slice(0, 40)}" is not a FHIR element name`);
    const read = readValue(child, `${path}.${name}`, depth + 1);
    // The resource's XHTML narrative, dropped as parseFhirXml drops it: read first, to the same rules as the XML's text.
    if (isResource && name === 'text' && typeof child === 'object') continue;
    setOwn(element, name, read);
  }
  return element;
}

function readString(value: string, path: string): string {
  const found = NOT_FHIR_STRING.exec(value)?.[0];
  if (found === undefined) return value;
  const codePoint = `U+${found.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  throw new FeedMessageError('REFUSE', { path }, `a FHIR string may not hold ${codePoint} (only tab, LF and CR below U+0020, and no half surrogate pair)`, '102');
}
