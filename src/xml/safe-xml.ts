/**
 * XML parsing that refuses hostile text before any parser sees it. None of the
 * XML the gateway reads has a DOCTYPE (FHIR XML has "no DTD",
 * https://hl7.org/fhir/R4/xml.html; the equipment supplier's contract forbids
 * one), and a DOCTYPE is how XML attacks arrive: external entities read files
 * or URLs (XXE), nested internal entities expand without bound ("billion
 * laughs"). So any DOCTYPE or ENTITY declaration is refused outright instead
 * of trusting the parser's entity limits. The text must then be well-formed
 * (fast-xml-parser's validator, which gives a line and column), refer to no
 * entity but XML's own five, and be nested no deeper than the reader's bound,
 * checked here too so that the error names a line and no recursive walk of
 * the result can exhaust the stack.
 */
import { XMLParser, XMLValidator, type X2jOptions } from 'fast-xml-parser';
import { GatewayError } from '../errors.js';

/** XML refused before or while parsing; `line` and `column` are 1-based, null where the parser gave no place. */
export class XmlRefusedError extends GatewayError {
  readonly code = 'XML_REFUSED';
  /** `XML line 3 column 7`, `XML line 3`, or `XML`: the place as readers report it. */
  readonly location: string;

  constructor(
    readonly line: number | null,
    readonly column: number | null,
    readonly reason: string,
  ) {
    const location = line === null ? 'XML' : `XML line ${line}${column === null ? '' : ` column ${column}`}`;
    super(`${location}: ${reason}`, { line, column });
    this.location = location;
  }
}

/**
 * Reading XML as written, in document order: fast-xml-parser's preserve-order
 * form, each element's attributes beside it (unprefixed), text and attribute
 * values as strings, untrimmed (so text split by CDATA or a comment joins up
 * as written), declarations and processing instructions dropped. For readers
 * that walk the tree themselves (FHIR XML, SOAP by namespace).
 */
export const DOCUMENT_ORDER: X2jOptions = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
};

/**
 * A parse function for `options` that runs the checks first and throws
 * XmlRefusedError for anything it refuses, the parser's own errors included.
 */
export function safeXmlParser(options: X2jOptions, maxDepth: number): (text: string) => unknown {
  const parser = new XMLParser({
    ...options,
    // fast-xml-parser decodes character references only with its HTML
    // entities on, which would also take `&nbsp;` and `&pound;`; so the
    // decoding is ours, and does what XML 1.0 §4.6 and §4.1 say, no more.
    htmlEntities: false,
    entityDecoder: XML_ENTITY_DECODER,
    // The parser's own nesting limit is a second bound behind refuseDeepNesting.
    maxNestedTags: maxDepth + 1,
  });
  return (text) => {
    refuseDeclarations(text);
    refuseNonCharacters(text);
    const valid = XMLValidator.validate(text);
    // The validator leaves out the column (and its types do not say so) where the text has no tag at all.
    if (valid !== true) throw new XmlRefusedError(valid.err.line ?? null, valid.err.col ?? null, `not well-formed XML: ${valid.err.msg}`);
    refuseUndefinedEntities(text);
    refuseDeepNesting(text, maxDepth);
    try {
      return parser.parse(text) as unknown;
    } catch (error) {
      throw new XmlRefusedError(null, null, `not readable as XML: ${(error as Error).message}`);
    }
  };
}

const DECLARATION = /<!\s*(DOCTYPE|ENTITY)/i;

function refuseDeclarations(text: string): void {
  const match = DECLARATION.exec(text);
  if (match === null) return;
  throw new XmlRefusedError(
    lineAt(text, match.index),
    null,
    `${match[1]!.toUpperCase()} declarations are refused: the XML the gateway reads has none, and they are how external-entity (XXE) and entity-expansion attacks arrive`,
  );
}

/**
 * XML 1.0 §2.2: `Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] |
 * [#x10000-#x10FFFF]`. Text holding anything else (NUL and the other C0
 * controls, which the store cannot keep either) is not XML, and a character
 * reference must name a Char too (§4.1, WFC: Legal Character). References
 * are looked for in comments and CDATA as well, where they would be literal
 * text: none of the XML the gateway reads has reason to write one there.
 */
const NOT_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const CHARACTER_REFERENCE = /&#(?:x([0-9A-Fa-f]+)|([0-9]+));/g;

function refuseNonCharacters(text: string): void {
  const found = NOT_CHAR.exec(text);
  if (found !== null) {
    const { line, column } = positionAt(text, found.index);
    throw new XmlRefusedError(line, column, `${codePointName(found[0].codePointAt(0)!)} is not a character XML may hold (XML 1.0 §2.2, Char)`);
  }
  for (const reference of text.matchAll(CHARACTER_REFERENCE)) {
    const [written, hex, decimal] = reference;
    const codePoint = hex === undefined ? Number(decimal) : Number.parseInt(hex, 16);
    if (codePoint <= 0x10ffff && !NOT_CHAR.test(String.fromCodePoint(codePoint))) continue;
    const { line, column } = positionAt(text, reference.index);
    throw new XmlRefusedError(line, column, `the character reference ${written.slice(0, 20)} is to ${codePointName(codePoint)}, not a character XML may hold (XML 1.0 §4.1)`);
  }
}

