import { HttpError } from './http-error.js';
import { firstInvalidUtf8Byte } from './utf8.js';

const PERCENT_ESCAPE = /^%[0-9A-Fa-f]{2}/;

/**
 * Refuses a query string whose parameters are not percent-encoded UTF-8
 * (GraphQL over HTTP, GET: application/x-www-form-urlencoded, WHATWG URL §5.1),
 * naming the parameter and the offset. URLSearchParams would quietly turn a
 * bad %-escape or byte into U+FFFD, which graphql-js then reports as a
 * character the client never sent.
 *
 * `search` is a WHATWG URL's, so ASCII: the URL parser %-encodes anything else.
 */
export function checkQueryString(search: string): void {
  const text = search.startsWith('?') ? search.slice(1) : search;
  const bytes: number[] = [];
  const offsets: number[] = [];
  for (let at = 0; at < text.length; at++) {
    offsets.push(at);
    if (text[at] !== '%') {
      bytes.push(text.charCodeAt(at));
      continue;
    }
    if (!PERCENT_ESCAPE.test(text.slice(at, at + 3))) throw fault(text, at, 'a "%" not followed by two hex digits');
    bytes.push(Number.parseInt(text.slice(at + 1, at + 3), 16));
    at += 2;
  }
  const bad = firstInvalidUtf8Byte(Uint8Array.from(bytes));
  if (bad >= 0) throw fault(text, offsets[bad]!, '%-encoded bytes that are not UTF-8');
}

function fault(text: string, offset: number, problem: string): HttpError {
  const pairStart = text.lastIndexOf('&', offset) + 1;
  const parameter = text.slice(pairStart).split(/[=&]/, 1)[0];
  return new HttpError(400, 'BAD_REQUEST', `The query string has ${problem} at offset ${offset} after the "?", in the "${parameter}" parameter`);
}
