/**
 * FHIR XML to and from the JSON shape (https://hl7.org/fhir/R4/xml.html):
 *
 * - a primitive's value is its `value` attribute (`<birthDate value="1950-01-01"/>`
 *   is `"birthDate": "1950-01-01"`); its `id` and extensions go to `_birthDate`;
 * - the root element's name is `resourceType`, and an element whose one child
 *   is a resource (`<resource><Patient>`, `<contained>`) holds that resource;
 * - `id` and an extension's `url` are attributes on complex elements; a
 *   resource's own id is an `<id value>` element, read the same way;
 * - repeating elements become arrays as `repeating-elements.ts` says;
 * - booleans and numbers are typed for the elements named below, the rest
 *   stay strings, as the translator never reads a number;
 * - the XHTML narrative (`<text><div xmlns="http://www.w3.org/1999/xhtml">`)
 *   is dropped here and in `parseFhirJson`: the hub never shows it, and
 *   dropping it on both sides keeps the two readings equal.
 *
 * Before parsing, the text must be well-formed, have no DOCTYPE or ENTITY
 * declaration and be nested no deeper than MAX_NESTING_DEPTH
 * (`src/xml/safe-xml.ts`).
 */
import { XMLBuilder } from 'fast-xml-parser';
import { FeedMessageError } from '../../../src/inbox/ports.js';
import { DOCUMENT_ORDER, safeXmlParser, XmlRefusedError } from '../../../src/xml/safe-xml.js';
import {
  FHIR_ELEMENT_NAME,
  FHIR_NAMESPACE,
  FHIR_RESOURCE_TYPE,
  type FhirElement,
  type FhirPrimitive,
  type FhirResource,
  type FhirValue,
  isFhirElement,
  isFhirResource,
  MAX_NESTING_DEPTH,
  setOwn,
} from './fhir-resource.js';
import { isRepeatingElement } from './repeating-elements.js';

const XHTML_NAMESPACE = 'http://www.w3.org/1999/xhtml';

/** Boolean primitives among the elements the hub reads or builds. */
const BOOLEAN_ELEMENTS: ReadonlySet<string> = new Set([
  'active',
  'deceasedBoolean',
  'multipleBirthBoolean',
  'valueBoolean',
  'preferred',
  'userSelected',
  'experimental',
]);

/** Integer and decimal primitives among the elements the hub reads or builds. */
const NUMBER_ELEMENTS: ReadonlySet<string> = new Set([
  'valueInteger',
  'valueDecimal',
  'valuePositiveInt',
  'valueUnsignedInt',
  'multipleBirthInteger',
  'rank',
  'total',
  'size',
  'count',
  'countMax',
  'duration',
  'durationMax',
  'frequency',
  'frequencyMax',
  'period',
  'periodMax',
  'offset',
]);

/** FHIR's decimal and integer lexical form. */
const FHIR_NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

/** fast-xml-parser's preserve-order node: `{ [tagName]: children, ':@': attributes }` or `{ '#text': text }`. */
type XmlNode = Record<string, unknown>;
const ATTRIBUTES = ':@';
const TEXT = '#text';

interface XmlElement {
  name: string;
  children: XmlNode[];
  attributes: Record<string, string>;
}

const parseXml = safeXmlParser(DOCUMENT_ORDER, MAX_NESTING_DEPTH);

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
});

export function parseFhirXml(text: string): FhirResource {
  const roots = parseNodes(text).flatMap((node) => asElement(node) ?? []);
  const root = roots[0];
  if (roots.length !== 1 || root === undefined) {
    throw new FeedMessageError('REFUSE', { path: 'XML' }, `a FHIR XML document has one root element, not ${roots.length}`);
  }
  if (root.attributes.xmlns !== FHIR_NAMESPACE) {
    throw new FeedMessageError('REFUSE', { path: root.name }, `the root element is not in the FHIR namespace (${FHIR_NAMESPACE})`);
  }
  return readResource(root, root.name);
}

function parseNodes(text: string): XmlNode[] {
  try {
    return parseXml(text) as XmlNode[];
  } catch (error) {
    if (error instanceof XmlRefusedError) throw new FeedMessageError('REFUSE', { path: error.location }, error.reason);
    throw error;
  }
}

function asElement(node: XmlNode): XmlElement | null {
  const name = Object.keys(node).find((key) => key !== ATTRIBUTES);
  if (name === undefined || name === TEXT) return null;
  return { name, children: node[name] as XmlNode[], attributes: (node[ATTRIBUTES] ?? {}) as Record<string, string> };
}

/** Where the reader is: the enclosing resource, the element names from it, and the FHIRPath for errors. */
interface Place {
  resourceType: string;
  within: string[];
  path: string;
}

function readResource(element: XmlElement, path: string): FhirResource {
  if (!FHIR_RESOURCE_TYPE.test(element.name)) {
    throw new FeedMessageError('REFUSE', { path }, `<${element.name}> is not a FHIR resource name`);
  }
  const resource: FhirResource = { resourceType: element.name };
  readChildren(element.children, { resourceType: element.name, within: [], path }, resource);
  return resource;
}

/** A primitive's value (null where it has only extensions) and its `_name` part, or a complex element. */
interface ReadValue {
  value: FhirValue | null;
  primitiveExtras: FhirElement | null;
}

