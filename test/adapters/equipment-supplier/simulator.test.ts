/**
 * The supplier simulator over real HTTP, as the gateway's client will meet
 * it: the contract's answers and rejections, orders moving on their timer
 * with signed callbacks to a real receiver, and every fault mode. Requests
 * are written and answers read with translate.ts's gateway side, so the
 * simulator is checked against the same reading the client does. Waits are
 * polls on a condition, never fixed sleeps.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { ORDER } from './contract-messages.js';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import {
  startSupplierSimulator,
  type SimulatorOptions,
  type SupplierSimulator,
} from '../../../adapters/equipment-supplier/simulator.js';
import {
  callbackReceivedToXml,
  cancellationAnswerFromXml,
  cancellationRequestToXml,
  catalogueFromXml,
  collectionAnswerFromXml,
  collectionRequestToXml,
  orderAnswerFromXml,
  orderRequestToXml,
  statusUpdateFromXml,
  supplierErrorFromXml,
} from '../../../adapters/equipment-supplier/translate.js';
import type { SupplierOrder, SupplierStatusUpdate } from '../../../src/equipment/ports.js';

const SECRET = 'test-callback-secret';
const API_KEY = 'test-supplier-key';
const FAST_MS = 20;
// Slow enough that a request made straight after another lands before the next step, even on a loaded machine.
const SLOW_MS = 400;
const DELIVERY = ['ACCEPTED', 'SCHEDULED', 'OUT_FOR_DELIVERY', 'DELIVERED'];

// ---- The gateway's end: a callback receiver ---------------------------------

interface ReceivedCallback {
  headers: IncomingHttpHeaders;
  body: string;
  update: SupplierStatusUpdate;
  /** What the receiver answered. */
  status: number;
  /** Answered as the gateway takes a callback: a 2xx carrying CallbackReceived. */
  taken: boolean;
}

interface CallbackReceiver {
  url: string;
  received: ReceivedCallback[];
  /** Scripted answers for the next callbacks, before the default 200 APPLIED. */
  script: { status: number; body: string }[];
  /** The callbacks for an order that were taken, in arrival order. */
  delivered(orderId: string): ReceivedCallback[];
  close(): Promise<void>;
}

async function startReceiver(): Promise<CallbackReceiver> {
  const received: ReceivedCallback[] = [];
  const script: { status: number; body: string }[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const { status, body: answer } = script.shift() ?? { status: 200, body: callbackReceivedToXml('APPLIED') };
      const taken = status >= 200 && status < 300 && answer.includes('<CallbackReceived');
      received.push({ headers: request.headers, body, update: statusUpdateFromXml(body), status, taken });
      response.writeHead(status, { 'content-type': 'application/xml' }).end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/webhooks/equipment-supplier`,
    received,
    script,
    delivered: (orderId) => received.filter((r) => r.update.orderId === orderId && r.taken),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---- Helpers -------------------------------------------------------------------

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The contract README's order (a synthetic person), under a fresh order id. */
function anOrder(changes: Partial<SupplierOrder> = {}): SupplierOrder {
  return { ...ORDER, orderId: randomUUID(), ...changes };
}

function line(itemCode: string, quantity = 1): SupplierOrder['lines'][number] {
  return { itemCode, quantity, fittingRequired: false };
}

function collection(orderId: string, collectionId = 'c-1'): string {
  return collectionRequestToXml({ orderId, collectionId, lines: [{ itemCode: 'WF-001', quantity: 1 }], reason: 'No longer needed' });
}

function signatureOf(timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex')}`;
}

let receiver: CallbackReceiver;
const running: SupplierSimulator[] = [];

async function simulator(options: Partial<SimulatorOptions> = {}): Promise<SupplierSimulator & { call: typeof call }> {
  const sim = await startSupplierSimulator({ apiKey: API_KEY, callbackUrl: receiver.url, callbackSecret: SECRET, stepMs: FAST_MS, ...options });
  running.push(sim);
  async function call(method: string, path: string, body?: string, key: string | null = API_KEY, signal?: AbortSignal) {
    const headers: Record<string, string> = { 'content-type': 'application/xml' };
    if (key !== null) headers.authorization = `Bearer ${key}`;
    const response = await fetch(`${sim.url}${path}`, { method, headers, body, signal });
    return { status: response.status, text: await response.text() };
  }
  return Object.assign(sim, { call });
}

type Simulator = Awaited<ReturnType<typeof simulator>>;

const submit = (sim: Simulator, order: SupplierOrder) => sim.call('POST', '/orders', orderRequestToXml(order));
const statuses = (orderId: string) => receiver.delivered(orderId).map((r) => r.update.status);

/** The receiver records a callback before answering it, so the simulator counts it a moment after the receiver has it. */
async function callbacksCounted(sim: Simulator, sent: number): Promise<void> {
  await waitFor(`${sent} callbacks counted`, () => sim.stats().callbacksSent === sent);
}

async function delivered(sim: Simulator, order = anOrder()): Promise<SupplierOrder> {
  expect((await submit(sim, order)).status).toBe(201);
  await waitFor('delivery', () => statuses(order.orderId).includes('DELIVERED'));
  return order;
}

beforeAll(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
  receiver.script.length = 0;
});
afterAll(() => receiver.close());

