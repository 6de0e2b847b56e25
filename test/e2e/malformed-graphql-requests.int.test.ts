/**
 * Malformed GraphQL requests, sent as raw HTTP to the real gateway in
 * production mode: every one is answered with a 4xx and an `extensions.code`,
 * never a 5xx, says what was wrong, and hints at nothing in the schema.
 */
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, type TestStorePlace } from '../support/stores.js';

interface RawRequest {
  method?: string;
  /** The request target's query string, exactly as sent (percent-encoding included). */
  search?: string;
  /** Sent as given; a valid bearer token is added unless `authorization` is set here. */
  headers?: Record<string, string>;
  body?: string | Buffer;
}

interface Refusal {
  status: number;
  code: string;
  /** What the first error's message must say. */
  message: RegExp;
}

const JSON_TYPE = { 'content-type': 'application/json' };
const post = (body: unknown): RawRequest => ({ method: 'POST', headers: JSON_TYPE, body: JSON.stringify(body) });
const get = (params: Record<string, string>): RawRequest => ({ search: `?${new URLSearchParams(params).toString()}` });

/** A body whose variable `x` is nested `levels` deep, written out by hand: JSON.stringify would overflow the stack. */
const deepVariables = (query: string, levels: number): RawRequest => ({
  method: 'POST',
  headers: JSON_TYPE,
  body: `{"query":${JSON.stringify(query)},"variables":{"x":${'['.repeat(levels)}0${']'.repeat(levels)}}}`,
});

