/**
 * Reading SOAP XML by namespace URI. A SOAP server may write the envelope as
 * `soap:`, `s:` or `SOAP-ENV:`, and the service's elements with a prefix or
 * under a default namespace, so a prefix means nothing until it is resolved
 * against the `xmlns` declarations in scope. This resolves every element's
 * name to (namespace URI, local name) and gives a cursor that finds children
 * by that pair and knows its XML path (`Envelope/Body/GetClientSummariesResponse/ClientSummary[2]/Case/Status`,
 * local names only, so that the path is the same whatever the prefixes).
 *
 * The equipment supplier's `ElementReader` finds children by their literal
 * names and throws its own SupplierXmlError, so it cannot serve here; the
 * shared value formats (`../../wire-formats.ts`: `Format`, `TEXT_VALUE`,
 * `DATE`, ...) can, and are used.
 *
 * As there, error messages name the place and what was expected, never the
 * value found: values are people's details, and the messages are logged.
 */
import { GatewayError } from '../../../src/errors.js';
import { DOCUMENT_ORDER, safeXmlParser } from '../../../src/xml/safe-xml.js';
import type { Format } from '../../wire-formats.js';

/** A CareFirst message that is well-formed XML but not the contract. */
export class CareFirstXmlError extends GatewayError {
  readonly code = 'CAREFIRST_XML_INVALID';
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`${path}: ${reason}`, { path });
  }
}

/** An element's expanded name; `namespace` null for an element in no namespace (a SOAP 1.1 Fault's children). */
export interface XmlName {
  namespace: string | null;
  local: string;
}

/** The contract's deepest element is eight levels down (Envelope/Body/.../Service/HoursPerWeek); this leaves room for extensions. */
const MAX_DEPTH = 16;
/** Bound to this URI in every document without being declared (Namespaces in XML 1.0, section 3). */
const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
const TEXT = '#text';
const ATTRIBUTES = ':@';

// Document order across differently named siblings, and each element's own
// attributes beside it: both needed to resolve prefixes element by element.
const parseXml = safeXmlParser(DOCUMENT_ORDER, MAX_DEPTH);

/** One node of fast-xml-parser's ordered output: `{ tag: children, ':@': attributes }` or `{ '#text': text }`. */
type ParsedNode = Record<string, unknown>;
/** Prefix ('' for the default namespace) to URI; null where `xmlns=""` undeclares the default. */
type Scope = ReadonlyMap<string, string | null>;

/** The one root element of `xml`. Throws XmlRefusedError for hostile or malformed XML, CareFirstXmlError for an undeclared prefix. */
export function readNamespacedDocument(xml: string): NamespacedElement {
  const elements = (parseXml(xml) as ParsedNode[]).filter((node) => !Object.hasOwn(node, TEXT));
  const [root] = elements;
  if (elements.length !== 1 || root === undefined) throw new CareFirstXmlError('/', 'a message has exactly one root element');
  // Until a default namespace is declared, unprefixed names are in no namespace.
  return NamespacedElement.resolve(root, new Map([['', null], ['xml', XML_NAMESPACE]]), null);
}

/** One element with its name resolved, read by (namespace, local name) with its path kept for errors. */
export class NamespacedElement {
  private resolvedChildren: NamespacedElement[] | null = null;

  private constructor(
    readonly name: XmlName,
    readonly path: string,
    private readonly scope: Scope,
    private readonly content: ParsedNode[],
  ) {}

  /** `node` under a parent with `scope` at `parentPath` (null for the root). */
  static resolve(node: ParsedNode, parentScope: Scope, parentPath: string | null): NamespacedElement {
    const tag = Object.keys(node).find((key) => key !== ATTRIBUTES)!;
    const scope = withDeclarations(parentScope, node[ATTRIBUTES]);
    const { prefix, local } = splitQualifiedName(tag);
    const here = parentPath === null ? local : `${parentPath}/${local}`;
    if (local === '' || local.includes(':')) throw new CareFirstXmlError(here, 'is not a well-formed qualified name');
    const namespace = scope.get(prefix);
    if (namespace === undefined) throw new CareFirstXmlError(here, `uses the namespace prefix ${prefix}, which is not declared`);
    return new NamespacedElement({ namespace, local }, here, scope, node[tag] as ParsedNode[]);
  }

