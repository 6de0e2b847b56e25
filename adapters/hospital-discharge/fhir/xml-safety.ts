/**
 * Checks on FHIR XML text made before any XML parser sees it. FHIR XML never
 * has a DOCTYPE (https://hl7.org/fhir/R4/xml.html: "no DTD"), and a DOCTYPE is
 * how XML attacks arrive: external entities read files or URLs (XXE), nested
 * internal entities expand without bound ("billion laughs"). So any DOCTYPE or
 * ENTITY declaration is refused outright instead of trusting the parser's
 * entity limits. Nesting is bounded here too, so that the error names a line.
 */
import { FeedMessageError } from '../../../src/inbox/feed-message-error.js';

const DECLARATION = /<!\s*(DOCTYPE|ENTITY)/i;

export function refuseDeclarations(text: string): void {
  const match = DECLARATION.exec(text);
  if (match === null) return;
  throw new FeedMessageError(
    'REFUSE',
    { path: `XML line ${lineAt(text, match.index)}` },
    `${match[1]!.toUpperCase()} declarations are refused: FHIR XML has none, and they are how external-entity (XXE) and entity-expansion attacks arrive`,
  );
}

/**
 * Refuses elements nested deeper than `maxDepth`. Run after the validator has
 * found the text well-formed, so a tag is `<name ...>`, `<name .../>` or
 * `</name>` and only comments, CDATA and processing instructions need skipping.
 */
export function refuseDeepNesting(text: string, maxDepth: number): void {
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
      if (depth > maxDepth) {
        throw new FeedMessageError('REFUSE', { path: `XML line ${lineAt(text, at)}` }, `elements are nested more than ${maxDepth} deep`);
      }
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

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