// ---- The contract -------------------------------------------------------------

describe('the supplier simulator', () => {
  test('lists a catalogue of about a hundred priced items', async () => {
    const sim = await simulator();
    const { status, text } = await sim.call('GET', '/catalogue');
    expect(status).toBe(200);
    const items = catalogueFromXml(text);
    expect(items.length).toBeGreaterThanOrEqual(90);
    expect(items.length).toBeLessThanOrEqual(120);
    expect(new Set(items.map((item) => item.code)).size).toBe(items.length);
    expect(items.every((item) => Number.isInteger(item.unitPence) && item.unitPence > 0)).toBe(true);
    expect(items.find((item) => item.code === 'WF-001')).toMatchObject({ isoClass: '12 06 06', special: false });
    expect(items.find((item) => item.code === 'BED-010')).toMatchObject({ isoClass: '18 12 10', special: true });
    expect(items.some((item) => item.isoClass === null)).toBe(true);
    expect(new Set(items.map((item) => item.stock))).toEqual(new Set(['IN_STOCK', 'LOW_STOCK', 'OUT_OF_STOCK', 'MADE_TO_ORDER']));
  });

  test('accepts an order with a supplier reference, and gives the same answer to the same order again', async () => {
    const sim = await simulator();
    const order = anOrder();
    const first = await submit(sim, order);
    expect(first.status).toBe(201);
    const accepted = orderAnswerFromXml(first.text);
    expect(accepted).toEqual({ ok: true, value: { supplierReference: expect.stringMatching(/^SUP-\d{6}$/) } });
    const again = await submit(sim, order);
    expect(again.status).toBe(200);
    expect(orderAnswerFromXml(again.text)).toEqual(accepted);
    expect(sim.stats()).toMatchObject({ ordersAccepted: 1, duplicateSubmissions: 1 });
  });

  test('refuses an order id used for a different order (ORDER_ID_REUSED)', async () => {
    const sim = await simulator();
    const order = anOrder();
    await submit(sim, order);
    const reused = await submit(sim, { ...order, deliverySpeed: 'STANDARD' });
    expect(reused.status).toBe(422);
    expect(orderAnswerFromXml(reused.text)).toEqual({ ok: false, rejection: { code: 'ORDER_ID_REUSED', message: expect.any(String), line: null } });
  });

  test.each<[string, string, number | null, Partial<SupplierOrder>]>([
    ['an item not in the catalogue', 'UNKNOWN_ITEM', 2, { lines: [line('WF-001'), line('BED-999')] }],
    ['an item no longer supplied', 'ITEM_WITHDRAWN', 1, { lines: [line('BED-001')] }],
    ['a Manchester postcode', 'OUT_OF_AREA', null, { deliveryAddress: { lines: ['1 Piccadilly'], town: 'Manchester', postcode: 'M1 1AE' } }],
    ['no postcode', 'BAD_ADDRESS', null, { deliveryAddress: { lines: ['12 Church Lane'], town: 'Leeds', postcode: '' } }],
    ['text that is not a postcode', 'BAD_ADDRESS', null, { deliveryAddress: { lines: ['12 Church Lane'], town: 'Leeds', postcode: 'LEEDS 1' } }],
    ['the no-fixed-abode pseudo-postcode', 'BAD_ADDRESS', null, { deliveryAddress: { lines: ['No fixed abode'], town: null, postcode: 'ZZ99 3VZ' } }],
    ['a speed the contract has no tier for', 'SPEED_NOT_OFFERED', null, { deliverySpeed: 'WITHIN_THE_HOUR' }],
    ['a made-to-order item next day', 'SPEED_NOT_OFFERED', 2, { lines: [line('WF-001'), line('BED-013')] }],
    ['a quantity of 0', 'INVALID_ORDER', 1, { lines: [line('WF-001', 0)] }],
    ['no lines', 'INVALID_ORDER', null, { lines: [] }],
  ])('rejects an order with %s: %s', async (_name, code, line, changes) => {
    const sim = await simulator();
    const order = anOrder(changes);
    const { status, text } = await submit(sim, order);
    expect(status).toBe(422);
    expect(orderAnswerFromXml(text)).toEqual({ ok: false, rejection: { code, message: expect.any(String), line } });
    expect(sim.stats()).toMatchObject({ ordersAccepted: 0, ordersRejected: 1 });
    expect((await sim.call('GET', `/orders/${order.orderId}`)).status).toBe(404);
  });

  test('moves an order to DELIVERED a step at a time, calling back signed and in order', async () => {
    const sim = await simulator();
    const order = await delivered(sim);
    const callbacks = receiver.delivered(order.orderId);
    expect(callbacks.map((c) => c.update.status)).toEqual(DELIVERY);
    for (const { headers, body } of callbacks) {
      expect(headers['content-type']).toBe('application/xml');
      const timestamp = headers['x-supplier-timestamp'] as string;
      expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
      expect(headers['x-supplier-signature']).toBe(signatureOf(timestamp, body));
    }
    const updates = callbacks.map((c) => c.update);
    expect(new Set(updates.map((u) => u.callbackId)).size).toBe(4);
    const times = updates.map((u) => Date.parse(u.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const { supplierReference } = updates[0]!;
    expect(updates.every((u) => u.supplierReference === supplierReference)).toBe(true);
    // NEXT_DAY: the next working day's morning, after the step that booked it.
    const scheduled = updates[1]!;
    expect(Date.parse(scheduled.slot!.from)).toBeGreaterThan(Date.parse(scheduled.occurredAt));
    expect(new Date(scheduled.slot!.from).getUTCDay()).not.toBe(0);
    expect(new Date(scheduled.slot!.from).getUTCDay()).not.toBe(6);
    expect(Date.parse(scheduled.slot!.to) - Date.parse(scheduled.slot!.from)).toBe(4 * 3_600_000);

    const latest = await sim.call('GET', `/orders/${order.orderId}`);
    expect(latest.status).toBe(200);
    expect(statusUpdateFromXml(latest.text)).toEqual(updates[3]);
  });

  test('books a SAME_DAY delivery for later today or tonight, in the future', async () => {
    const sim = await simulator();
    const order = anOrder({ deliverySpeed: 'SAME_DAY' });
    await submit(sim, order);
    await waitFor('SCHEDULED', () => statuses(order.orderId).includes('SCHEDULED'));
    const scheduled = receiver.delivered(order.orderId).find((r) => r.update.status === 'SCHEDULED')!.update;
    const lead = Date.parse(scheduled.slot!.from) - Date.parse(scheduled.occurredAt);
    expect(lead).toBeGreaterThanOrEqual(3_600_000);
    expect(lead).toBeLessThanOrEqual(2 * 3_600_000);
  });

  test('fails the delivery, with a reason, when the access notes say there was no answer', async () => {
    const sim = await simulator();
    const order = anOrder({ accessNotes: 'NO ANSWER last visit: ring twice and wait' });
    await submit(sim, order);
    await waitFor('the failed delivery', () => statuses(order.orderId).includes('DELIVERY_FAILED'));
    expect(statuses(order.orderId)).toEqual(['ACCEPTED', 'SCHEDULED', 'OUT_FOR_DELIVERY', 'DELIVERY_FAILED']);
    expect(receiver.delivered(order.orderId)[3]!.update.reason).toMatch(/no answer/i);
  });

  test('answers an unknown order with 404 UNKNOWN_ORDER on every order call', async () => {
    const sim = await simulator();
    const unknown = randomUUID();
    const calls = [
      await sim.call('GET', `/orders/${unknown}`),
      await sim.call('POST', `/orders/${unknown}/cancellation`, cancellationRequestToXml('Readmitted')),
      await sim.call('POST', `/orders/${unknown}/collections`, collection(unknown)),
    ];
    for (const { status, text } of calls) {
      expect(status).toBe(404);
      expect(supplierErrorFromXml(text)).toEqual({ code: 'UNKNOWN_ORDER', message: expect.any(String) });
    }
  });
});

describe('cancellation', () => {
  test('cancels an order not yet out for delivery, again without complaint, and stops it moving', async () => {
    const sim = await simulator({ stepMs: SLOW_MS });
    const order = anOrder();
    await submit(sim, order);
    const cancel = () => sim.call('POST', `/orders/${order.orderId}/cancellation`, cancellationRequestToXml('Customer readmitted to hospital'));
    const first = await cancel();
    expect(first.status).toBe(200);
    expect(cancellationAnswerFromXml(first.text)).toEqual({ ok: true, value: { cancelled: true } });
    const latest = async () => statusUpdateFromXml((await sim.call('GET', `/orders/${order.orderId}`)).text);
    const atCancel = await latest();
    expect(['ACCEPTED', 'SCHEDULED']).toContain(atCancel.status);
    expect((await cancel()).status).toBe(200);
    expect(sim.stats().cancellations).toBe(1);
    // A second order on the same clock: by the time it is delivered, the cancelled one would have been too.
    const control = anOrder();
    await submit(sim, control);
    await waitFor('the control order', () => statuses(control.orderId).includes('DELIVERED'));
    expect(await latest()).toEqual(atCancel);
    await waitFor('the callbacks sent before cancelling', () => statuses(order.orderId).at(-1) === atCancel.status);
    expect(statuses(order.orderId)).not.toContain('OUT_FOR_DELIVERY');
  });

  test('refuses to cancel once out for delivery or delivered (409 TOO_LATE_TO_CANCEL)', async () => {
    const sim = await simulator({ stepMs: SLOW_MS });
    const order = anOrder();
    await submit(sim, order);
    await waitFor('out for delivery', () => statuses(order.orderId).includes('OUT_FOR_DELIVERY'), 10_000);
    const cancel = () => sim.call('POST', `/orders/${order.orderId}/cancellation`, cancellationRequestToXml('Changed mind'));
    for (const when of ['out for delivery', 'delivered']) {
      if (when === 'delivered') await waitFor('delivery', () => statuses(order.orderId).includes('DELIVERED'), 10_000);
      const { status, text } = await cancel();
      expect(status).toBe(409);
      expect(cancellationAnswerFromXml(text)).toEqual({ ok: false, rejection: { code: 'TOO_LATE_TO_CANCEL', message: expect.any(String), line: null } });
    }
    expect(sim.stats().cancellations).toBe(0);
  });
});

describe('collection', () => {
  test('refuses a collection before delivery (409 NOT_DELIVERED)', async () => {
    const sim = await simulator({ stepMs: SLOW_MS });
    const order = anOrder();
    await submit(sim, order);
    const { status, text } = await sim.call('POST', `/orders/${order.orderId}/collections`, collection(order.orderId));
    expect(status).toBe(409);
    expect(collectionAnswerFromXml(text)).toEqual({ ok: false, rejection: { code: 'NOT_DELIVERED', message: expect.any(String), line: null } });
  });

  test('books a collection after delivery, idempotent by collection id, and reports COLLECTED a step later', async () => {
    const sim = await simulator();
    const order = await delivered(sim);
    const book = () => sim.call('POST', `/orders/${order.orderId}/collections`, collection(order.orderId));
    const first = await book();
    expect(first.status).toBe(200);
    const answer = collectionAnswerFromXml(first.text);
    expect(answer).toEqual({ ok: true, value: { collectionReference: expect.stringMatching(/^COL-\d{6}$/) } });
    expect(collectionAnswerFromXml((await book()).text)).toEqual(answer);
    await waitFor('COLLECTED', () => statuses(order.orderId).includes('COLLECTED'));
    expect(statuses(order.orderId)).toEqual([...DELIVERY, 'COLLECTED']);
    expect(statusUpdateFromXml((await sim.call('GET', `/orders/${order.orderId}`)).text).status).toBe('COLLECTED');
    expect(sim.stats().collections).toBe(1);
  });
});

describe('callbacks', () => {
  test('retry a refused or non-contract answer with backoff, keeping the order', async () => {
    const sim = await simulator();
    receiver.script.push({ status: 503, body: 'busy' }, { status: 200, body: 'ok' }, { status: 401, body: '<Error/>' });
    const order = await delivered(sim);
    expect(statuses(order.orderId)).toEqual(DELIVERY);
    await callbacksCounted(sim, 4);
    const attempts = receiver.received.filter((r) => r.update.orderId === order.orderId).map((r) => `${r.update.status} ${r.status}`);
    expect(attempts.slice(0, 4)).toEqual(['ACCEPTED 503', 'ACCEPTED 200', 'ACCEPTED 401', 'ACCEPTED 200']);
    expect(sim.stats()).toMatchObject({ callbacksSent: 4, callbacksFailed: 3 });
  });

  test('give up after a few attempts and go on with the next', async () => {
    const sim = await simulator();
    receiver.script.push(...Array.from({ length: 4 }, () => ({ status: 500, body: 'down' })));
    const order = await delivered(sim);
    expect(statuses(order.orderId)).toEqual(['SCHEDULED', 'OUT_FOR_DELIVERY', 'DELIVERED']);
    await callbacksCounted(sim, 3);
    expect(sim.stats()).toMatchObject({ callbacksSent: 3, callbacksFailed: 4 });
  });

  test('are not sent without a callback URL, and are once one is set', async () => {
    const sim = await simulator({ callbackUrl: null });
    const before = anOrder();
    await submit(sim, before);
    const latest = async () => statusUpdateFromXml((await sim.call('GET', `/orders/${before.orderId}`)).text).status;
    await waitFor('the first order delivered', async () => (await latest()) === 'DELIVERED');
    sim.setCallbackUrl(receiver.url);
    const after = await delivered(sim);
    expect(statuses(after.orderId)).toEqual(DELIVERY);
    expect(receiver.received.filter((r) => r.update.orderId === before.orderId)).toEqual([]);
  });

  test('stop when the simulator closes', async () => {
    const closing = await simulator();
    const stopped = anOrder();
    await submit(closing, stopped);
    await closing.close();
    // Another simulator on the same step: once its order is delivered, the closed one's would have been too.
    const control = await delivered(await simulator());
    expect(statuses(control.orderId)).toHaveLength(4);
    expect(statuses(stopped.orderId).length).toBeLessThanOrEqual(1);
  });
});

describe('fault injection', () => {
  test('latencyMs delays every answer', async () => {
    const sim = await simulator();
    sim.setFaults({ latencyMs: 150 });
    const started = performance.now();
    expect((await sim.call('GET', '/catalogue')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    expect(sim.stats().faultsInjected).toBe(1);
  });

  test('failNext5xx answers the next calls 503 with <Error>, doing nothing', async () => {
    const sim = await simulator();
    sim.setFaults({ failNext5xx: 2 });
    const order = anOrder();
    for (let i = 0; i < 2; i += 1) {
      const { status, text } = await submit(sim, order);
      expect(status).toBe(503);
      expect(supplierErrorFromXml(text)?.code).toBe('UNAVAILABLE');
    }
    expect((await submit(sim, order)).status).toBe(201);
    expect(sim.stats()).toMatchObject({ requests: { submitOrder: 3 }, ordersAccepted: 1, duplicateSubmissions: 0, faultsInjected: 2 });
  });

  test('hang takes a request and never answers; close() still ends it', async () => {
    const sim = await simulator();
    sim.setFaults({ hang: true });
    await expect(sim.call('GET', '/catalogue', undefined, API_KEY, AbortSignal.timeout(200))).rejects.toThrow();
    const pending = sim.call('GET', '/catalogue');
    await waitFor('the second request', () => sim.stats().requests.catalogue === 2);
    await sim.close();
    await expect(pending).rejects.toThrow();
  });

  test('malformedNext cuts the answer short, but the call happened: a retry finds the order', async () => {
    const sim = await simulator();
    sim.setFaults({ malformedNext: 1 });
    const order = anOrder();
    const broken = await submit(sim, order);
    expect(() => orderAnswerFromXml(broken.text)).toThrow();
    const retried = await submit(sim, order);
    expect(retried.status).toBe(200);
    expect(orderAnswerFromXml(retried.text).ok).toBe(true);
    expect(sim.stats()).toMatchObject({ ordersAccepted: 1, duplicateSubmissions: 1, faultsInjected: 1 });
  });

  test('duplicateCallbacks sends every callback twice, same id and bytes', async () => {
    const sim = await simulator();
    sim.setFaults({ duplicateCallbacks: true });
    const order = anOrder();
    await submit(sim, order);
    await waitFor('both DELIVERED callbacks', () => statuses(order.orderId).filter((s) => s === 'DELIVERED').length === 2);
    const callbacks = receiver.delivered(order.orderId);
    expect(callbacks.map((c) => c.update.status)).toEqual(DELIVERY.flatMap((status) => [status, status]));
    for (let i = 0; i < callbacks.length; i += 2) expect(callbacks[i + 1]!.body).toBe(callbacks[i]!.body);
    await callbacksCounted(sim, 8);
    expect(sim.stats()).toMatchObject({ callbacksSent: 8, faultsInjected: 4 });
  });

  test('reorderCallbacks holds an order\'s callbacks until it is delivered, then sends them newest first', async () => {
    const sim = await simulator();
    sim.setFaults({ reorderCallbacks: true });
    const order = anOrder();
    await submit(sim, order);
    await waitFor('all four callbacks', () => statuses(order.orderId).length === 4);
    expect(statuses(order.orderId)).toEqual(['DELIVERED', 'OUT_FOR_DELIVERY', 'SCHEDULED', 'ACCEPTED']);
    const times = receiver.delivered(order.orderId).map((c) => Date.parse(c.update.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  test('down closes connections at once; the controls still answer, and switch it off', async () => {
    const sim = await simulator();
    const control = (faults: object) =>
      fetch(`${sim.url}/_simulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
    expect((await control({ down: true })).status).toBe(200);
    await expect(sim.call('GET', '/catalogue')).rejects.toThrow();
    const off = await control({ down: false });
    expect(await off.json()).toMatchObject({ down: false, hang: false, latencyMs: 0 });
    expect((await sim.call('GET', '/catalogue')).status).toBe(200);
  });

  test('the faults control refuses what is not a fault', async () => {
    const sim = await simulator();
    for (const body of ['{"explode":true}', '{"latencyMs":-1}', '{"hang":"yes"}', '[1]', 'not json']) {
      const response = await fetch(`${sim.url}/_simulator/faults`, { method: 'POST', body });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: expect.any(String) });
    }
  });
});

describe('the HTTP edges', () => {
  test('counts requests by operation and outcomes, readable over HTTP', async () => {
    const sim = await simulator();
    const order = anOrder();
    await sim.call('GET', '/catalogue');
    await submit(sim, order);
    await submit(sim, order);
    await submit(sim, anOrder({ deliverySpeed: 'WITHIN_THE_HOUR' }));
    await sim.call('GET', `/orders/${order.orderId}`);
    await sim.call('POST', `/orders/${randomUUID()}/cancellation`, cancellationRequestToXml('Readmitted'));
    const unknown = randomUUID();
    await sim.call('POST', `/orders/${unknown}/collections`, collection(unknown));
    await callbacksCounted(sim, 4);
    const expected = {
      requests: { catalogue: 1, submitOrder: 3, cancelOrder: 1, requestCollection: 1, orderStatus: 1 },
      ordersAccepted: 1,
      ordersRejected: 1,
      duplicateSubmissions: 1,
      cancellations: 0,
      collections: 0,
      callbacksSent: 4,
      callbacksFailed: 0,
      faultsInjected: 0,
    };
    expect(sim.stats()).toEqual(expected);
    const overHttp = await fetch(`${sim.url}/_simulator/stats`);
    expect(overHttp.status).toBe(200);
    expect(await overHttp.json()).toEqual(expected);
  });

  test('refuses a missing or wrong bearer key with 401; no key needed when none is set', async () => {
    const sim = await simulator();
    for (const key of [null, 'wrong-key', '']) {
      const { status, text } = await sim.call('GET', '/catalogue', undefined, key);
      expect(status).toBe(401);
      expect(supplierErrorFromXml(text)?.code).toBe('UNAUTHENTICATED');
    }
    const open = await simulator({ apiKey: null });
    expect((await open.call('GET', '/catalogue', undefined, null)).status).toBe(200);
  });

  test.each([
    ['broken XML', '<OrderRequest><OrderId>abc</OrderRequest>'],
    ['XML that is not an order', '<Catalogue generatedAt="2026-11-24T09:30:00Z"/>'],
    ['an order missing its customer', '<OrderRequest><OrderId>abc</OrderId></OrderRequest>'],
    [
      'a DOCTYPE with an external entity',
      '<?xml version="1.0"?><!DOCTYPE OrderRequest [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><OrderRequest><OrderId>&xxe;</OrderId></OrderRequest>',
    ],
    ['an entity expansion bomb', '<!DOCTYPE a [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><OrderRequest>&b;</OrderRequest>'],
  ])('answers %s with 400 MALFORMED', async (_name, body) => {
    const sim = await simulator();
    const { status, text } = await sim.call('POST', '/orders', body);
    expect(status).toBe(400);
    expect(supplierErrorFromXml(text)?.code).toBe('MALFORMED');
    expect(sim.stats().ordersAccepted).toBe(0);
  });

  test('answers a path outside the contract with 404 <Error>', async () => {
    const sim = await simulator();
    const { status, text } = await sim.call('DELETE', '/orders/abc');
    expect(status).toBe(404);
    expect(supplierErrorFromXml(text)?.code).toBe('NOT_FOUND');
  });
});
