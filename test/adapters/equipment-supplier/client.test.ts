import { createServer } from 'node:net';
import { XMLParser } from 'fast-xml-parser';
import nock from 'nock';
import { createSupplierClient } from '../../../adapters/equipment-supplier/client.js';
import {
  cancellationRejectedToXml,
  collectionRejectedToXml,
  errorToXml,
  orderRejectedToXml,
} from '../../../adapters/equipment-supplier/translate.js';
import { type SupplierRejectionCode, SupplierUnavailableError } from '../../../src/equipment/ports.js';
import {
  CANCELLATION_ACCEPTED_XML,
  CANCELLATION_REJECTED_XML,
  CANCELLATION_REQUEST_XML,
  CATALOGUE_XML,
  COLLECTION,
  COLLECTION_ACCEPTED_XML,
  COLLECTION_REJECTED_XML,
  COLLECTION_REQUEST_XML,
  ORDER,
  ORDER_ACCEPTED_XML,
  ORDER_ID,
  ORDER_REJECTED_XML,
  STATUS_UPDATE,
  STATUS_UPDATE_XML,
  UNKNOWN_ORDER_XML,
} from './contract-messages.js';
import { interceptHttpInThisFile } from '../../support/intercept-http.js';

const ORIGIN = 'https://supplier.example';
const API = '/api/v1';
const API_KEY = 'test-supplier-key-not-a-secret';
const TIMEOUT_MS = 300;
const client = createSupplierClient({ baseUrl: `${ORIGIN}${API}`, apiKey: API_KEY, timeoutMs: TIMEOUT_MS });

/** A plain reading of the wire, independent of translate.ts, so that the tests check the XML against the README itself. */
const wire = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  ignoreDeclaration: true,
  isArray: (name) => name === 'Line',
});

