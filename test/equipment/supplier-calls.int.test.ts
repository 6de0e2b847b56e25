/**
 * The outbox senders for the supplier calls an equipment order owes (submit,
 * cancel, collect), on each store: what the supplier is sent, read from the
 * order as it is when the call goes out, and what its answers (a reference,
 * a typed refusal, a transport failure) do to the stored order and its
 * history. The supplier is a hand-written fake of the port; the wire is
 * tested with the adapter.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { CustomerRepository } from '../../src/customers/customer-repository.js';
import type { EquipmentOrderStatus } from '../../src/generated/graphql.js';
import type { ActorRecord } from '../../src/auth/viewer.js';
import type { EquipmentOrderEventRecord, EquipmentOrderRecord } from '../../src/equipment/equipment-order.js';
import { EquipmentOrderRepository } from '../../src/equipment/equipment-order-repository.js';
import {
  SUPPLIER_ACTOR,
  SupplierUnavailableError,
  type CollectionRequest,
  type EquipmentSupplier,
  type SupplierAnswer,
  type SupplierOrder,
  type SupplierRejection,
  type SupplierStatusUpdate,
} from '../../src/equipment/ports.js';
import { KeySafeCipher } from '../../src/equipment/key-safe-cipher.js';
import {
  CANCEL_EQUIPMENT_ORDER,
  REQUEST_EQUIPMENT_COLLECTION,
  SUBMIT_EQUIPMENT_ORDER,
  cancelCall,
  collectionCall,
  submitCall,
  supplierSenders,
} from '../../src/equipment/supplier-calls.js';
import { DeferredSendError, PermanentSendError } from '../../src/outbox/ports.js';
import { OutboxRepository, type NewOutboxCall, type OutboxCall } from '../../src/outbox/outbox-repository.js';
import { seedIfEmpty } from '../../src/seed/seed-store.js';
import type { Database } from '../../src/store/database.js';
import { describeEachStore, openTestDatabase } from '../support/stores.js';

const PLACER: ActorRecord = { subject: 'coordinator:test-amara', name: 'Amara Testcoordinator', role: 'HUB_COORDINATOR' };
const OT: ActorRecord = { subject: 'ot:test-bryn', name: 'Bryn Testtherapist', role: 'OCCUPATIONAL_THERAPIST' };
const HUB_USER: ActorRecord = PLACER;
const PLACED_AT = new Date('2025-03-03T09:00:00.000Z');
const KEY_SAFE_CODE = '4821';

function newCipher(): KeySafeCipher {
  return KeySafeCipher.fromBase64(randomBytes(32).toString('base64'));
}

/** What the fake supplier was asked, in the order asked. */
type Received =
  | { operation: 'catalogue' }
  | { operation: 'submitOrder'; order: SupplierOrder }
  | { operation: 'cancelOrder'; orderId: string; reason: string }
  | { operation: 'requestCollection'; request: CollectionRequest }
  | { operation: 'orderStatus'; orderId: string };

interface FakeAnswers {
  submitOrder?: (order: SupplierOrder) => Promise<SupplierAnswer<{ supplierReference: string }>>;
  cancelOrder?: (orderId: string, reason: string) => Promise<SupplierAnswer<{ cancelled: true }>>;
  requestCollection?: (request: CollectionRequest) => Promise<SupplierAnswer<{ collectionReference: string }>>;
  orderStatus?: (orderId: string) => Promise<SupplierStatusUpdate | null>;
}