/**
 * XML 1.0 §4.6 predefines five entities, and with no DOCTYPE nothing can
 * declare another, so any other reference (`&nbsp;`, `&pound;`, HTML's) is a
 * well-formedness error (§4.1, WFC: Entity Declared), as is an `&` that
 * begins no reference, even in an attribute value, where the validator lets
 * it pass. Comments, CDATA sections and processing instructions hold no
 * references and are skipped; start tags are read whole, so that an
 * attribute value holding `<!--` hides nothing. Run after the validator:
 * tags and sections are then whole.
 */
const MARKUP_OR_AMPERSAND = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<[^!?/](?:[^>"']|"[^"]*"|'[^']*')*>|&/g;
const REFERENCE = /&(?:(amp|lt|gt|quot|apos)|#[0-9]+|#x[0-9A-Fa-f]+);/y;
/** Names as HTML's and most entities are: echoed in the reason, being markup; anything else is not repeated. */
const ENTITY_NAME = /&([A-Za-z][A-Za-z0-9]{0,31});/y;
const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function refuseUndefinedEntities(text: string): void {
  for (const found of text.matchAll(MARKUP_OR_AMPERSAND)) {
    const [written] = found;
    if (written.startsWith('<!') || written.startsWith('<?')) continue;
    for (let at = written.indexOf('&'); at !== -1; at = written.indexOf('&', at + 1)) refuseUnlessReference(text, found.index + at);
  }
}

function refuseUnlessReference(text: string, index: number): void {
  REFERENCE.lastIndex = index;
  if (REFERENCE.test(text)) return;
  ENTITY_NAME.lastIndex = index;
  const name = ENTITY_NAME.exec(text)?.[1];
  const { line, column } = positionAt(text, index);
  throw new XmlRefusedError(
    line,
    column,
    name === undefined
      ? 'an & that begins no entity or character reference (write &amp;)'
      : `the entity &${name}; is not one XML defines (only &amp; &lt; &gt; &quot; &apos; and character references such as &#163; are)`,
  );
}

/** One pass, so `&amp;nbsp;` is the text `&nbsp;` and is not decoded again. Checked text only: every reference is one of these. */
function decodeReferences(text: string): string {
  return text.replace(/&(?:(amp|lt|gt|quot|apos)|#x([0-9A-Fa-f]+)|#([0-9]+));/g, (_written, name: string | undefined, hex: string | undefined, decimal: string | undefined) =>
    name !== undefined ? PREDEFINED[name]! : String.fromCodePoint(hex !== undefined ? Number.parseInt(hex, 16) : Number(decimal)),
  );
}

/** The parser's hooks for DOCTYPE entities are never reached: a DOCTYPE is refused before parsing. */
const XML_ENTITY_DECODER: NonNullable<X2jOptions['entityDecoder']> = {
  decode: decodeReferences,
  setExternalEntities: refuseDeclaredEntities,
  addInputEntities: refuseDeclaredEntities,
  reset: () => undefined,
  setXmlVersion: () => undefined,
};

function refuseDeclaredEntities(): void {
  throw new Error('entity declarations are refused');
}

function codePointName(codePoint: number): string {
  return Number.isSafeInteger(codePoint) ? `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}` : 'a number past Unicode';
}

/**
 * Refuses elements nested deeper than `maxDepth`. Run after the validator has
 * found the text well-formed, so a tag is `<name ...>`, `<name .../>` or
 * `</name>` and only comments, CDATA and processing instructions need skipping.
 */
function refuseDeepNesting(text: string, maxDepth: number): void {
  let depth = 0;
  let at = text.indexOf('<');
  while (at !== -1) {
    const next = text[at + 1];
    let end: number;
    if (text.startsWith('<!--', at)) end = endOf(text, '-->', at);
    else if (text.startsWith('<![CDATA[', at)) end = endOf(text, ']]>', at);
    else if (next === '?' || next === '!') end = endOf(text, '>', at);
    else if (next === '/') {
      depth--;
      end = endOf(text, '>', at);
    } else {
      end = tagEnd(text, at) + 1;
      if (text[end - 2] !== '/') depth++;
      if (depth > maxDepth) throw new XmlRefusedError(lineAt(text, at), null, `elements are nested more than ${maxDepth} deep`);
    }
    at = text.indexOf('<', end);
  }
}

/** The index just past `token` from `from`, or the end of the text. */
function endOf(text: string, token: string, from: number): number {
  const found = text.indexOf(token, from);
  return found === -1 ? text.length : found + token.length;
}

/** The index of the `>` closing the start tag at `start`, skipping quoted attribute values (which may hold `>`). */
function tagEnd(text: string, start: number): number {
  let quote: string | null = null;
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (quote !== null) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
  }
  return text.length;
}

/** 1-based line and column (in UTF-16 units, as the validator counts) of the character at `index`. */
function positionAt(text: string, index: number): { line: number; column: number } {
  return { line: lineAt(text, index), column: index - text.lastIndexOf('\n', index - 1) };
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
