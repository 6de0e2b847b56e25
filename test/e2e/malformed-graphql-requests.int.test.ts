/**
 * Malformed GraphQL requests, sent as raw HTTP to the real gateway in
 * production mode: every one is answered with a 4xx and an `extensions.code`,
 * never a 5xx, says what was wrong, and hints at nothing in the schema.
 */
import { request } from 'node:http';
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
  ['a subscription (the schema has none)', post({ query: 'subscription { viewer { role } }' }), { status: 400, code: 'BAD_REQUEST', message: /not configured to execute subscription/ }],
  [
    'more bad variable values than graphql-js reports',
    post({ query: 'query($s: [ReferralStatus!]) { referrals(filter: { statuses: $s }) { totalCount } }', variables: { s: Array.from({ length: 60 }, () => 'X') } }),
    { status: 400, code: 'BAD_USER_INPUT', message: /does not exist in "ReferralStatus" enum/ },
  ],
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