/** A supplier that records every call and answers as the test says; a call the test did not expect fails loudly. */
function fakeSupplier(answers: FakeAnswers = {}): EquipmentSupplier & { received: Received[]; signals: (AbortSignal | undefined)[] } {
  const received: Received[] = [];
  const signals: (AbortSignal | undefined)[] = [];
  const unexpected = (operation: string) => Promise.reject(new Error(`fake supplier: ${operation} was not expected in this test`));
  return {
    received,
    signals,
    catalogue(signal) {
      received.push({ operation: 'catalogue' });
      signals.push(signal);
      return unexpected('catalogue');
    },
    submitOrder(order, signal) {
      received.push({ operation: 'submitOrder', order: structuredClone(order) });
      signals.push(signal);
      return answers.submitOrder ? answers.submitOrder(order) : unexpected('submitOrder');
    },
    cancelOrder(orderId, reason, signal) {
      received.push({ operation: 'cancelOrder', orderId, reason });
      signals.push(signal);
      return answers.cancelOrder ? answers.cancelOrder(orderId, reason) : unexpected('cancelOrder');
    },
    requestCollection(request, signal) {
      received.push({ operation: 'requestCollection', request: structuredClone(request) });
      signals.push(signal);
      return answers.requestCollection ? answers.requestCollection(request) : unexpected('requestCollection');
    },
    orderStatus(orderId, signal) {
      received.push({ operation: 'orderStatus', orderId });
      signals.push(signal);
      return answers.orderStatus ? answers.orderStatus(orderId) : unexpected('orderStatus');
    },
  };
}

const rejection = (code: SupplierRejection['code'], message: string, line: number | null = null) => ({ ok: false as const, rejection: { code, message, line } });

function asCall(call: NewOutboxCall): OutboxCall {
  return { ...call, id: randomUUID(), attempts: 1, createdAt: new Date() };
}

