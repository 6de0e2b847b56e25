/**
 * Reading the supplier's XML: the safe parse (src/xml/safe-xml.ts), then an
 * element cursor that knows its XML path (`OrderRequest/Lines/Line[2]/Quantity`)
 * so that every problem is a SupplierXmlError naming where it is. The
 * translation (`translate.ts`) says what each message holds; this says how a
 * value is found, and the shared formats (`../wire-formats.ts`) how it is
 * checked.
 *
 * Error messages name the place and what was expected, never the value found:
 * the values are people's details (names, dates of birth, key safe codes),
 * and these messages are logged.
 */
import { GatewayError } from '../../src/errors.js';
import { safeXmlParser } from '../../src/xml/safe-xml.js';
import type { Format } from '../wire-formats.js';

/** A supplier message that is well-formed XML but not the contract. */
export class SupplierXmlError extends GatewayError {
  readonly code = 'SUPPLIER_XML_INVALID';
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`${path}: ${reason}`, { path });
  }
}

/** The contract's deepest element is OrderRequest/Lines/Line/Quantity; this leaves room for extensions. */
const MAX_DEPTH = 16;

const TEXT = '#text';
const ATTRIBUTE = '@';

const parseXml = safeXmlParser(
  {
    ignoreAttributes: false,
    attributeNamePrefix: ATTRIBUTE,
    textNodeName: TEXT,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    // Every element as a list of objects, so that one shape serves elements
    // that repeat, elements that must not, and elements with attributes.
    isArray: (_name, _path, _isLeaf, isAttribute) => !isAttribute,
    alwaysCreateTextNode: true,
  },
  MAX_DEPTH,
);

/** fast-xml-parser's reading of one element under the options above. */
type ParsedElement = Record<string, unknown>;

/** The one root element of `xml`. Throws XmlRefusedError for hostile or malformed XML. */
export function readDocument(xml: string): ElementReader {
  const document = parseXml(xml) as ParsedElement;
  const roots = Object.keys(document).filter((key) => key !== TEXT);
  const [name] = roots;
  const elements = name === undefined ? [] : (document[name] as ParsedElement[]);
  const [root] = elements;
  if (roots.length !== 1 || elements.length !== 1 || name === undefined || root === undefined) {
    throw new SupplierXmlError('/', 'a message has exactly one root element');
  }
  return new ElementReader(name, root, name);
}

/** One element of a message, read by name with its path kept for errors. */
export class ElementReader {
  constructor(
    readonly name: string,
    private readonly element: ParsedElement,
    readonly path: string,
  ) {}

  /** The child `name`, which the contract says is there once. */
  child(name: string): ElementReader {
    return this.optionalChild(name) ?? this.fail('is missing', name);
  }

  /** The child `name` where the contract allows it to be left out, else null. */
  optionalChild(name: string): ElementReader | null {
    const found = this.elements(name);
    if (found.length > 1) this.fail(`appears ${found.length} times where the contract has it once`, name);
    const [only] = found;
    return only === undefined ? null : new ElementReader(name, only, `${this.path}/${name}`);
  }

  /** Every child `name`, in document order, with 1-based positions in their paths. */
  children(name: string): ElementReader[] {
    return this.elements(name).map((element, index) => new ElementReader(name, element, `${this.path}/${name}[${index + 1}]`));
  }

  /** The element's own text, trimmed; empty when it has none. */
  text(): string {
    const text = this.element[TEXT];
    return typeof text === 'string' ? text.trim() : '';
  }

  /** The element's text as `format`; an empty element has no value. */
  value<T>(format: Format<T>): T {
    const text = this.text();
    if (text === '') this.fail('is empty');
    return format.read(text) ?? this.fail(`is not ${format.expected}`);
  }

  /** The required child `name`'s value. */
  childValue<T>(name: string, format: Format<T>): T {
    return this.child(name).value(format);
  }

  /** The child `name`'s value, or null where it is left out or empty. */
  optionalChildValue<T>(name: string, format: Format<T>): T | null {
    const child = this.optionalChild(name);
    return child === null || child.text() === '' ? null : child.value(format);
  }

  /** The required attribute `name`'s value. */
  attribute<T>(name: string, format: Format<T>): T {
    return this.optionalAttribute(name, format) ?? this.fail('is missing', `@${name}`);
  }

  /** The attribute `name`'s value, or null where it is left out. */
  optionalAttribute<T>(name: string, format: Format<T>): T | null {
    const text = this.element[`${ATTRIBUTE}${name}`];
    if (typeof text !== 'string') return null;
    return format.read(text.trim()) ?? this.fail(`is not ${format.expected}`, `@${name}`);
  }

  /** Throws a SupplierXmlError at this element, or at `below` it (`Slot`, `@number`). */
  fail(reason: string, below?: string): never {
    throw new SupplierXmlError(below === undefined ? this.path : `${this.path}/${below}`, reason);
  }

  private elements(name: string): ParsedElement[] {
    // Own properties only, so that a name such as `toString` finds no element rather than Object.prototype.
    return Object.hasOwn(this.element, name) ? (this.element[name] as ParsedElement[]) : [];
  }
}