const MALFORMED: [string, RawRequest, Refusal][] = [
  // What the body and query string hold
  ['an empty body', { method: 'POST', headers: JSON_TYPE, body: '' }, { status: 400, code: 'BAD_REQUEST', message: /not valid JSON/ }],
  ['a body that is not JSON', { method: 'POST', headers: JSON_TYPE, body: '{"query": ' }, { status: 400, code: 'BAD_REQUEST', message: /not valid JSON/ }],
  ['JSON null', { method: 'POST', headers: JSON_TYPE, body: 'null' }, { status: 400, code: 'BAD_REQUEST', message: /POST body missing/ }],
  ['an empty JSON object', post({}), { status: 400, code: 'BAD_REQUEST', message: /POST body missing/ }],
  ['a batch (an array of requests)', post([{ query: '{ viewer { role } }' }]), { status: 400, code: 'BAD_REQUEST', message: /batching disabled/ }],
  ['an empty query', post({ query: '' }), { status: 400, code: 'BAD_REQUEST', message: /non-empty `query`/ }],
  ['a query that is a number', post({ query: 1 }), { status: 400, code: 'BAD_REQUEST', message: /queries must be strings/ }],
  ['a query that is a parsed document', post({ query: { kind: 'Document', definitions: [] } }), { status: 400, code: 'BAD_REQUEST', message: /queries must be strings/ }],
  ['variables that are an array', post({ query: '{ viewer { role } }', variables: [1] }), { status: 400, code: 'BAD_REQUEST', message: /`variables` .* must be an object/ }],
  ['variables that are a JSON string', post({ query: '{ viewer { role } }', variables: '{}' }), { status: 400, code: 'BAD_REQUEST', message: /`variables` .* not a recursively JSON-encoded string/ }],
  ['extensions that are a number', post({ query: '{ viewer { role } }', extensions: 5 }), { status: 400, code: 'BAD_REQUEST', message: /`extensions` .* must be an object/ }],
  ['an operationName that is a number', post({ query: '{ viewer { role } }', operationName: 5 }), { status: 400, code: 'BAD_REQUEST', message: /`operationName` .* must be a string/ }],
  ['no query in a GET', { search: '' }, { status: 400, code: 'BAD_REQUEST', message: /non-empty `query`/ }],
  ['a GET with the query twice', { search: '?query=%7Bviewer%7Brole%7D%7D&query=x' }, { status: 400, code: 'BAD_REQUEST', message: /may only be specified once/ }],
  ['GET variables that are not JSON', get({ query: '{ viewer { role } }', variables: '{' }), { status: 400, code: 'BAD_REQUEST', message: /variables search parameter contains invalid JSON/ }],
  ['GET variables that are an array', get({ query: '{ viewer { role } }', variables: '[]' }), { status: 400, code: 'BAD_REQUEST', message: /should contain a JSON-encoded object/ }],
  // Headers and methods
  ['a body of text/plain', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"query":"{ viewer { role } }"}' }, { status: 400, code: 'BAD_REQUEST', message: /invalid Content-Type/ }],
  ['a body of application/graphql', { method: 'POST', headers: { 'content-type': 'application/graphql' }, body: '{ viewer { role } }' }, { status: 400, code: 'BAD_REQUEST', message: /invalid Content-Type/ }],
  ['a form body', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'query=%7Bviewer%7Brole%7D%7D' }, { status: 400, code: 'BAD_REQUEST', message: /invalid Content-Type/ }],
  ['a body with no content type', { method: 'POST', body: '{"query":"{ viewer { role } }"}' }, { status: 400, code: 'BAD_REQUEST', message: /invalid Content-Type/ }],
  ['a gzipped body (no content coding is taken)', { method: 'POST', headers: { ...JSON_TYPE, 'content-encoding': 'gzip' }, body: gzipSync('{"query":"{ viewer { role } }"}') }, { status: 400, code: 'BAD_REQUEST', message: /not UTF-8/ }],
  ['a GET with a content type', { search: '?query=%7Bviewer%7Brole%7D%7D', headers: { 'content-type': 'text/plain' } }, { status: 415, code: 'BAD_REQUEST', message: /may not have a content-type/ }],
  ['an Accept nothing GraphQL answers in', { ...post({ query: '{ viewer { role } }' }), headers: { ...JSON_TYPE, accept: 'application/xml' } }, { status: 406, code: 'BAD_REQUEST', message: /'accept' header/ }],
  ['a mutation by GET', get({ query: 'mutation { closeReferral(input: { referralId: "x", reason: "y" }) { id } }' }), { status: 405, code: 'BAD_REQUEST', message: /GET requests only support query operations/ }],
  ['PUT', { method: 'PUT', headers: JSON_TYPE, body: '{}' }, { status: 405, code: 'METHOD_NOT_ALLOWED', message: /takes GET or POST/ }],
  // The document
  ['an operationName naming nothing', post({ query: 'query A { viewer { role } }', operationName: 'B' }), { status: 400, code: 'OPERATION_RESOLUTION_FAILURE', message: /Unknown operation named "B"/ }],
  ['two named operations and no operationName', post({ query: 'query A { viewer { role } } query B { viewer { role } }' }), { status: 400, code: 'OPERATION_RESOLUTION_FAILURE', message: /Must provide operation name/ }],
  ['two anonymous operations', post({ query: '{ viewer { role } } { viewer { role } }' }), { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /anonymous operation must be the only/ }],
  ['two operations of one name', post({ query: 'query A { viewer { role } } query A { viewer { role } }', operationName: 'A' }), { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /only one operation named "A"/ }],
  ['only a fragment', post({ query: 'fragment F on Query { viewer { role } }' }), { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /never used/ }],
  ['a type definition', post({ query: 'type Foo { a: Int }' }), { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /not executable/ }],
  ['fragments spreading each other', post({ query: '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }' }), { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /Cannot spread fragment "A" within itself/ }],
  ['@defer, which the gateway does not take', post({ query: '{ ... @defer { viewer { role } } }' }), { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /Unknown directive "@defer"/ }],
  ['100 aliases', post({ query: `{ ${Array.from({ length: 100 }, (_, i) => `a${i}: viewer { role }`).join(' ')} }` }), { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /Aliases limit of 30 exceeded/ }],
  ['60 directives on a field', post({ query: `{ viewer ${'@include(if: true) '.repeat(60)}{ role } }` }), { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /Directives limit of 50 exceeded/ }],
  ['1,200 copies of one field (graphql-js\'s budget for comparing fields)', post({ query: `{ ${'viewer { role } '.repeat(1_200)} }` }), { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /Validation aborted/ }],
  // The parser recurses: whether its stack or the token limit gives out first depends on how warm the JIT is.
  [
    'selections nested 2,400 deep',
    post({ query: `{ ${'a { '.repeat(2_400)}b${' }'.repeat(2_400)} }` }),
    { status: 400, code: 'GRAPHQL_PARSE_FAILED', message: /^Maximum call stack size exceeded$|more that 5000 tokens/ },
  ],
  [
    'a list literal nested 1,000 deep',
    post({ query: `{ searchCustomers(text: ${'['.repeat(1_000)}1${']'.repeat(1_000)}) { totalCount } }` }),
    { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /String cannot represent a non string value/ },
  ],
  ['a chain of 400 fragments', post({ query: `{ ...F0 } ${Array.from({ length: 400 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} }`).join(' ')} fragment F400 on Query { viewer { role } }` }), { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /Query depth limit of 12 exceeded/ }],
  // Syntax, the token limit, and bytes that are not UTF-8
  ['a syntax error', post({ query: '{ viewer { ' }), { status: 400, code: 'GRAPHQL_PARSE_FAILED', message: /Syntax Error: Expected Name, found <EOF>/ }],
  ['a syntax error by GET', get({ query: '{ viewer { ' }), { status: 400, code: 'GRAPHQL_PARSE_FAILED', message: /Syntax Error/ }],
  [
    'more tokens than QUERY_MAX_TOKENS',
    post({ query: `{ ${'viewer { role } '.repeat(1_500)} }` }),
    { status: 400, code: 'GRAPHQL_PARSE_FAILED', message: /more that 5000 tokens/ },
  ],
  [
    'a GET query ending in a byte that is not UTF-8',
    { search: '?query=%7Bviewer%7Brole%7D%7D%FF' },
    { status: 400, code: 'BAD_REQUEST', message: /not UTF-8 at offset 28 after the "\?", in the "query" parameter/ },
  ],
  [
    'a GET query with a broken %-escape',
    { search: '?query=%E0%A4%A' },
    { status: 400, code: 'BAD_REQUEST', message: /"%" not followed by two hex digits at offset 12 .* "query" parameter/ },
  ],
  [
    'a GET whose variables are not UTF-8',
    { search: `?query=${encodeURIComponent('query($t: String) { searchCustomers(text: $t) { totalCount } }')}&variables=%7B%22t%22%3A%22%C0%AF%22%7D` },
    { status: 400, code: 'BAD_REQUEST', message: /not UTF-8 .* "variables" parameter/ },
  ],
  [
    'a JSON body that is not UTF-8 (Latin-1 é)',
    { method: 'POST', headers: JSON_TYPE, body: Buffer.from(JSON.stringify({ query: '{ searchCustomers(text: "René") { totalCount } }' }), 'latin1') },
    { status: 400, code: 'BAD_REQUEST', message: /not UTF-8, as JSON must be \(RFC 8259 §8\.1\): byte 39 / },
  ],
  // Variables, bounded
  [
    'an undeclared variable nested 100,000 deep',
    deepVariables('{ viewer { role } }', 100_000),
    { status: 400, code: 'BAD_USER_INPUT', message: /^Variable "\$x" at "x(\[0\]){17}": nested more than 16 deep$/ },
  ],
  [
    'a declared variable nested 100,000 deep',
    deepVariables('query($x: [ReferralStatus!]) { referrals(filter: { statuses: $x }, first: 1) { totalCount } }', 100_000),
    { status: 400, code: 'BAD_USER_INPUT', message: /nested more than 16 deep/ },
  ],
  [
    'variables 100,000 values wide',
    post({ query: '{ viewer { role } }', variables: { x: Array.from({ length: 100_000 }, () => 0) } }),
    { status: 400, code: 'BAD_USER_INPUT', message: /^Variable "\$x" at "x": the variables hold more than 10000 values in all$/ },
  ],
  // Request errors graphql-js and Apollo raise without a code of their own
  [
    'an APQ hash that does not match the query',
    post({ query: '{ viewer { role } }', extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } }),
    { status: 400, code: 'BAD_REQUEST', message: /provided sha does not match query/ },
  ],
  [
    'an APQ version Apollo does not know',
    post({ extensions: { persistedQuery: { version: 2, sha256Hash: 'abc' } } }),
    { status: 400, code: 'BAD_REQUEST', message: /Unsupported persisted query version/ },
  ],
  // Subscriptions are served over graphql-ws and SSE (docs/api.md), not a plain POST.
  ['a subscription over a plain POST', post({ query: 'subscription { referralChanged { changes } }' }), { status: 400, code: 'BAD_REQUEST', message: /subscribe over WebSocket \(graphql-ws\) at \/graphql, or Server-Sent Events at \/graphql\/stream/ }],
  [
    'more bad variable values than graphql-js reports',
    post({ query: 'query($s: [ReferralStatus!]) { referrals(filter: { statuses: $s }) { totalCount } }', variables: { s: Array.from({ length: 60 }, () => 'X') } }),
    { status: 400, code: 'BAD_USER_INPUT', message: /does not exist in "ReferralStatus" enum/ },
  ],
  // No schema hints in production
  [
    'an enum value misspelt in a variable',
    post({ query: 'query($s: [ReferralStatus!]) { referrals(filter: { statuses: $s }) { totalCount } }', variables: { s: ['RECIEVED'] } }),
    { status: 400, code: 'BAD_USER_INPUT', message: /^Variable "\$s" got invalid value "RECIEVED" at "s\[0\]"; Value "RECIEVED" does not exist in "ReferralStatus" enum\.$/ },
  ],
  ['a field misspelt', post({ query: '{ viewer { rol } }' }), { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /^Cannot query field "rol" on type "Viewer"\.$/ }],
  ['introspection', post({ query: '{ __schema { types { name } } }' }), { status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /introspection is not allowed/ }],
];

describe('malformed GraphQL requests, in production', () => {
  let place: TestStorePlace;
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    place = await createTestStorePlace('pglite');
    // As deployed (start:built): no introspection, no schema hints.
    gw = await startTestGateway(place, { NODE_ENV: 'production' });
    token = await gw.token('VIEWER');
  });
  afterAll(async () => {
    await gw.stop();
    await place.remove();
  });

  test.each(MALFORMED)('%s', async (_name, raw, refusal) => {
    const { status, body } = await send(gw.url, { ...raw, headers: { authorization: `Bearer ${token}`, ...raw.headers } });
    expect({ status, code: body.errors?.[0]?.extensions?.code }).toEqual({ status: refusal.status, code: refusal.code });
    expect(body.errors[0].message).toMatch(refusal.message);
    // Every error of the answer has a code of the client's, not only the first.
    for (const error of body.errors) expect(error.extensions.code).toMatch(/^(?!INTERNAL_SERVER_ERROR$)[A-Z_]+$/);
    expect(JSON.stringify(body)).not.toMatch(/Did you mean/);
  });
});

/** One request over node:http, so bytes, headers and the query string go out exactly as given. */
function send(base: string, raw: RawRequest): Promise<{ status: number; body: any }> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ port, path: `/graphql${raw.search ?? ''}`, method: raw.method ?? 'GET', headers: raw.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: res.statusCode!, body: JSON.parse(text) });
        } catch {
          reject(new Error(`HTTP ${res.statusCode} with a body that is not JSON: ${text.slice(0, 200)}`));
        }
      });
    });
    req.on('error', reject);
    req.end(raw.body);
  });
}