interface Sent {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** The supplier answering the next call to `path` with `status` and `body`; the function returned gives what the client sent. */
function supplierAnswers(method: 'GET' | 'POST', path: string, status: number, body = ''): () => Sent {
  let sent: Sent | null = null;
  nock(ORIGIN)
    .intercept(`${API}${path}`, method)
    .reply(function (uri, requestBody) {
      sent = { path: uri, headers: this.req.headers, body: typeof requestBody === 'string' ? requestBody : JSON.stringify(requestBody) };
      return [status, body, { 'content-type': 'application/xml' }];
    });
  return () => {
    if (sent === null) throw new Error(`the client did not call ${method} ${path}`);
    return sent;
  };
}

async function unavailable(call: Promise<unknown>): Promise<SupplierUnavailableError> {
  const error = await call.then(
    () => new Error('expected SupplierUnavailableError, but the call succeeded'),
    (e: unknown) => e,
  );
  if (error instanceof SupplierUnavailableError) return error;
  throw error;
}

const HTML_ERROR_PAGE = '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>';
const SERVICE_DOWN_XML = errorToXml('SERVICE_UNAVAILABLE', 'Down for maintenance until 10:00');

interceptHttpInThisFile();

describe('catalogue', () => {
  test('GETs /catalogue with the key and reads the items', async () => {
    const sent = supplierAnswers('GET', '/catalogue', 200, CATALOGUE_XML);
    await expect(client.catalogue()).resolves.toEqual([
      {
        code: 'WF-001',
        name: 'Walking frame, folding, with wheels',
        category: 'Walking frames',
        isoClass: '12 06 06',
        unitPence: 4250,
        special: false,
        stock: 'IN_STOCK',
      },
    ]);
    expect(sent().headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(sent().headers.accept).toBe('application/xml');
    expect(sent().body).toBe('');
  });

  test('sends no Authorization header when there is no key', async () => {
    nock(ORIGIN, { badheaders: ['authorization'] }).get(`${API}/catalogue`).reply(200, CATALOGUE_XML);
    const open = createSupplierClient({ baseUrl: `${ORIGIN}${API}`, apiKey: null, timeoutMs: TIMEOUT_MS });
    await expect(open.catalogue()).resolves.toHaveLength(1);
  });

  test('a catalogue that does not read is the supplier being unavailable, with the place named', async () => {
    supplierAnswers('GET', '/catalogue', 200, CATALOGUE_XML.replace('IN_STOCK', 'PLENTY'));
    const error = await unavailable(client.catalogue());
    expect(error).toMatchObject({ operation: 'catalogue', status: 200 });
    expect(error.message).toMatch(/^supplier catalogue: HTTP 200 with a body that is not the contract \(Catalogue\/Item\[1\]\/Stock: is not one of/);
  });

  test('a 503 is unavailable', async () => {
    supplierAnswers('GET', '/catalogue', 503, SERVICE_DOWN_XML);
    expect(await unavailable(client.catalogue())).toMatchObject({ operation: 'catalogue', status: 503 });
  });
});

describe('submitOrder', () => {
  test('POSTs /orders with the order as the README’s OrderRequest, field by field', async () => {
    const sent = supplierAnswers('POST', '/orders', 201, ORDER_ACCEPTED_XML);
    await client.submitOrder(ORDER);
    expect(sent().path).toBe(`${API}/orders`);
    expect(sent().headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(sent().headers.authorization).toBe(`Bearer ${API_KEY}`);
    const { OrderRequest: request } = wire.parse(sent().body);
    expect(request.OrderId).toBe(ORDER_ID);
    expect(request.ServiceType).toBe('DELIVERY');
    expect(request.DeliverySpeed).toBe('NEXT_DAY');
    expect(request.Customer).toEqual({
      Id: ORDER.customer.id,
      NhsNumber: '9990000018',
      Title: 'Mrs',
      GivenName: 'Joan',
      FamilyName: 'Example',
      DateOfBirth: '1938-04-12',
    });
    expect(request.DeliveryAddress).toEqual({ Line: ['12 Church Lane', 'Flat 2'], Town: 'Leeds', Postcode: 'LS1 4AB' });
    expect(request.Access).toEqual({ Notes: 'Daughter in after 2pm; park on the drive', KeySafeCode: '4821', ContactPhone: '07700900123' });
    expect(request.Lines).toEqual({
      Line: [
        { '@number': '1', ItemCode: 'WF-001', Quantity: '1', Fitting: 'false' },
        { '@number': '2', ItemCode: 'BED-010', Quantity: '1', Fitting: 'true' },
      ],
    });
    expect(request.Prescriber).toEqual({ Id: 'ot-0042', Name: 'Olu Therapist', Role: 'OCCUPATIONAL_THERAPIST' });
    expect(request.ClinicalReason).toBe('Unsafe on stairs after hip fracture');
    expect(Object.keys(request)).toEqual(['OrderId', 'ServiceType', 'DeliverySpeed', 'Customer', 'DeliveryAddress', 'Access', 'Lines', 'Prescriber', 'ClinicalReason']);
  });

  test.each([201, 200])('HTTP %i with OrderAccepted (first time, or a repeat) is accepted with the supplier’s reference', async (status) => {
    supplierAnswers('POST', '/orders', status, ORDER_ACCEPTED_XML);
    await expect(client.submitOrder(ORDER)).resolves.toEqual({ ok: true, value: { supplierReference: 'SUP-000123' } });
  });

  test('the README’s 422 OrderRejected is a rejection naming the line', async () => {
    supplierAnswers('POST', '/orders', 422, ORDER_REJECTED_XML);
    await expect(client.submitOrder(ORDER)).resolves.toEqual({
      ok: false,
      rejection: { code: 'UNKNOWN_ITEM', message: 'No item BED-999 in the catalogue', line: 2 },
    });
  });

  test.each<[SupplierRejectionCode, number | null]>([
    ['UNKNOWN_ITEM', 2],
    ['ITEM_WITHDRAWN', 1],
    ['OUT_OF_AREA', null],
    ['BAD_ADDRESS', null],
    ['SPEED_NOT_OFFERED', null],
    ['INVALID_ORDER', null],
    ['ORDER_ID_REUSED', null],
  ])('422 %s is that rejection', async (code, line) => {
    supplierAnswers('POST', '/orders', 422, orderRejectedToXml(ORDER_ID, { code, message: `Rejected: ${code}`, line }));
    await expect(client.submitOrder(ORDER)).resolves.toEqual({ ok: false, rejection: { code, message: `Rejected: ${code}`, line } });
  });

  test('409 with OrderRejected is a rejection too', async () => {
    supplierAnswers('POST', '/orders', 409, orderRejectedToXml(ORDER_ID, { code: 'ORDER_ID_REUSED', message: 'Used for another order', line: null }));
    await expect(client.submitOrder(ORDER)).resolves.toMatchObject({ ok: false, rejection: { code: 'ORDER_ID_REUSED' } });
  });

  test.each<[string, number, string, RegExp]>([
    ['a 500 with no body', 500, '', /^supplier submitOrder: HTTP 500$/],
    ['a 503 with the contract’s <Error>', 503, SERVICE_DOWN_XML, /^supplier submitOrder: HTTP 503 \(SERVICE_UNAVAILABLE: Down for maintenance until 10:00\)$/],
    ['a proxy’s HTML error page', 502, HTML_ERROR_PAGE, /^supplier submitOrder: HTTP 502$/],
    ['a 400 MALFORMED', 400, errorToXml('MALFORMED', 'XML line 1: not well-formed'), /HTTP 400 \(MALFORMED: /],
    ['a 401', 401, errorToXml('UNAUTHORISED', 'Bad key'), /HTTP 401 \(UNAUTHORISED: Bad key\)/],
    ['a 404 (no such path: a wrong base URL)', 404, UNKNOWN_ORDER_XML, /HTTP 404 \(UNKNOWN_ORDER: /],
    ['malformed XML on a 201', 201, '<OrderAccepted><OrderId>x</OrderId>', /HTTP 201 with a body that is not the contract \(XML line 1 column \d+: not well-formed XML: /],
    ['an HTML page on a 200', 200, HTML_ERROR_PAGE, /HTTP 200 with a body that is not the contract \(XML line 1: DOCTYPE declarations are refused/],
    ['a 201 that is not an order answer', 201, CANCELLATION_ACCEPTED_XML, /HTTP 201 with a body that is not the contract \(CancellationAccepted: the root element/],
    ['a 200 with a rejection', 200, ORDER_REJECTED_XML, /HTTP 200 with a rejection, which the contract never pairs/],
    ['a 422 with an acceptance', 422, ORDER_ACCEPTED_XML, /HTTP 422 with an acceptance, which the contract never pairs/],
    ['a 422 with an HTML page', 422, HTML_ERROR_PAGE, /HTTP 422 with a body that is not the contract/],
  ])('%s is unavailable', async (_what, status, body, message) => {
    supplierAnswers('POST', '/orders', status, body);
    const error = await unavailable(client.submitOrder(ORDER));
    expect(error).toMatchObject({ code: 'SUPPLIER_UNAVAILABLE', operation: 'submitOrder', status });
    expect(error.message).toMatch(message);
  });

  test('a redirect is not followed (it would carry the key elsewhere) and is unavailable', async () => {
    nock(ORIGIN).post(`${API}/orders`).reply(307, '', { location: 'https://elsewhere.example/orders' });
    const error = await unavailable(client.submitOrder(ORDER));
    expect(error).toMatchObject({ operation: 'submitOrder', status: 307 });
    expect(error.message).toBe('supplier submitOrder: HTTP 307');
  });

  test('no answer within the timeout is unavailable', async () => {
    nock(ORIGIN)
      .post(`${API}/orders`)
      .delay(TIMEOUT_MS * 5)
      .reply(201, ORDER_ACCEPTED_XML);
    const error = await unavailable(client.submitOrder(ORDER));
    expect(error).toMatchObject({ operation: 'submitOrder', status: null });
    expect(error.message).toMatch(/^supplier submitOrder: no answer \(ECONNABORTED: timeout of 300ms exceeded\)$/);
  });

  test('a refused connection is unavailable', async () => {
    const port = await closedPort();
    nock.enableNetConnect('127.0.0.1');
    try {
      const local = createSupplierClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: API_KEY, timeoutMs: TIMEOUT_MS });
      const error = await unavailable(local.submitOrder(ORDER));
      expect(error).toMatchObject({ operation: 'submitOrder', status: null });
      expect(error.message).toMatch(/^supplier submitOrder: no answer \(ECONNREFUSED: /);
    } finally {
      nock.disableNetConnect();
    }
  });

  test('passes the caller’s AbortSignal on: an aborted call is unavailable', async () => {
    nock(ORIGIN)
      .post(`${API}/orders`)
      .delay(TIMEOUT_MS * 5)
      .reply(201, ORDER_ACCEPTED_XML);
    const controller = new AbortController();
    const call = client.submitOrder(ORDER, controller.signal);
    setTimeout(() => controller.abort(), 20);
    const started = Date.now();
    const error = await unavailable(call);
    // Well before the answer (five timeouts away), with room for a busy machine.
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS * 3);
    expect(error.message).toMatch(/^supplier submitOrder: no answer \(ERR_CANCELED: /);
  });

  test('no error carries the key safe code or the API key, in its message or anything logged with it', async () => {
    const errors: SupplierUnavailableError[] = [];
    supplierAnswers('POST', '/orders', 500, '');
    errors.push(await unavailable(client.submitOrder(ORDER)));
    supplierAnswers('POST', '/orders', 201, '<OrderAccepted><OrderId>x</OrderId></OrderAccepted>');
    errors.push(await unavailable(client.submitOrder(ORDER)));
    nock(ORIGIN).post(`${API}/orders`).delay(TIMEOUT_MS * 5).reply(201, ORDER_ACCEPTED_XML);
    errors.push(await unavailable(client.submitOrder(ORDER)));
    for (const error of errors) {
      const logged = JSON.stringify({ message: error.message, extensions: error.extensions, cause: error.cause, stack: error.stack });
      expect(logged).not.toContain(ORDER.keySafeCode!);
      expect(logged).not.toContain(API_KEY);
    }
  });
});

describe('cancelOrder', () => {
  test('POSTs the README’s CancellationRequest to the order’s cancellation, the id encoded', async () => {
    const sent = supplierAnswers('POST', '/orders/ord%2F1%20%3F%23/cancellation', 200, CANCELLATION_ACCEPTED_XML);
    await expect(client.cancelOrder('ord/1 ?#', 'Customer readmitted to hospital')).resolves.toEqual({ ok: true, value: { cancelled: true } });
    expect(sent().headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(sent().headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(wire.parse(sent().body)).toEqual(wire.parse(CANCELLATION_REQUEST_XML));
    expect(wire.parse(sent().body)).toEqual({ CancellationRequest: { Reason: 'Customer readmitted to hospital' } });
  });

  test('409 TOO_LATE_TO_CANCEL is a rejection', async () => {
    supplierAnswers('POST', `/orders/${ORDER_ID}/cancellation`, 409, CANCELLATION_REJECTED_XML);
    await expect(client.cancelOrder(ORDER_ID, 'No longer needed')).resolves.toEqual({
      ok: false,
      rejection: { code: 'TOO_LATE_TO_CANCEL', message: 'Out for delivery', line: null },
    });
  });

  test('404 with <Error> UNKNOWN_ORDER is a rejection with that code', async () => {
    supplierAnswers('POST', `/orders/${ORDER_ID}/cancellation`, 404, UNKNOWN_ORDER_XML);
    await expect(client.cancelOrder(ORDER_ID, 'No longer needed')).resolves.toEqual({
      ok: false,
      rejection: { code: 'UNKNOWN_ORDER', message: `No order ${ORDER_ID}`, line: null },
    });
  });

  test.each([
    ['a 404 page that is not the contract', 404, '<html><body>Not Found</body></html>'],
    ['a 404 <Error> with another code', 404, errorToXml('NO_ROUTE', 'No such path')],
    ['a 409 with a body that does not read', 409, cancellationRejectedToXml(ORDER_ID, { code: 'TOO_LATE_TO_CANCEL', message: 'x', line: null }).replace('TOO_LATE_TO_CANCEL', 'LATE')],
    ['a 500', 500, ''],
  ])('%s is unavailable', async (_what, status, body) => {
    supplierAnswers('POST', `/orders/${ORDER_ID}/cancellation`, status, body);
    expect(await unavailable(client.cancelOrder(ORDER_ID, 'No longer needed'))).toMatchObject({ operation: 'cancelOrder', status });
  });
});

describe('requestCollection', () => {
  test('POSTs the README’s CollectionRequest to the order’s collections', async () => {
    const sent = supplierAnswers('POST', `/orders/${ORDER_ID}/collections`, 200, COLLECTION_ACCEPTED_XML);
    await expect(client.requestCollection(COLLECTION)).resolves.toEqual({ ok: true, value: { collectionReference: 'COL-000045' } });
    expect(sent().headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(sent().headers.authorization).toBe(`Bearer ${API_KEY}`);
    const { CollectionRequest: request } = wire.parse(sent().body);
    expect(request).toEqual({
      CollectionId: 'c-3f0c6a52-1',
      Lines: { Line: [{ '@number': '1', ItemCode: 'WF-001', Quantity: '1' }] },
      Reason: 'No longer needed',
    });
    expect(wire.parse(sent().body)).toEqual(wire.parse(COLLECTION_REQUEST_XML));
  });

  test('409 NOT_DELIVERED is a rejection', async () => {
    supplierAnswers('POST', `/orders/${ORDER_ID}/collections`, 409, COLLECTION_REJECTED_XML);
    await expect(client.requestCollection(COLLECTION)).resolves.toEqual({
      ok: false,
      rejection: { code: 'NOT_DELIVERED', message: 'Nothing delivered yet', line: null },
    });
  });

  test('404 UNKNOWN_ORDER is a rejection with that code', async () => {
    supplierAnswers('POST', `/orders/${ORDER_ID}/collections`, 404, UNKNOWN_ORDER_XML);
    await expect(client.requestCollection(COLLECTION)).resolves.toMatchObject({ ok: false, rejection: { code: 'UNKNOWN_ORDER', line: null } });
  });

  test('an acceptance on a 409 is unavailable', async () => {
    supplierAnswers('POST', `/orders/${ORDER_ID}/collections`, 409, COLLECTION_ACCEPTED_XML);
    expect(await unavailable(client.requestCollection(COLLECTION))).toMatchObject({ operation: 'requestCollection', status: 409 });
  });

  test('a rejection of the wrong kind of message is unavailable', async () => {
    supplierAnswers('POST', `/orders/${ORDER_ID}/collections`, 409, CANCELLATION_REJECTED_XML);
    expect(await unavailable(client.requestCollection(COLLECTION))).toMatchObject({ operation: 'requestCollection', status: 409 });
  });

  test('a 422 with CollectionRejected is a rejection', async () => {
    supplierAnswers('POST', `/orders/${ORDER_ID}/collections`, 422, collectionRejectedToXml(ORDER_ID, { code: 'INVALID_ORDER', message: 'Nothing to collect', line: 1 }));
    await expect(client.requestCollection(COLLECTION)).resolves.toEqual({ ok: false, rejection: { code: 'INVALID_ORDER', message: 'Nothing to collect', line: 1 } });
  });
});

describe('orderStatus', () => {
  test('GETs the order and reads its StatusUpdate', async () => {
    const sent = supplierAnswers('GET', `/orders/${ORDER_ID}`, 200, STATUS_UPDATE_XML);
    await expect(client.orderStatus(ORDER_ID)).resolves.toEqual(STATUS_UPDATE);
    expect(sent().headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  test('encodes the id', async () => {
    supplierAnswers('GET', '/orders/a%2F..%2Fcatalogue', 200, STATUS_UPDATE_XML);
    await expect(client.orderStatus('a/../catalogue')).resolves.toEqual(STATUS_UPDATE);
  });

  test('404 UNKNOWN_ORDER is null: the supplier has no status for it', async () => {
    supplierAnswers('GET', `/orders/${ORDER_ID}`, 404, UNKNOWN_ORDER_XML);
    await expect(client.orderStatus(ORDER_ID)).resolves.toBeNull();
  });

  test.each([
    ['a 404 that is not UNKNOWN_ORDER', 404, HTML_ERROR_PAGE],
    ['a 500', 500, SERVICE_DOWN_XML],
    ['a StatusUpdate that does not read', 200, STATUS_UPDATE_XML.replace('SCHEDULED', 'SHIPPED')],
  ])('%s is unavailable', async (_what, status, body) => {
    supplierAnswers('GET', `/orders/${ORDER_ID}`, status, body);
    expect(await unavailable(client.orderStatus(ORDER_ID))).toMatchObject({ operation: 'orderStatus', status });
  });
});

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