describeEachStore('equipment supplier calls', (kind) => {
  let db: Database;
  let customerId: string;
  const cipher = newCipher();

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await seedIfEmpty(db, { customers: 20 });
    const [row] = await db.query<{ id: string }>('SELECT id FROM customers LIMIT 1');
    customerId = row!.id;
  });
  afterAll(() => db.close());

  /**
   * Stores an order that has been through `path` (the last is its status),
   * one event per step a minute apart, and returns it as stored.
   */
  async function storeOrder(path: EquipmentOrderStatus[], overrides: Partial<EquipmentOrderRecord> = {}): Promise<EquipmentOrderRecord> {
    const id = overrides.id ?? randomUUID();
    const stepAt = (i: number) => new Date(PLACED_AT.getTime() + i * 60_000);
    const order: EquipmentOrderRecord = {
      id,
      customerId,
      referralId: null,
      status: path[path.length - 1]!,
      deliverySpeed: 'NEXT_DAY',
      deliveryAddress: { lines: ['Flat 2', '14 Example Road'], town: 'Testborough', postcode: 'ZZ99 3AA' },
      accessNotes: 'Ring twice; the door sticks',
      keySafeSealed: cipher.seal(KEY_SAFE_CODE, id),
      contactPhone: '07700 900123',
      serviceType: 'DELIVERY',
      clinicalReason: 'Falls risk on the stairs',
      lines: [
        { itemCode: 'WF-001', name: 'Wheeled walking frame', quantity: 1, unitPence: 4_500, fittingRequired: false },
        { itemCode: 'GR-300', name: 'Grab rail 300mm', quantity: 2, unitPence: 1_250, fittingRequired: true },
      ],
      supplierReference: null,
      collectionReference: null,
      deliverySlot: null,
      supplierUpdatedAt: null,
      placedBy: PLACER,
      placedAt: PLACED_AT,
      authorisation: null,
      updatedAt: stepAt(path.length - 1),
      ...overrides,
    };
    const events: EquipmentOrderEventRecord[] = path.map((toStatus, i) => ({
      orderId: id,
      fromStatus: i === 0 ? null : path[i - 1]!,
      toStatus,
      at: stepAt(i),
      by: HUB_USER,
      reason: null,
      callbackId: null,
    }));
    await new EquipmentOrderRepository(db).insert(order, events, { key: `test:${id}`, fingerprint: 'test' });
    return stored(id);
  }

  async function stored(id: string): Promise<EquipmentOrderRecord> {
    const [order] = await new EquipmentOrderRepository(db).findByIds([id]);
    return order!;
  }

  async function historyOf(id: string): Promise<EquipmentOrderEventRecord[]> {
    return (await new EquipmentOrderRepository(db).historyOf([id])).get(id) ?? [];
  }

  function send(supplier: EquipmentSupplier, call: NewOutboxCall, withCipher: KeySafeCipher = cipher): Promise<void> {
    return supplierSenders(db, supplier, withCipher)[call.operation]!(asCall(call), new AbortController().signal);
  }

  /** Owes the order's submission in the outbox, and settles it when `done`. */
  async function oweSubmission(orderId: string, done: boolean): Promise<void> {
    const outbox = new OutboxRepository(db);
    await outbox.enqueue(submitCall(orderId), new Date());
    if (!done) return;
    const [row] = await db.query<{ id: string }>('SELECT id FROM outbox WHERE idempotency_key = $1', [submitCall(orderId).idempotencyKey]);
    await outbox.markDone(row!.id, new Date());
  }

  describe(SUBMIT_EQUIPMENT_ORDER, () => {
    test('sends the customer, address, lines with fitting, placer as prescriber, clinical reason and the key safe unsealed; acceptance records only the reference', async () => {
      const order = await storeOrder(['SUBMITTED']);
      const historyBefore = await historyOf(order.id);
      const [customer] = await new CustomerRepository(db).findByIds([customerId]);
      const supplier = fakeSupplier({ submitOrder: async () => ({ ok: true, value: { supplierReference: 'SUP-1001' } }) });

      await send(supplier, submitCall(order.id));

      expect(supplier.received).toEqual([
        {
          operation: 'submitOrder',
          order: {
            orderId: order.id,
            customer: {
              id: customerId,
              nhsNumber: customer!.nhsNumber,
              title: customer!.name.title ?? null,
              givenName: customer!.name.given ?? null,
              familyName: customer!.name.family,
              dateOfBirth: customer!.dateOfBirth,
            },
            deliveryAddress: { lines: ['Flat 2', '14 Example Road'], town: 'Testborough', postcode: 'ZZ99 3AA' },
            accessNotes: 'Ring twice; the door sticks',
            keySafeCode: KEY_SAFE_CODE,
            contactPhone: '07700 900123',
            deliverySpeed: 'NEXT_DAY',
            serviceType: 'DELIVERY',
            lines: [
              { itemCode: 'WF-001', quantity: 1, fittingRequired: false },
              { itemCode: 'GR-300', quantity: 2, fittingRequired: true },
            ],
            prescriber: { id: PLACER.subject, name: PLACER.name, role: PLACER.role },
            clinicalReason: 'Falls risk on the stairs',
          } satisfies SupplierOrder,
        },
      ]);
      expect(supplier.signals[0]).toBeInstanceOf(AbortSignal);
      expect(await stored(order.id)).toEqual({ ...order, supplierReference: 'SUP-1001' });
      expect(await historyOf(order.id)).toEqual(historyBefore);
    });

    test('names the authorising occupational therapist as prescriber, and sends no key safe code when there is none', async () => {
      const order = await storeOrder(['AWAITING_AUTHORISATION', 'SUBMITTED'], {
        authorisation: { by: OT, at: new Date('2025-03-03T09:30:00.000Z'), note: 'Special item agreed' },
        keySafeSealed: null,
      });
      const supplier = fakeSupplier({ submitOrder: async () => ({ ok: true, value: { supplierReference: 'SUP-1002' } }) });

      await send(supplier, submitCall(order.id));

      const [sent] = supplier.received;
      expect(sent).toMatchObject({
        operation: 'submitOrder',
        order: { orderId: order.id, keySafeCode: null, prescriber: { id: OT.subject, name: OT.name, role: 'OCCUPATIONAL_THERAPIST' } },
      });
      expect(await stored(order.id)).toEqual({ ...order, supplierReference: 'SUP-1002' });
    });

    test('a second submit of the same order does not overwrite the reference the first recorded', async () => {
      const order = await storeOrder(['SUBMITTED']);
      const references = ['SUP-2001', 'SUP-2002'];
      const supplier = fakeSupplier({ submitOrder: async () => ({ ok: true, value: { supplierReference: references.shift()! } }) });

      await send(supplier, submitCall(order.id));
      await send(supplier, submitCall(order.id));

      expect(supplier.received.map((r) => r.operation === 'submitOrder' && r.order.orderId)).toEqual([order.id, order.id]);
      expect(await stored(order.id)).toEqual({ ...order, supplierReference: 'SUP-2001' });
      expect(await historyOf(order.id)).toHaveLength(1);
    });

    test('a typed rejection moves SUBMITTED to REJECTED, by the supplier, with the code and message as the reason', async () => {
      const order = await storeOrder(['SUBMITTED']);
      const historyBefore = await historyOf(order.id);
      const supplier = fakeSupplier({ submitOrder: async () => rejection('UNKNOWN_ITEM', 'No such item on the contract', 2) });
      const before = new Date();

      await send(supplier, submitCall(order.id));

      const after = await stored(order.id);
      expect(after).toEqual({ ...order, status: 'REJECTED', updatedAt: expect.any(Date) });
      expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1);
      const history = await historyOf(order.id);
      expect(history.slice(0, -1)).toEqual(historyBefore);
      expect(history.at(-1)).toEqual({
        orderId: order.id,
        fromStatus: 'SUBMITTED',
        toStatus: 'REJECTED',
        at: after.updatedAt,
        by: SUPPLIER_ACTOR,
        reason: expect.stringContaining('UNKNOWN_ITEM'),
        callbackId: null,
      });
      expect(history.at(-1)!.reason).toContain('No such item on the contract');
      expect(history.at(-1)!.reason).toContain('line 2');
      expect(supplier.received).toHaveLength(1);
    });

    test('an order cancelled before its submission went out is not sent at all', async () => {
      const order = await storeOrder(['SUBMITTED', 'CANCELLED']);
      const historyBefore = await historyOf(order.id);
      const supplier = fakeSupplier({ submitOrder: async () => ({ ok: true, value: { supplierReference: 'SUP-NEVER' } }) });

      await send(supplier, submitCall(order.id));

      expect(supplier.received).toEqual([]);
      expect(await stored(order.id)).toEqual(order);
      expect(await historyOf(order.id)).toEqual(historyBefore);
    });

    test('SupplierUnavailableError propagates, so the dispatcher retries, and changes nothing', async () => {
      const order = await storeOrder(['SUBMITTED']);
      const historyBefore = await historyOf(order.id);
      const supplier = fakeSupplier({ submitOrder: () => Promise.reject(new SupplierUnavailableError('supplier answered 503', 'submitOrder', 503)) });

      await expect(send(supplier, submitCall(order.id))).rejects.toBeInstanceOf(SupplierUnavailableError);

      expect(supplier.received).toHaveLength(1);
      expect(await stored(order.id)).toEqual(order);
      expect(await historyOf(order.id)).toEqual(historyBefore);
    });

    test('a key safe code sealed under another key is a PermanentSendError, and nothing is sent', async () => {
      const id = randomUUID();
      const order = await storeOrder(['SUBMITTED'], { id, keySafeSealed: newCipher().seal(KEY_SAFE_CODE, id) });
      const historyBefore = await historyOf(order.id);
      const supplier = fakeSupplier({ submitOrder: async () => ({ ok: true, value: { supplierReference: 'SUP-NEVER' } }) });

      const sending = send(supplier, submitCall(order.id));
      await expect(sending).rejects.toBeInstanceOf(PermanentSendError);

      expect(supplier.received).toEqual([]);
      expect(await stored(order.id)).toEqual(order);
      expect(await historyOf(order.id)).toEqual(historyBefore);
    });
  });

  describe(CANCEL_EQUIPMENT_ORDER, () => {
    const reason = 'Customer admitted to hospital again';

    test('while the submission is still PENDING in the outbox, defers and calls nothing', async () => {
      const order = await storeOrder(['SUBMITTED', 'CANCELLED']);
      const historyBefore = await historyOf(order.id);
      await oweSubmission(order.id, false);
      const supplier = fakeSupplier({ cancelOrder: async () => ({ ok: true, value: { cancelled: true } }) });

      await expect(send(supplier, cancelCall(order.id, reason))).rejects.toBeInstanceOf(DeferredSendError);

      expect(supplier.received).toEqual([]);
      expect(await stored(order.id)).toEqual(order);
      expect(await historyOf(order.id)).toEqual(historyBefore);
    });

    test('once the submission is DONE, sends the cancellation; acceptance changes nothing', async () => {
      const order = await storeOrder(['SUBMITTED', 'CANCELLED'], { supplierReference: 'SUP-3001' });
      const historyBefore = await historyOf(order.id);
      await oweSubmission(order.id, true);
      const supplier = fakeSupplier({ cancelOrder: async () => ({ ok: true, value: { cancelled: true } }) });

      await send(supplier, cancelCall(order.id, reason));

      expect(supplier.received).toEqual([{ operation: 'cancelOrder', orderId: order.id, reason }]);
      expect(await stored(order.id)).toEqual(order);
      expect(await historyOf(order.id)).toEqual(historyBefore);
    });

    test('UNKNOWN_ORDER from the supplier is fine: nothing to cancel there, nothing changes here', async () => {
      const order = await storeOrder(['SUBMITTED', 'CANCELLED']);
      const historyBefore = await historyOf(order.id);
      await oweSubmission(order.id, true);
      const supplier = fakeSupplier({ cancelOrder: async () => rejection('UNKNOWN_ORDER', 'No order with that id') });

      await send(supplier, cancelCall(order.id, reason));

      expect(supplier.received).toEqual([{ operation: 'cancelOrder', orderId: order.id, reason }]);
      expect(await stored(order.id)).toEqual(order);
      expect(await historyOf(order.id)).toEqual(historyBefore);
    });

    test('TOO_LATE_TO_CANCEL asks the supplier where the order is and moves it from CANCELLED back there', async () => {
      const order = await storeOrder(['SUBMITTED', 'ACCEPTED', 'CANCELLED'], {
        supplierReference: 'SUP-4001',
        supplierUpdatedAt: new Date('2025-03-03T09:01:00.000Z'),
      });
      const historyBefore = await historyOf(order.id);
      await oweSubmission(order.id, true);
      const occurredAt = '2025-03-04T08:30:00.000Z';
      const supplier = fakeSupplier({
        cancelOrder: async () => rejection('TOO_LATE_TO_CANCEL', 'The van has left the depot'),
        orderStatus: async (orderId) => ({
          callbackId: 'cb-status-4001',
          orderId,
          supplierReference: 'SUP-4001',
          status: 'OUT_FOR_DELIVERY',
          occurredAt,
          slot: null,
          reason: null,
        }),
      });
      const before = new Date();

      await send(supplier, cancelCall(order.id, reason));

      expect(supplier.received).toEqual([
        { operation: 'cancelOrder', orderId: order.id, reason },
        { operation: 'orderStatus', orderId: order.id },
      ]);
      const after = await stored(order.id);
      expect(after).toEqual({ ...order, status: 'OUT_FOR_DELIVERY', supplierUpdatedAt: new Date(occurredAt), updatedAt: expect.any(Date) });
      expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1);
      const history = await historyOf(order.id);
      expect(history.slice(0, -1)).toEqual(historyBefore);
      expect(history.at(-1)).toEqual({
        orderId: order.id,
        fromStatus: 'CANCELLED',
        toStatus: 'OUT_FOR_DELIVERY',
        at: after.updatedAt,
        by: SUPPLIER_ACTOR,
        reason: expect.stringMatching(/cancel/i),
        callbackId: null,
      });
      expect(history.at(-1)!.reason).toContain('TOO_LATE_TO_CANCEL');
      expect(history.at(-1)!.reason).toContain('The van has left the depot');
    });

    test('a refused cancellation with no status from the supplier is given up for a person to look at, and the order is left as it is', async () => {
      const order = await storeOrder(['SUBMITTED', 'ACCEPTED', 'CANCELLED'], { supplierReference: 'SUP-4002' });
      await oweSubmission(order.id, true);
      const supplier = fakeSupplier({
        cancelOrder: async () => rejection('TOO_LATE_TO_CANCEL', 'Out for delivery'),
        orderStatus: async () => null,
      });
      await expect(send(supplier, cancelCall(order.id, reason))).rejects.toBeInstanceOf(PermanentSendError);
      expect(await stored(order.id)).toEqual(order);
    });

    test('a refused cancellation never moves the time of the latest supplier update backwards', async () => {
      const latest = new Date('2025-03-05T10:00:00.000Z');
      const order = await storeOrder(['SUBMITTED', 'ACCEPTED', 'CANCELLED'], { supplierReference: 'SUP-4003', supplierUpdatedAt: latest });
      await oweSubmission(order.id, true);
      const supplier = fakeSupplier({
        cancelOrder: async () => rejection('TOO_LATE_TO_CANCEL', 'Out for delivery'),
        orderStatus: async (orderId) => ({
          callbackId: 'cb-status-4003',
          orderId,
          supplierReference: 'SUP-4003',
          status: 'OUT_FOR_DELIVERY',
          occurredAt: '2025-03-04T08:30:00.000Z',
          slot: null,
          reason: null,
        }),
      });
      await send(supplier, cancelCall(order.id, reason));
      expect(await stored(order.id)).toMatchObject({ status: 'OUT_FOR_DELIVERY', supplierUpdatedAt: latest });
    });
  });

  describe(REQUEST_EQUIPMENT_COLLECTION, () => {
    const collectionLines = [{ itemCode: 'WF-001', quantity: 1 }];
    const collectPath: EquipmentOrderStatus[] = ['SUBMITTED', 'ACCEPTED', 'SCHEDULED', 'DELIVERED', 'COLLECTION_REQUESTED'];

    test('acceptance records the collection reference and nothing else', async () => {
      const order = await storeOrder(collectPath, { supplierReference: 'SUP-5001' });
      const historyBefore = await historyOf(order.id);
      const collectionId = randomUUID();
      const supplier = fakeSupplier({ requestCollection: async () => ({ ok: true, value: { collectionReference: 'COL-5001' } }) });

      await send(supplier, collectionCall(order.id, collectionId, collectionLines, 'No longer needed'));

      expect(supplier.received).toEqual([
        { operation: 'requestCollection', request: { orderId: order.id, collectionId, lines: collectionLines, reason: 'No longer needed' } },
      ]);
      expect(await stored(order.id)).toEqual({ ...order, collectionReference: 'COL-5001' });
      expect(await historyOf(order.id)).toEqual(historyBefore);
    });

    test('a NOT_DELIVERED refusal moves COLLECTION_REQUESTED back to DELIVERED, with the refusal as the reason', async () => {
      const order = await storeOrder(collectPath, { supplierReference: 'SUP-5002' });
      const historyBefore = await historyOf(order.id);
      const collectionId = randomUUID();
      const supplier = fakeSupplier({ requestCollection: async () => rejection('NOT_DELIVERED', 'Nothing on this order has been delivered') });
      const before = new Date();

      await send(supplier, collectionCall(order.id, collectionId, collectionLines, null));

      expect(supplier.received).toEqual([
        { operation: 'requestCollection', request: { orderId: order.id, collectionId, lines: collectionLines, reason: null } },
      ]);
      const after = await stored(order.id);
      expect(after).toEqual({ ...order, status: 'DELIVERED', updatedAt: expect.any(Date) });
      expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1);
      const history = await historyOf(order.id);
      expect(history.slice(0, -1)).toEqual(historyBefore);
      expect(history.at(-1)).toEqual({
        orderId: order.id,
        fromStatus: 'COLLECTION_REQUESTED',
        toStatus: 'DELIVERED',
        at: after.updatedAt,
        by: SUPPLIER_ACTOR,
        reason: expect.stringContaining('NOT_DELIVERED'),
        callbackId: null,
      });
      expect(history.at(-1)!.reason).toContain('Nothing on this order has been delivered');
    });
  });
});
