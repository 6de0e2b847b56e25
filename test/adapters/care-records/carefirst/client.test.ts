import { createServer } from 'node:net';
import { XMLParser } from 'fast-xml-parser';
import nock from 'nock';
import { createCareFirstClient } from '../../../../adapters/care-records/carefirst/client.js';
import type { FaultDetailCode, SoapFaultCode } from '../../../../adapters/care-records/carefirst/contract.js';
import { clientSummariesResponseToXml, faultToXml, recordContactResponseToXml } from '../../../../adapters/care-records/carefirst/translate.js';
import { RecordSystemRefusalError, RecordSystemUnavailableError } from '../../../../src/care-records/ports.js';
import {
  API_KEY,
  CLIENT_SUMMARIES_RESPONSE_XML,
  CONTACT,
  RECORD,
  RECORD_CONTACT_RESPONSE_XML,
  SERVICE_NAMESPACE,
  SOAP_NAMESPACE,
  UNKNOWN_CLIENT_FAULT_XML,
} from './contract-messages.js';
import { interceptHttpInThisFile } from '../../../support/intercept-http.js';

const ORIGIN = 'https://carefirst.council.example';
const PATH = '/CareFirstServices/ClientService.svc';
const TIMEOUT_MS = 300;
const ACTION = (operation: string) => `"${SERVICE_NAMESPACE}/IClientService/${operation}"`;
const client = createCareFirstClient({ baseUrl: ORIGIN, apiKey: API_KEY, timeoutMs: TIMEOUT_MS });

/** A plain reading of the wire, independent of translate.ts, so that the tests check the XML against the README itself. */
const wire = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  ignoreDeclaration: true,
  isArray: (_name, path) => String(path).endsWith('cf:ClientRefs.cf:ClientRef'),
});

interface Sent {
  headers: Record<string, string>;
  body: string;
}

/** CareFirst answering the next `times` calls with `status` and `body` (or a function of the refs asked for); the function returned gives what the client sent. */
function careFirstAnswers(status: number, body: string | ((refs: string[]) => string), options: { times?: number; delayMs?: number; contentType?: string } = {}): () => Sent[] {
  const sent: Sent[] = [];
  nock(ORIGIN)
    .post(PATH)
    .times(options.times ?? 1)
    .delay(options.delayMs ?? 0)
    .reply(function (_uri, requestBody) {
      const text = typeof requestBody === 'string' ? requestBody : JSON.stringify(requestBody);
      sent.push({ headers: this.req.headers, body: text });
      return [status, typeof body === 'string' ? body : body(refsIn(text)), { 'content-type': options.contentType ?? 'text/xml; charset=utf-8' }];
    });
  return () => sent;
}

function refsIn(envelope: string): string[] {
  return wire.parse(envelope)['soap:Envelope']['soap:Body']['cf:GetClientSummaries']['cf:ClientRefs']['cf:ClientRef'];
}

function fault(faultCode: SoapFaultCode, detailCode: FaultDetailCode | null, faultString = 'Something went wrong'): string {
  return faultToXml({ faultCode, faultString, detailCode });
}

async function rejection<E extends Error>(type: new (...args: never[]) => E, call: Promise<unknown>): Promise<E> {
  const error = await call.then(
    () => new Error(`expected ${type.name}, but the call succeeded`),
    (e: unknown) => e,
  );
  if (error instanceof type) return error;
  throw error;
}

const unavailable = (call: Promise<unknown>) => rejection(RecordSystemUnavailableError, call);
const refused = (call: Promise<unknown>) => rejection(RecordSystemRefusalError, call);

const HTML_ERROR_PAGE = '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>';

interceptHttpInThisFile();

