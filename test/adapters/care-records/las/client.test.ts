import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { createLasClient } from '../../../../adapters/care-records/las/client.js';
import { errorToJson } from '../../../../adapters/care-records/las/translate.js';
import { RecordSystemRefusalError, RecordSystemUnavailableError } from '../../../../src/care-records/ports.js';
import { CONTACT, CONTACT_ACCEPTED_JSON, CONTACT_JSON, careRecord, peopleJson, personJson } from './contract-messages.js';
import { interceptHttpInThisFile } from '../../../support/intercept-http.js';

const ORIGIN = 'https://las.example';
const API_KEY = 'test-las-key-not-a-secret';
const TIMEOUT_MS = 300;
const client = createLasClient({ baseUrl: ORIGIN, apiKey: API_KEY, timeoutMs: TIMEOUT_MS });
const PEOPLE = '/api/v1/people';
const CONTACTS = '/api/v1/people/4100001/contacts';
const HTML_ERROR_PAGE = '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>';

const ids = (from: number, count: number) => Array.from({ length: count }, (_, i) => String(from + i));

interface Lookup {
  ids: string[];
  headers: Record<string, string>;
}

/** LAS answering every lookup with the people asked for, bar `unknown`; the lookups it got, in arrival order. */
function lasKnowsAllBut(unknown: ReadonlySet<string> = new Set(), delayMs = 0): Lookup[] {
  const lookups: Lookup[] = [];
  nock(ORIGIN)
    .get(PEOPLE)
    .query(true)
    .delay(delayMs)
    .times(100)
    .reply(function (uri) {
      const asked = new URL(uri, ORIGIN).searchParams.get('ids')!.split(',');
      lookups.push({ ids: asked, headers: this.req.headers });
      return [200, peopleJson(asked.filter((id) => !unknown.has(id)).map(personJson), asked.filter((id) => unknown.has(id)))];
    });
  return lookups;
}

async function failure<E extends Error>(call: Promise<unknown>, type: new (...args: any[]) => E): Promise<E> {
  const error = await call.then(
    () => new Error(`expected ${type.name}, but the call succeeded`),
    (e: unknown) => e,
  );
  if (error instanceof type) return error;
  throw error;
}

const unavailable = (call: Promise<unknown>) => failure(call, RecordSystemUnavailableError);

interceptHttpInThisFile();