  /** Every child element, in document order, each path without a position. */
  elements(): NamespacedElement[] {
    this.resolvedChildren ??= this.content
      .filter((node) => !Object.hasOwn(node, TEXT))
      .map((node) => NamespacedElement.resolve(node, this.scope, this.path));
    return this.resolvedChildren;
  }

  /** Whether this element is `name`. */
  is(name: XmlName): boolean {
    return this.name.namespace === name.namespace && this.name.local === name.local;
  }

  /** Every child `name` (a string is a local name in this element's own namespace), with 1-based positions in their paths. */
  children(name: string | XmlName): NamespacedElement[] {
    const wanted = this.expand(name);
    return this.elements()
      .filter((element) => element.is(wanted))
      .map((element, index) => new NamespacedElement(element.name, `${element.path}[${index + 1}]`, element.scope, element.content));
  }

  /** The child `name`, which the contract says is there once. */
  child(name: string | XmlName): NamespacedElement {
    return this.optionalChild(name) ?? this.fail('is missing', this.expand(name).local);
  }

  /** The child `name` where the contract allows it to be left out, else null. */
  optionalChild(name: string | XmlName): NamespacedElement | null {
    const wanted = this.expand(name);
    const found = this.elements().filter((element) => element.is(wanted));
    if (found.length > 1) this.fail(`appears ${found.length} times where the contract has it once`, wanted.local);
    return found[0] ?? null;
  }

  /** The element's own text (CDATA included), trimmed; empty when it has none. */
  text(): string {
    return this.content
      .map((node) => node[TEXT])
      .filter((text): text is string => typeof text === 'string')
      .join('')
      .trim();
  }

  /** The element's text as `format`; an empty element has no value. */
  value<T>(format: Format<T>): T {
    const text = this.text();
    if (text === '') this.fail('is empty');
    return format.read(text) ?? this.fail(`is not ${format.expected}`);
  }

  /** The required child `name`'s value. */
  childValue<T>(name: string | XmlName, format: Format<T>): T {
    return this.child(name).value(format);
  }

  /** The child `name`'s value, or null where it is left out or empty. */
  optionalChildValue<T>(name: string | XmlName, format: Format<T>): T | null {
    const child = this.optionalChild(name);
    return child === null || child.text() === '' ? null : child.value(format);
  }

  /** The text as a qualified name (`soap:Client`), its prefix resolved in this element's scope as XML Schema's QName is. */
  qualifiedNameValue(): XmlName {
    const { prefix, local } = splitQualifiedName(this.text());
    const namespace = this.scope.get(prefix);
    if (local === '' || local.includes(':')) this.fail('is not a qualified name');
    if (namespace === undefined) this.fail(`uses the namespace prefix ${prefix}, which is not declared`);
    return { namespace, local };
  }

  /** Throws a CareFirstXmlError at this element, or at `below` it. */
  fail(reason: string, below?: string): never {
    throw new CareFirstXmlError(below === undefined ? this.path : `${this.path}/${below}`, reason);
  }

  private expand(name: string | XmlName): XmlName {
    return typeof name === 'string' ? { namespace: this.name.namespace, local: name } : name;
  }
}

function splitQualifiedName(name: string): { prefix: string; local: string } {
  const colon = name.indexOf(':');
  return colon === -1 ? { prefix: '', local: name } : { prefix: name.slice(0, colon), local: name.slice(colon + 1) };
}

/** `scope` with the `xmlns` and `xmlns:p` attributes of an element added. */
function withDeclarations(scope: Scope, attributes: unknown): Scope {
  if (typeof attributes !== 'object' || attributes === null) return scope;
  const declared = Object.entries(attributes as Record<string, unknown>).filter(([name]) => name === 'xmlns' || name.startsWith('xmlns:'));
  if (declared.length === 0) return scope;
  const next = new Map(scope);
  for (const [name, uri] of declared) {
    const value = typeof uri === 'string' ? uri.trim() : '';
    next.set(name === 'xmlns' ? '' : name.slice('xmlns:'.length), value === '' ? null : value);
  }
  return next;
}