describe('fetchRecords', () => {
  test('POSTs the README’s GetClientSummaries envelope, field by field, with its SOAPAction', async () => {
    const sent = careFirstAnswers(200, CLIENT_SUMMARIES_RESPONSE_XML);
    await client.fetchRecords(['CF0200002', 'CF0299999']);
    const [call] = sent();
    expect(call!.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(call!.headers.soapaction).toBe(ACTION('GetClientSummaries'));
    const envelope = wire.parse(call!.body)['soap:Envelope'];
    expect(envelope['@xmlns:soap']).toBe(SOAP_NAMESPACE);
    expect(envelope['@xmlns:cf']).toBe(SERVICE_NAMESPACE);
    expect(envelope['soap:Header']).toEqual({ 'cf:ApiKey': API_KEY });
    expect(envelope['soap:Body']).toEqual({ 'cf:GetClientSummaries': { 'cf:ClientRefs': { 'cf:ClientRef': ['CF0200002', 'CF0299999'] } } });
  });

  test('returns the records by local id, read when the answer came; an unknown ref is absent', async () => {
    careFirstAnswers(200, CLIENT_SUMMARIES_RESPONSE_XML);
    const before = Date.now();
    const records = await client.fetchRecords(['CF0200002', 'CF0299999']);
    expect([...records.keys()]).toEqual(['CF0200002']);
    const record = records.get('CF0200002')!;
    expect(record).toEqual({ ...RECORD, fetchedAt: expect.any(String) });
    expect(Date.parse(record.fetchedAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(record.fetchedAt)).toBeLessThanOrEqual(Date.now());
  });

  test('asks for nothing when given no ids', async () => {
    await expect(client.fetchRecords([])).resolves.toEqual(new Map());
  });

  test('splits 60 distinct ids (sent with repeats) into calls of 25, 25 and 10, in parallel', async () => {
    const ids = Array.from({ length: 60 }, (_, i) => `CF${String(200_000 + i).padStart(7, '0')}`);
    const delayMs = 1_000;
    const sent = careFirstAnswers(200, (refs) => clientSummariesResponseToXml([], refs), { times: 3, delayMs });
    const started = Date.now();
    const records = await createCareFirstClient({ baseUrl: ORIGIN, apiKey: API_KEY, timeoutMs: 5_000 }).fetchRecords([...ids, ...ids.slice(0, 10)]);
    // Three calls one after another would take three delays; the margin allows for a busy machine.
    expect(Date.now() - started).toBeLessThan(delayMs * 2.5);
    expect(records.size).toBe(0);
    const batches = sent().map((call) => refsIn(call.body));
    expect(batches.map((refs) => refs.length).sort((a, b) => b - a)).toEqual([25, 25, 10]);
    expect(batches.flat().sort()).toEqual(ids);
  });

  test('a smaller pageLimit makes smaller calls', async () => {
    const small = createCareFirstClient({ baseUrl: ORIGIN, apiKey: API_KEY, timeoutMs: TIMEOUT_MS, pageLimit: 2 });
    expect(small.pageLimit).toBe(2);
    expect(client.pageLimit).toBe(25);
    const sent = careFirstAnswers(200, (refs) => clientSummariesResponseToXml([], refs), { times: 3 });
    await small.fetchRecords(['a', 'b', 'c', 'd', 'e']);
    expect(sent().map((call) => refsIn(call.body).length).sort()).toEqual([1, 2, 2]);
  });

  test('one page failing fails the call', async () => {
    nock(ORIGIN).post(PATH).reply(200, (_uri, body) => clientSummariesResponseToXml([], refsIn(body as string)));
    nock(ORIGIN).post(PATH).reply(500, fault('Server', 'ServiceUnavailable'));
    const ids = Array.from({ length: 30 }, (_, i) => `CF${i}`);
    expect(await unavailable(client.fetchRecords(ids))).toMatchObject({ system: 'CAREFIRST', operation: 'fetchRecords', status: 500 });
  });

  test.each([
    ['a soap:Server fault', 500, fault('Server', 'ServiceUnavailable'), 'soap:Server fault ServiceUnavailable'],
    ['a soap:Server fault without detail', 500, fault('Server', null), 'soap:Server fault'],
    ['InvalidApiKey', 500, fault('Client', 'InvalidApiKey'), 'soap:Client fault InvalidApiKey'],
    ['TooManyClients', 500, fault('Client', 'TooManyClients'), 'soap:Client fault TooManyClients'],
    ['a 503 carrying a Server fault', 503, fault('Server', 'ServiceUnavailable'), 'HTTP 503 with soap:Server fault ServiceUnavailable'],
    ['an HTML error page', 502, HTML_ERROR_PAGE, 'HTTP 502'],
    ['a 404', 404, '', 'HTTP 404'],
    ['malformed XML', 200, CLIENT_SUMMARIES_RESPONSE_XML.slice(0, 400), 'HTTP 200 with a body that is not the contract (XML line'],
    // An HTML entity is not XML's, however a record system's template came to write one.
    ['an answer holding &nbsp;', 200, CLIENT_SUMMARIES_RESPONSE_XML.replace('<cf:Role>Social Worker', '<cf:Role>Social&nbsp;Worker'), 'HTTP 200 with a body that is not the contract (XML line 15 column 28: the entity &nbsp; is not one XML defines'],
    ['a body that is not the contract', 200, CLIENT_SUMMARIES_RESPONSE_XML.replace('<cf:Status>ALLOC', '<cf:Status>WAITING'), 'HTTP 200 with a body that is not the contract (Envelope/Body/GetClientSummariesResponse/ClientSummary[1]/Case/Status: is not one of'],
    ['a fault with HTTP 200', 200, fault('Client', 'UnknownClient'), 'HTTP 200 with a SOAP Fault, which SOAP 1.1 never pairs'],
    ['a response with HTTP 500', 500, CLIENT_SUMMARIES_RESPONSE_XML, 'HTTP 500 with a response, which SOAP 1.1 never pairs'],
    ['an answer for a client not asked about', 200, CLIENT_SUMMARIES_RESPONSE_XML.replace('>CF0299999<', '>CF0211111<'), 'HTTP 200 answered for a client it was not asked about'],
    ['an answer leaving a client out', 200, CLIENT_SUMMARIES_RESPONSE_XML.replace(/<cf:UnknownClientRef>.*<\/cf:UnknownClientRef>/, ''), 'HTTP 200 left 1 of 2 clients unanswered'],
  ])('%s is unavailable', async (_name, status, body, message) => {
    careFirstAnswers(status, body);
    const error = await unavailable(client.fetchRecords(['CF0200002', 'CF0299999']));
    expect(error).toMatchObject({ system: 'CAREFIRST', operation: 'fetchRecords', status, code: 'UPSTREAM_UNAVAILABLE' });
    expect(error.message.startsWith(`CAREFIRST fetchRecords: ${message}`)).toBe(true);
  });

  test('a connection refused is unavailable, with no status', async () => {
    const port = await closedPort();
    nock.enableNetConnect('127.0.0.1');
    try {
      const local = createCareFirstClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: API_KEY, timeoutMs: TIMEOUT_MS });
      const error = await unavailable(local.fetchRecords(['CF0200002']));
      expect(error).toMatchObject({ status: null });
      expect(error.message).toMatch(/^CAREFIRST fetchRecords: no answer \(ECONNREFUSED: /);
    } finally {
      nock.disableNetConnect();
    }
  });

  test('an answer slower than the timeout is unavailable', async () => {
    careFirstAnswers(200, CLIENT_SUMMARIES_RESPONSE_XML, { delayMs: TIMEOUT_MS * 10 });
    const started = Date.now();
    const error = await unavailable(client.fetchRecords(['CF0200002', 'CF0299999']));
    // Well before the answer (ten timeouts away), with room for a busy machine.
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS * 5);
    expect(error.message).toMatch(/^CAREFIRST fetchRecords: no answer \(ECONNABORTED: timeout of 300ms exceeded\)/);
  });

  test('passes the caller’s AbortSignal on to every page: an aborted call stops at once', async () => {
    careFirstAnswers(200, (refs) => clientSummariesResponseToXml([], refs), { times: 2, delayMs: TIMEOUT_MS * 5 });
    const controller = new AbortController();
    const call = client.fetchRecords(Array.from({ length: 30 }, (_, i) => `CF${i}`), controller.signal);
    setTimeout(() => controller.abort(), 20);
    const started = Date.now();
    const error = await unavailable(call);
    // Well before the answer (five timeouts away), with room for a busy machine.
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS * 3);
    expect(error.message).toMatch(/^CAREFIRST fetchRecords: no answer \(ERR_CANCELED: /);
  });
});