describe('fetchRecords', () => {
  test('GETs /api/v1/people with the ids comma-separated and the bearer key, and maps the records by id', async () => {
    const lookups = lasKnowsAllBut(new Set(['4109999']));
    const before = Date.now();
    const records = await client.fetchRecords(['4100001', '4109999']);
    expect(lookups).toHaveLength(1);
    expect(lookups[0]!.ids).toEqual(['4100001', '4109999']);
    expect(lookups[0]!.headers).toMatchObject({ authorization: `Bearer ${API_KEY}`, accept: 'application/json' });
    expect([...records.keys()]).toEqual(['4100001']);
    const record = records.get('4100001')!;
    expect(record).toEqual({ ...careRecord(), fetchedAt: expect.any(String) });
    expect(Date.parse(record.fetchedAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(record.fetchedAt)).toBeLessThanOrEqual(Date.now());
  });

  test('the exact request line: commas unescaped, under any prefix in the base URL', async () => {
    nock(ORIGIN).get('/las/api/v1/people?ids=4100001,4100002').reply(200, peopleJson([personJson('4100001'), personJson('4100002')], []));
    const prefixed = createLasClient({ baseUrl: `${ORIGIN}/las`, apiKey: API_KEY, timeoutMs: TIMEOUT_MS });
    expect((await prefixed.fetchRecords(['4100001', '4100002'])).size).toBe(2);
  });

  test('120 ids go as 50 + 50 + 20, sent in parallel, each id once', async () => {
    const lookups = lasKnowsAllBut(new Set(), 1_000);
    const wanted = ids(4_100_001, 120);
    const started = performance.now();
    const patient = createLasClient({ baseUrl: ORIGIN, apiKey: API_KEY, timeoutMs: 5_000 });
    const records = await patient.fetchRecords([...wanted, ...wanted.slice(0, 10)]);
    // Three calls one after another would take 3,000 ms of delay at least; the margin allows for a busy machine.
    expect(performance.now() - started).toBeLessThan(2_500);
    expect(lookups.map((lookup) => lookup.ids.length).sort((a, b) => b - a)).toEqual([50, 50, 20]);
    expect(lookups.flatMap((lookup) => lookup.ids).sort()).toEqual(wanted);
    expect([...records.keys()].sort()).toEqual(wanted);
    expect(client.pageLimit).toBe(50);
  });

  test('a smaller pageLimit makes smaller calls', async () => {
    const lookups = lasKnowsAllBut();
    const small = createLasClient({ baseUrl: ORIGIN, apiKey: API_KEY, timeoutMs: TIMEOUT_MS, pageLimit: 2 });
    expect((await small.fetchRecords(ids(4_100_001, 5))).size).toBe(5);
    expect(lookups.map((lookup) => lookup.ids.length).sort()).toEqual([1, 2, 2]);
  });

  test('ids LAS does not know, and ids that are not LAS ids (never sent), are absent', async () => {
    const lookups = lasKnowsAllBut(new Set(['4109999']));
    const records = await client.fetchRecords(['4109999', 'CF0200002', '41,00001', '']);
    expect(records.size).toBe(0);
    expect(lookups.map((lookup) => lookup.ids)).toEqual([['4109999']]);
  });

  test('no ids, no call', async () => {
    await expect(client.fetchRecords([])).resolves.toEqual(new Map());
  });

  test.each<[string, number, string, RegExp]>([
    ['a 503', 503, errorToJson('UNAVAILABLE', 'Down for maintenance'), /^LAS fetchRecords: HTTP 503 \(UNAVAILABLE\)$/],
    ['a 500 with no body', 500, '', /^LAS fetchRecords: HTTP 500$/],
    ['a 401 (the wrong key)', 401, errorToJson('UNAUTHENTICATED', 'A valid bearer API key is required'), /^LAS fetchRecords: HTTP 401 \(UNAUTHENTICATED\)$/],
    ['a 400 TOO_MANY_IDS (LAS’s limit below ours)', 400, errorToJson('TOO_MANY_IDS', 'At most 20'), /^LAS fetchRecords: HTTP 400 \(TOO_MANY_IDS\)$/],
    ['an HTML error page', 502, HTML_ERROR_PAGE, /^LAS fetchRecords: HTTP 502$/],
    ['an HTML page with a 200', 200, HTML_ERROR_PAGE, /^LAS fetchRecords: HTTP 200 with a body that is not the contract \(body: is not JSON\)$/],
    ['malformed JSON', 200, peopleJson().slice(0, 40), /^LAS fetchRecords: HTTP 200 with a body that is not the contract \(body: is not JSON\)$/],
    ['an unknown case status', 200, peopleJson([{ ...personJson(), case: { ...personJson().case, status: 'Reopened' } }]), /\(people\[0\]\.case\.status: is not one of /],
    ['a person not asked for', 200, peopleJson([personJson('4100002')]), /\(people\[0\]\.personId: was not asked for\)$/],
    ['an error code that is free text', 500, errorToJson('Bogdan Hill not found', 'x'), /^LAS fetchRecords: HTTP 500$/],
  ])('%s is unavailable, with no personal data in the message', async (_what, status, body, message) => {
    nock(ORIGIN).get(PEOPLE).query({ ids: '4100001' }).reply(status, body);
    const error = await unavailable(client.fetchRecords(['4100001']));
    expect(error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: 'LAS', operation: 'fetchRecords', status });
    expect(error.message).toMatch(message);
    expect(error.message).not.toMatch(/Hill|Bogdan|9990776687|4100001/);
  });

  test('one failed page fails the lot at once, without waiting for the others', async () => {
    // Stopping the pages still out is fetchInPages's (record-pages.test.ts); the signal reaching axios is tested below.
    nock(ORIGIN).get(PEOPLE).query((query) => String(query.ids).startsWith('4100001,')).reply(503, errorToJson('UNAVAILABLE', 'Down'));
    nock(ORIGIN).get(PEOPLE).query(true).times(2).delay(4_000).reply(200, peopleJson());
    const patient = createLasClient({ baseUrl: ORIGIN, apiKey: API_KEY, timeoutMs: 5_000 });
    const started = Date.now();
    expect(await unavailable(patient.fetchRecords(ids(4_100_001, 120)))).toMatchObject({ status: 503 });
    // Far sooner than the 4 s the other pages hold their answers, with room for a busy machine.
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test('no answer within the timeout is unavailable', async () => {
    nock(ORIGIN).get(PEOPLE).query(true).delay(TIMEOUT_MS * 5).reply(200, peopleJson());
    const error = await unavailable(client.fetchRecords(['4100001']));
    expect(error).toMatchObject({ operation: 'fetchRecords', status: null });
    expect(error.message).toBe(`LAS fetchRecords: no answer (ECONNABORTED: timeout of ${TIMEOUT_MS}ms exceeded)`);
  });

  test('a refused connection is unavailable', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    nock.enableNetConnect('127.0.0.1');
    try {
      const local = createLasClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: API_KEY, timeoutMs: TIMEOUT_MS });
      expect((await unavailable(local.fetchRecords(['4100001']))).message).toMatch(/^LAS fetchRecords: no answer \(ECONNREFUSED: /);
    } finally {
      nock.disableNetConnect();
    }
  });

  test('passes the caller’s AbortSignal on: an aborted call is unavailable at once', async () => {
    nock(ORIGIN).get(PEOPLE).query(true).delay(TIMEOUT_MS * 5).reply(200, peopleJson());
    const controller = new AbortController();
    const call = client.fetchRecords(['4100001'], controller.signal);
    setTimeout(() => controller.abort(), 20);
    const started = Date.now();
    const error = await unavailable(call);
    // Well before the answer (five timeouts away), with room for a busy machine.
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS * 3);
    expect(error.message).toMatch(/^LAS fetchRecords: no answer \(ERR_CANCELED: /);
  });

  test('refuses a pageLimit below 1', () => {
    expect(() => createLasClient({ baseUrl: ORIGIN, apiKey: API_KEY, timeoutMs: TIMEOUT_MS, pageLimit: 0 })).toThrow(RangeError);
  });
});

describe('writeContact', () => {
  function lasAnswersContact(status: number, body: string): () => { headers: Record<string, string>; body: unknown } {
    let sent: { headers: Record<string, string>; body: unknown } | null = null;
    nock(ORIGIN)
      .post(CONTACTS)
      .reply(function (_uri, requestBody) {
        sent = { headers: this.req.headers, body: requestBody };
        return [status, body, { 'content-type': 'application/json' }];
      });
    return () => {
      if (sent === null) throw new Error('the client did not write the contact');
      return sent;
    };
  }

  test('POSTs the README’s body with the contact id as Idempotency-Key, and gives the reference (201)', async () => {
    const sent = lasAnswersContact(201, CONTACT_ACCEPTED_JSON);
    await expect(client.writeContact('4100001', CONTACT)).resolves.toEqual({ reference: 'CNT-00000001' });
    expect(sent().headers).toMatchObject({
      authorization: `Bearer ${API_KEY}`,
      'content-type': 'application/json; charset=utf-8',
      'idempotency-key': CONTACT.contactId,
    });
    expect(sent().body).toEqual(CONTACT_JSON);
  });

  test('a repeat (200) gives the same reference', async () => {
    lasAnswersContact(201, CONTACT_ACCEPTED_JSON);
    lasAnswersContact(200, CONTACT_ACCEPTED_JSON);
    const first = await client.writeContact('4100001', CONTACT);
    await expect(client.writeContact('4100001', CONTACT)).resolves.toEqual(first);
  });

  test.each([
    [404, 'PERSON_NOT_FOUND'],
    [409, 'CONTACT_ID_REUSED'],
    [422, 'INVALID_CONTACT'],
  ])('%d %s is a refusal', async (status, code) => {
    lasAnswersContact(status, errorToJson(code, 'summary: is missing for Bogdan Hill'));
    const error = await failure(client.writeContact('4100001', CONTACT), RecordSystemRefusalError);
    expect(error).toMatchObject({ code: 'RECORD_SYSTEM_REFUSED', system: 'LAS', operation: 'writeContact' });
    expect(error.message).toBe(`LAS writeContact: HTTP ${status} (${code})`);
  });

  test('a person id that is not digits is refused without a call', async () => {
    await expect(client.writeContact('../admin', CONTACT)).rejects.toBeInstanceOf(RecordSystemRefusalError);
  });

  test.each<[string, number, string]>([
    ['a 404 that is not PERSON_NOT_FOUND (a wrong URL)', 404, HTML_ERROR_PAGE],
    ['a 422 with another code', 422, errorToJson('PERSON_NOT_FOUND', 'x')],
    ['a 503', 503, errorToJson('UNAVAILABLE', 'Down')],
    ['a 401', 401, errorToJson('UNAUTHENTICATED', 'No key')],
    ['a 400', 400, errorToJson('IDEMPOTENCY_KEY_REQUIRED', 'No key')],
    ['a 201 that is cut short', 201, CONTACT_ACCEPTED_JSON.slice(0, 20)],
    ['a 201 for another contact', 201, JSON.stringify({ contactId: 'someone-else', reference: 'CNT-1' })],
    ['a 204', 204, ''],
  ])('%s is unavailable', async (_what, status, body) => {
    lasAnswersContact(status, body);
    expect(await unavailable(client.writeContact('4100001', CONTACT))).toMatchObject({ operation: 'writeContact', status });
  });

  test('honours an AbortSignal', async () => {
    nock(ORIGIN).post(CONTACTS).delay(TIMEOUT_MS * 5).reply(201, CONTACT_ACCEPTED_JSON);
    const error = await unavailable(client.writeContact('4100001', CONTACT, AbortSignal.timeout(20)));
    expect(error.message).toMatch(/^LAS writeContact: no answer \(ERR_CANCELED: /);
  });
});