function readChildren(nodes: XmlNode[], place: Place, target: FhirElement): void {
  const byName = new Map<string, XmlElement[]>();
  for (const node of nodes) {
    const element = asElement(node);
    if (element === null) {
      if (String(node[TEXT]).trim() !== '') {
        throw new FeedMessageError('REFUSE', { path: place.path }, 'FHIR XML carries values in value attributes, not as text content');
      }
      continue;
    }
    if (isNarrative(element, place)) continue;
    if (!FHIR_ELEMENT_NAME.test(element.name)) {
      throw new FeedMessageError('REFUSE', { path: `${place.path}.${element.name}` }, `<${element.name}> is not a FHIR element name`);
    }
    const same = byName.get(element.name);
    if (same) same.push(element);
    else byName.set(element.name, [element]);
  }
  for (const [name, elements] of byName) {
    const repeating = elements.length > 1 || isRepeatingElement(place.resourceType, place.within, name);
    const values = elements.map((element, index) =>
      readElement(element, { ...place, within: [...place.within, name], path: `${place.path}.${name}${repeating ? `[${index}]` : ''}` }),
    );
    const extras = values.map((v) => v.primitiveExtras);
    if (repeating) {
      setOwn(target, name, values.map((v) => v.value));
      if (extras.some((e) => e !== null)) setOwn(target, `_${name}`, extras);
    } else {
      const [only] = values;
      if (only?.value != null) setOwn(target, name, only.value);
      if (only?.primitiveExtras) setOwn(target, `_${name}`, only.primitiveExtras);
    }
  }
}

/** The resource's XHTML narrative: dropped (see the file comment). */
function isNarrative(element: XmlElement, place: Place): boolean {
  if (element.attributes.xmlns === XHTML_NAMESPACE) return true;
  return place.within.length === 0 && element.name === 'text' && element.attributes.value === undefined;
}

function readElement(element: XmlElement, place: Place): ReadValue {
  const { value, id, url } = element.attributes;
  if (value !== undefined) {
    const extras: FhirElement = {};
    if (id !== undefined) extras.id = id;
    readChildren(element.children, place, extras);
    return { value: primitive(element.name, value), primitiveExtras: Object.keys(extras).length > 0 ? extras : null };
  }
  const children = element.children.flatMap((node) => asElement(node) ?? []);
  const [only] = children;
  if (children.length === 1 && only !== undefined && FHIR_RESOURCE_TYPE.test(only.name)) {
    return { value: readResource(only, place.path), primitiveExtras: null };
  }
  const complex: FhirElement = {};
  if (id !== undefined) complex.id = id;
  if (url !== undefined) complex.url = url;
  readChildren(element.children, place, complex);
  return { value: complex, primitiveExtras: null };
}

function primitive(name: string, text: string): FhirPrimitive {
  if (BOOLEAN_ELEMENTS.has(name) && (text === 'true' || text === 'false')) return text === 'true';
  if (NUMBER_ELEMENTS.has(name) && FHIR_NUMBER.test(text)) return Number(text);
  return text;
}

/** FHIR XML for a resource in the JSON shape, by the same rules as parseFhirXml. */
export function toFhirXml(resource: FhirResource): string {
  const declaration: XmlNode = { '?xml': [{ [TEXT]: '' }], [ATTRIBUTES]: { version: '1.0', encoding: 'UTF-8' } };
  return builder.build([declaration, resourceNode(resource, { xmlns: FHIR_NAMESPACE })]);
}

/** FHIR's element order puts these first; the rest keep the JSON's order, which senders write in schema order. */
const RESOURCE_HEAD = ['id', 'meta', 'implicitRules', 'language', 'contained', 'extension', 'modifierExtension'];
const ELEMENT_HEAD = ['extension', 'modifierExtension'];

function resourceNode(resource: FhirResource, attributes: Record<string, string> = {}): XmlNode {
  return xmlNode(resource.resourceType, childNodes(resource, RESOURCE_HEAD, new Set(['resourceType', 'text'])), attributes);
}

function childNodes(element: FhirElement, head: readonly string[], skip: ReadonlySet<string>): XmlNode[] {
  const names = [...new Set(Object.keys(element).map((key) => key.replace(/^_/, '')))].filter((name) => !skip.has(name));
  const ordered = [...head.filter((name) => names.includes(name)), ...names.filter((name) => !head.includes(name))];
  return ordered.flatMap((name) => elementNodes(name, element[name], element[`_${name}`]));
}

function elementNodes(name: string, value: FhirValue | undefined, extras: FhirValue | undefined): XmlNode[] {
  if (Array.isArray(value) || Array.isArray(extras)) {
    const values = Array.isArray(value) ? value : [];
    const extrasList = Array.isArray(extras) ? extras : [];
    return Array.from({ length: Math.max(values.length, extrasList.length) }, (_, i) => elementNode(name, values[i] ?? null, extrasList[i] ?? null));
  }
  return [elementNode(name, value ?? null, extras ?? null)];
}

function elementNode(name: string, value: FhirValue, extras: FhirValue): XmlNode {
  if (isFhirResource(value)) return xmlNode(name, [resourceNode(value)]);
  if (isFhirElement(value)) {
    const isExtension = name === 'extension' || name === 'modifierExtension';
    const attributes: Record<string, string> = {};
    if (typeof value.id === 'string') attributes.id = value.id;
    if (isExtension && typeof value.url === 'string') attributes.url = value.url;
    return xmlNode(name, childNodes(value, ELEMENT_HEAD, new Set(isExtension ? ['id', 'url'] : ['id'])), attributes);
  }
  const attributes: Record<string, string> = {};
  if (value !== null && !Array.isArray(value)) attributes.value = String(value);
  const extension = isFhirElement(extras) ? extras : {};
  if (typeof extension.id === 'string') attributes.id = extension.id;
  return xmlNode(name, childNodes(extension, ELEMENT_HEAD, new Set(['id'])), attributes);
}

function xmlNode(name: string, children: XmlNode[], attributes: Record<string, string> = {}): XmlNode {
  const node: XmlNode = { [name]: children };
  if (Object.keys(attributes).length > 0) node[ATTRIBUTES] = attributes;
  return node;
}