describe('writeContact', () => {
  test('POSTs the README’s RecordContact envelope, field by field, with its SOAPAction, and returns the ContactId', async () => {
    const sent = careFirstAnswers(200, RECORD_CONTACT_RESPONSE_XML);
    await expect(client.writeContact('CF0200002', CONTACT)).resolves.toEqual({ reference: 'CON00000001' });
    const [call] = sent();
    expect(call!.headers.soapaction).toBe(ACTION('RecordContact'));
    expect(call!.headers['content-type']).toBe('text/xml; charset=utf-8');
    const envelope = wire.parse(call!.body)['soap:Envelope'];
    expect(envelope['soap:Header']).toEqual({ 'cf:ApiKey': API_KEY });
    expect(envelope['soap:Body']).toEqual({
      'cf:RecordContact': {
        'cf:ClientRef': 'CF0200002',
        'cf:ContactRef': CONTACT.contactId,
        'cf:Date': CONTACT.occurredAt,
        'cf:Summary': CONTACT.summary,
        'cf:Team': 'Reablement South',
        'cf:Worker': 'Alex Morgan',
      },
    });
  });

  test('a repeat of the contact sends the same ContactRef and gets the first ContactId back', async () => {
    const sent = careFirstAnswers(200, recordContactResponseToXml('CON00000007'), { times: 2 });
    const first = await client.writeContact('CF0200002', CONTACT);
    const repeat = await client.writeContact('CF0200002', CONTACT);
    expect(repeat).toEqual(first);
    expect(sent()[1]!.body).toBe(sent()[0]!.body);
  });

  test.each(['UnknownClient', 'InvalidContact'] as const)('a soap:Client %s fault is a refusal, not retried', async (code) => {
    careFirstAnswers(500, code === 'UnknownClient' ? UNKNOWN_CLIENT_FAULT_XML : fault('Client', code));
    const error = await refused(client.writeContact('CF0200002', CONTACT));
    expect(error).toMatchObject({ system: 'CAREFIRST', operation: 'writeContact', code: 'RECORD_SYSTEM_REFUSED' });
    expect(error.message).toBe(`CAREFIRST writeContact: refused: soap:Client fault ${code}`);
  });

  test.each([
    ['InvalidApiKey', fault('Client', 'InvalidApiKey')],
    ['InvalidRequest', fault('Client', 'InvalidRequest')],
    ['a Client fault without detail', fault('Client', null)],
    ['a Server fault', fault('Server', 'ServiceUnavailable')],
    ['an UnknownClient Server fault', fault('Server', 'UnknownClient')],
  ])('%s is unavailable', async (_name, body) => {
    careFirstAnswers(500, body);
    expect(await unavailable(client.writeContact('CF0200002', CONTACT))).toMatchObject({ operation: 'writeContact', status: 500 });
  });

  test('an UnknownClient fault on a 503 is not a refusal', async () => {
    careFirstAnswers(503, UNKNOWN_CLIENT_FAULT_XML);
    expect(await unavailable(client.writeContact('CF0200002', CONTACT))).toMatchObject({ status: 503 });
  });

  test('no error carries the API key, the person’s ids or what the faultstring says', async () => {
    const errors: Error[] = [];
    careFirstAnswers(500, fault('Client', 'UnknownClient', 'No client CF0200002 (Joan Example)'));
    errors.push(await refused(client.writeContact('CF0200002', CONTACT)));
    careFirstAnswers(500, fault('Server', null, 'Joan Example 9990000018 could not be read'));
    errors.push(await unavailable(client.fetchRecords(['CF0200002'])));
    careFirstAnswers(200, CLIENT_SUMMARIES_RESPONSE_XML.replace('9990000018', '9990000019'));
    errors.push(await unavailable(client.fetchRecords(['CF0200002', 'CF0299999'])));
    for (const error of errors) {
      const logged = JSON.stringify({ message: error.message, details: (error as RecordSystemUnavailableError).details, cause: error.cause });
      for (const secret of [API_KEY, 'CF0200002', 'Joan', 'Example', '999000001']) expect(logged).not.toContain(secret);
    }
  });
});

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  return port;
}
