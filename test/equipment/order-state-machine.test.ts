import fc from 'fast-check';
import type { EquipmentOrderRecord } from '../../src/equipment/equipment-order.js';
import { orderTotalPence } from '../../src/equipment/equipment-order.js';
import type { SupplierStatus, SupplierStatusUpdate } from '../../src/equipment/ports.js';
import {
  EQUIPMENT_ORDER_MOVES,
  EquipmentOrderTransitionError,
  decideCallback,
  moveEquipmentOrder,
  reachableByCallback,
  undoRefusedRequest,
} from '../../src/equipment/order-state-machine.js';
import type { EquipmentOrderStatus } from '../../src/generated/graphql.js';

const supplier = { subject: 'supplier', name: null, role: 'SYSTEM' as const };
const at = new Date('2026-11-21T10:00:00Z');

function order(status: EquipmentOrderStatus): EquipmentOrderRecord {
  return {
    id: '00000000-0000-4000-8000-0000000000aa',
    customerId: '00000000-0000-4000-8000-0000000000bb',
    referralId: null,
    lines: [
      { itemCode: 'WF001', name: 'Walking frame', quantity: 1, unitPence: 2_850, fittingRequired: false },
      { itemCode: 'GR010', name: 'Grab rail', quantity: 3, unitPence: 900, fittingRequired: true },
    ],
    deliverySpeed: 'NEXT_DAY',
    deliveryAddress: { lines: ['1 Mill Lane'], town: 'Northgate', postcode: 'NX1 1AB' },
    accessNotes: null,
    keySafeSealed: null,
    contactPhone: null,
    serviceType: 'DELIVERY',
    clinicalReason: null,
    status,
    supplierReference: null,
    deliverySlot: null,
    supplierUpdatedAt: null,
    collectionReference: null,
    placedBy: { subject: 'c1', name: null, role: 'HUB_COORDINATOR' },
    placedAt: at,
    authorisation: null,
    updatedAt: at,
  };
}

// An order's life as the supplier contract describes it, written out here independently of EQUIPMENT_ORDER_MOVES.
const LEGAL: Record<EquipmentOrderStatus, EquipmentOrderStatus[]> = {
  DRAFT: ['AWAITING_AUTHORISATION', 'SUBMITTED', 'CANCELLED'],
  AWAITING_AUTHORISATION: ['SUBMITTED', 'CANCELLED'],
  SUBMITTED: ['ACCEPTED', 'REJECTED', 'CANCELLED'],
  ACCEPTED: ['SCHEDULED', 'CANCELLED'],
  SCHEDULED: ['SCHEDULED', 'OUT_FOR_DELIVERY', 'DELIVERED', 'DELIVERY_FAILED', 'CANCELLED'],
  OUT_FOR_DELIVERY: ['DELIVERED', 'DELIVERY_FAILED'],
  DELIVERY_FAILED: ['SCHEDULED', 'CANCELLED'],
  DELIVERED: ['COLLECTION_REQUESTED'],
  COLLECTION_REQUESTED: ['COLLECTED'],
  CANCELLED: [],
  COLLECTED: [],
  REJECTED: [],
};
const ALL = Object.keys(LEGAL) as EquipmentOrderStatus[];

describe('equipment order state machine', () => {
  test('knows every status', () => {
    expect(Object.keys(EQUIPMENT_ORDER_MOVES).sort()).toEqual([...ALL].sort());
  });

  test.each(ALL)('from %s, exactly the legal moves are allowed', (from) => {
    for (const to of ALL) {
      const attempt = () => moveEquipmentOrder(order(from), to, supplier, at, null);
      if (LEGAL[from].includes(to)) {
        expect(attempt()).toMatchObject({ order: { status: to }, event: { fromStatus: from, toStatus: to, by: supplier } });
      } else {
        expect(attempt).toThrow(EquipmentOrderTransitionError);
        expect(attempt).toThrow(`from ${from} to ${to}`);
      }
    }
  });

  test('cancelled, collected and rejected orders are final', () => {
    for (const status of ['CANCELLED', 'COLLECTED', 'REJECTED'] as const) {
      expect(EQUIPMENT_ORDER_MOVES[status]).toEqual([]);
      expect(() => moveEquipmentOrder(order(status), 'SUBMITTED', supplier, at, null)).toThrow(`${status} is final`);
    }
  });

  test('the total is the sum of quantity times unit cost, in pence', () => {
    expect(orderTotalPence(order('DRAFT').lines)).toBe(2_850 + 3 * 900);
  });
});

const SUPPLIER_STATUSES: SupplierStatus[] = ['ACCEPTED', 'SCHEDULED', 'OUT_FOR_DELIVERY', 'DELIVERED', 'DELIVERY_FAILED', 'COLLECTED'];

// Where a supplier callback may take an order, skipping steps not yet heard of, written out here
// independently of the module. A repeat of the same status is left to its own test below.
const CALLBACK_REACHES: Record<EquipmentOrderStatus, SupplierStatus[]> = {
  DRAFT: [],
  AWAITING_AUTHORISATION: [],
  SUBMITTED: ['ACCEPTED', 'SCHEDULED', 'OUT_FOR_DELIVERY', 'DELIVERED', 'DELIVERY_FAILED'],
  ACCEPTED: ['SCHEDULED', 'OUT_FOR_DELIVERY', 'DELIVERED', 'DELIVERY_FAILED'],
  SCHEDULED: ['SCHEDULED', 'OUT_FOR_DELIVERY', 'DELIVERED', 'DELIVERY_FAILED'],
  // A failed attempt not yet heard of, then a new booking.
  OUT_FOR_DELIVERY: ['SCHEDULED', 'DELIVERED', 'DELIVERY_FAILED'],
  DELIVERY_FAILED: ['SCHEDULED', 'OUT_FOR_DELIVERY', 'DELIVERED'],
  DELIVERED: [],
  COLLECTION_REQUESTED: ['COLLECTED'],
  CANCELLED: [],
  COLLECTED: [],
  REJECTED: [],
};

const ORDER_ID = order('DRAFT').id;
const receivedAt = new Date('2026-11-24T12:00:00Z');

function minute(n: number): string {
  return new Date(Date.UTC(2026, 10, 24, 9, n)).toISOString();
}

function update(status: SupplierStatus, occurredAt: string, extra: Partial<SupplierStatusUpdate> = {}): SupplierStatusUpdate {
  return {
    callbackId: `cb-${status}-${occurredAt}`,
    orderId: ORDER_ID,
    supplierReference: 'SUP-000123',
    status,
    occurredAt,
    slot: null,
    reason: null,
    ...extra,
  };
}

function slot(day: number): { from: string; to: string } {
  return { from: new Date(Date.UTC(2026, 10, day, 8)).toISOString(), to: new Date(Date.UTC(2026, 10, day, 12)).toISOString() };
}

/** Applies updates in arrival order, as applySupplierUpdate does one at a time. */
function applyAll(start: EquipmentOrderRecord, updates: readonly SupplierStatusUpdate[]): EquipmentOrderRecord {
  let current = start;
  for (const u of updates) {
    const decision = decideCallback(current, u, supplier, receivedAt);
    // A late update may still carry a newer slot booking: its order is then set too.
    if (decision.order) current = decision.order;
  }
  return current;
}

describe('reachableByCallback', () => {
  test.each(ALL)('from %s, a callback reaches exactly the statuses the supplier can report next', (from) => {
    for (const to of ALL) {
      if (to === from && to !== 'SCHEDULED') continue;
      expect([from, to, reachableByCallback(from, to)]).toEqual([from, to, (CALLBACK_REACHES[from] as EquipmentOrderStatus[]).includes(to)]);
    }
  });

  test('a new booking may follow a booking (a reschedule)', () => {
    expect(reachableByCallback('SCHEDULED', 'SCHEDULED')).toBe(true);
  });

  test('no callback moves an order the hub has not sent, or one that is over', () => {
    for (const from of ['DRAFT', 'AWAITING_AUTHORISATION', 'CANCELLED', 'REJECTED', 'COLLECTED', 'DELIVERED'] as const) {
      for (const to of SUPPLIER_STATUSES) expect([from, to, reachableByCallback(from, to)]).toEqual([from, to, false]);
    }
  });

  test('a callback never takes an order back to an earlier step', () => {
    expect(reachableByCallback('SCHEDULED', 'ACCEPTED')).toBe(false);
    expect(reachableByCallback('OUT_FOR_DELIVERY', 'ACCEPTED')).toBe(false);
    expect(reachableByCallback('DELIVERED', 'OUT_FOR_DELIVERY')).toBe(false);
    expect(reachableByCallback('ACCEPTED', 'ACCEPTED')).toBe(false);
  });

  test('a collection is only reported once the hub has asked for it', () => {
    expect(reachableByCallback('DELIVERED', 'COLLECTED')).toBe(false);
    expect(reachableByCallback('COLLECTION_REQUESTED', 'COLLECTED')).toBe(true);
  });

  test('whatever a callback reaches, the order could reach by its own moves', () => {
    const closure = (from: EquipmentOrderStatus): Set<EquipmentOrderStatus> => {
      const seen = new Set<EquipmentOrderStatus>();
      const queue = [from];
      for (let at = queue.shift(); at !== undefined; at = queue.shift()) {
        for (const next of LEGAL[at]) {
          if (!seen.has(next)) {
            seen.add(next);
            queue.push(next);
          }
        }
      }
      return seen;
    };
    for (const from of ALL) {
      const reachable = closure(from);
      for (const to of ALL) if (reachableByCallback(from, to)) expect([from, to, reachable.has(to)]).toEqual([from, to, true]);
    }
  });
});

describe('decideCallback', () => {
  test('applies a callback: status, supplier reference filled, supplierUpdatedAt advanced, event with the callback id', () => {
    const before = order('SUBMITTED');
    const u = update('ACCEPTED', minute(1), { callbackId: 'cb-000981' });
    const decision = decideCallback(before, u, supplier, receivedAt);
    expect(decision).toEqual({
      outcome: 'APPLIED',
      order: { ...before, status: 'ACCEPTED', supplierReference: 'SUP-000123', supplierUpdatedAt: new Date(minute(1)), updatedAt: receivedAt },
      event: { orderId: before.id, fromStatus: 'SUBMITTED', toStatus: 'ACCEPTED', at: receivedAt, by: supplier, reason: null, callbackId: 'cb-000981' },
    });
  });

  test('keeps a supplier reference the order already has', () => {
    const before = { ...order('SUBMITTED'), supplierReference: 'SUP-ORIGINAL' };
    const decision = decideCallback(before, update('ACCEPTED', minute(1), { supplierReference: 'SUP-OTHER' }), supplier, receivedAt);
    expect(decision).toMatchObject({ outcome: 'APPLIED', order: { supplierReference: 'SUP-ORIGINAL' } });
  });

  test('a SCHEDULED callback sets the delivery slot, and says so in the event', () => {
    const before = { ...order('ACCEPTED'), supplierUpdatedAt: new Date(minute(1)) };
    const decision = decideCallback(before, update('SCHEDULED', minute(2), { slot: slot(25) }), supplier, receivedAt);
    expect(decision).toMatchObject({
      outcome: 'APPLIED',
      order: { status: 'SCHEDULED', deliverySlot: { from: new Date(slot(25).from), to: new Date(slot(25).to) }, supplierUpdatedAt: new Date(minute(2)) },
      event: { fromStatus: 'ACCEPTED', toStatus: 'SCHEDULED' },
    });
    if (decision.outcome !== 'APPLIED') throw new Error('not applied');
    expect(decision.order.deliverySlot!.from).toBeInstanceOf(Date);
    expect(decision.event.reason).toContain(slot(25).from);
    expect(decision.event.reason).toContain(slot(25).to);
  });

  test('a new booking replaces the slot; later callbacks keep it', () => {
    const booked = applyAll(order('SUBMITTED'), [
      update('ACCEPTED', minute(1)),
      update('SCHEDULED', minute(2), { slot: slot(25) }),
      update('SCHEDULED', minute(3), { slot: slot(26) }),
    ]);
    expect(booked).toMatchObject({ status: 'SCHEDULED', deliverySlot: { from: new Date(slot(26).from) } });
    const out = applyAll(booked, [update('OUT_FOR_DELIVERY', minute(4))]);
    expect(out).toMatchObject({ status: 'OUT_FOR_DELIVERY', deliverySlot: { from: new Date(slot(26).from), to: new Date(slot(26).to) } });
  });

  test('a SCHEDULED callback without a slot keeps the slot there is', () => {
    const before = { ...order('SCHEDULED'), deliverySlot: { from: new Date(slot(25).from), to: new Date(slot(25).to), bookedAt: new Date(minute(2)) } };
    const decision = decideCallback(before, update('SCHEDULED', minute(5)), supplier, receivedAt);
    expect(decision).toMatchObject({ outcome: 'APPLIED', order: { deliverySlot: before.deliverySlot } });
  });

  test('a failed delivery carries the supplier\'s reason into the history', () => {
    const decision = decideCallback(order('OUT_FOR_DELIVERY'), update('DELIVERY_FAILED', minute(5), { reason: 'No answer at the door' }), supplier, receivedAt);
    expect(decision).toMatchObject({ outcome: 'APPLIED', order: { status: 'DELIVERY_FAILED' }, event: { reason: 'No answer at the door' } });
  });

  test('a callback may skip steps not yet heard of: SUBMITTED straight to DELIVERED', () => {
    const decision = decideCallback(order('SUBMITTED'), update('DELIVERED', minute(9)), supplier, receivedAt);
    expect(decision).toMatchObject({
      outcome: 'APPLIED',
      order: { status: 'DELIVERED', supplierUpdatedAt: new Date(minute(9)) },
      event: { fromStatus: 'SUBMITTED', toStatus: 'DELIVERED' },
    });
  });

  test('a callback older than the latest applied is LATE and changes nothing', () => {
    const before = { ...order('SCHEDULED'), supplierUpdatedAt: new Date(minute(5)) };
    const decision = decideCallback(before, update('OUT_FOR_DELIVERY', minute(4)), supplier, receivedAt);
    expect(decision.outcome).toBe('LATE');
    expect(decision.order).toBeNull();
    if (decision.outcome !== 'APPLIED') expect(decision.why).toContain(minute(4));
  });

  test('a callback at the same instant as the latest applied is not late', () => {
    const before = { ...order('SCHEDULED'), supplierUpdatedAt: new Date(minute(5)) };
    expect(decideCallback(before, update('OUT_FOR_DELIVERY', minute(5)), supplier, receivedAt).outcome).toBe('APPLIED');
  });

  test.each([
    ['CANCELLED', 'ACCEPTED'],
    ['CANCELLED', 'DELIVERED'],
    ['DELIVERED', 'ACCEPTED'],
    ['DELIVERED', 'SCHEDULED'],
    ['REJECTED', 'ACCEPTED'],
    ['COLLECTED', 'DELIVERED'],
    ['SCHEDULED', 'ACCEPTED'],
    ['DRAFT', 'ACCEPTED'],
    ['AWAITING_AUTHORISATION', 'SCHEDULED'],
  ] as const)('a %s order cannot take a %s callback: NOT_APPLICABLE', (from, status) => {
    const decision = decideCallback(order(from), update(status, minute(30)), supplier, receivedAt);
    expect(decision.outcome).toBe('NOT_APPLICABLE');
    if (decision.outcome !== 'APPLIED') {
      expect(decision.why).toContain(from);
      expect(decision.why).toContain(status);
    }
  });

  test('a realistic sequence in any arrival order ends DELIVERED, as at the latest callback (property)', () => {
    fc.assert(
      fc.property(arrivals(deliveryStatuses()), ({ statuses, arrival }) => {
        const updates = sequence(statuses);
        const end = applyAll(order('SUBMITTED'), arrival.map((i) => updates[i]!));
        expect(end.status).toBe('DELIVERED');
        expect(end.supplierUpdatedAt).toEqual(new Date(updates.at(-1)!.occurredAt));
        expect(end.supplierReference).toBe('SUP-000123');
      }),
    );
  });

  test('a realistic sequence in any arrival order ends DELIVERED with the last slot booked (property)', () => {
    fc.assert(
      fc.property(arrivals(deliveryStatuses()), ({ statuses, arrival }) => {
        const updates = sequence(statuses);
        const lastSlot = updates.filter((u) => u.status === 'SCHEDULED').at(-1)!.slot!;
        const end = applyAll(order('SUBMITTED'), arrival.map((i) => updates[i]!));
        expect(end.status).toBe('DELIVERED');
        expect(end.deliverySlot).toMatchObject({ from: new Date(lastSlot.from), to: new Date(lastSlot.to) });
      }),
    );
  });

  test('in order of arrival equal to order of occurrence, every callback applies and the last slot is kept', () => {
    const updates = sequence(['ACCEPTED', 'SCHEDULED', 'SCHEDULED', 'OUT_FOR_DELIVERY', 'DELIVERED']);
    let current = order('SUBMITTED');
    for (const u of updates) {
      const decision = decideCallback(current, u, supplier, receivedAt);
      expect([u.status, decision.outcome]).toEqual([u.status, 'APPLIED']);
      if (decision.outcome === 'APPLIED') current = decision.order;
    }
    expect(current).toMatchObject({ status: 'DELIVERED', deliverySlot: { from: new Date(updates[2]!.slot!.from), to: new Date(updates[2]!.slot!.to) } });
  });

  test('DELIVERED arriving before the SCHEDULED that booked it still ends with the booked slot', () => {
    const [accepted, scheduled, out, delivered] = sequence(['ACCEPTED', 'SCHEDULED', 'OUT_FOR_DELIVERY', 'DELIVERED']);
    const end = applyAll(order('SUBMITTED'), [accepted!, delivered!, scheduled!, out!]);
    expect(end.status).toBe('DELIVERED');
    expect(end.deliverySlot).toEqual({ from: new Date(scheduled!.slot!.from), to: new Date(scheduled!.slot!.to), bookedAt: new Date(scheduled!.occurredAt) });
  });

  test('a second attempt out for delivery, arriving before the failure and rebooking that came between, is not lost', () => {
    const [accepted, scheduled, out1, failed, rebooked, out2] = sequence(['ACCEPTED', 'SCHEDULED', 'OUT_FOR_DELIVERY', 'DELIVERY_FAILED', 'SCHEDULED', 'OUT_FOR_DELIVERY']);
    const end = applyAll(order('SUBMITTED'), [accepted!, scheduled!, out1!, out2!, failed!, rebooked!]);
    expect(end.status).toBe('OUT_FOR_DELIVERY');
    expect(end.supplierUpdatedAt).toEqual(new Date(out2!.occurredAt));
  });

  test('with failed attempts and rebookings, any arrival order ends in the status of the latest callback (property)', () => {
    fc.assert(
      fc.property(arrivals(attemptStatuses()), ({ statuses, arrival }) => {
        const updates = sequence(statuses);
        const end = applyAll(order('SUBMITTED'), arrival.map((i) => updates[i]!));
        expect(end.status).toBe(updates.at(-1)!.status);
        expect(end.supplierUpdatedAt).toEqual(new Date(updates.at(-1)!.occurredAt));
      }),
    );
  });
});

/** Callbacks for `statuses`, a minute apart in that order; each SCHEDULED books a slot of its own. */
function sequence(statuses: readonly SupplierStatus[]): SupplierStatusUpdate[] {
  return statuses.map((status, i) => update(status, minute(i + 1), status === 'SCHEDULED' ? { slot: slot(25 + i) } : {}));
}

/** ACCEPTED, one to three SCHEDULED (rebookings), OUT_FOR_DELIVERY, DELIVERED. */
function deliveryStatuses(): fc.Arbitrary<SupplierStatus[]> {
  return fc.integer({ min: 1, max: 3 }).map((bookings) => ['ACCEPTED', ...Array<SupplierStatus>(bookings).fill('SCHEDULED'), 'OUT_FOR_DELIVERY', 'DELIVERED']);
}

/**
 * ACCEPTED, then one to three delivery attempts (SCHEDULED, OUT_FOR_DELIVERY, DELIVERY_FAILED), the
 * last of which may stop after any step or end DELIVERED.
 */
function attemptStatuses(): fc.Arbitrary<SupplierStatus[]> {
  return fc
    .record({ attempts: fc.integer({ min: 1, max: 3 }), lastSteps: fc.integer({ min: 1, max: 3 }), delivered: fc.boolean() })
    .map(({ attempts, lastSteps, delivered }) => {
      const statuses: SupplierStatus[] = ['ACCEPTED'];
      for (let a = 1; a <= attempts; a += 1) {
        const attempt: SupplierStatus[] = ['SCHEDULED', 'OUT_FOR_DELIVERY', a === attempts && delivered ? 'DELIVERED' : 'DELIVERY_FAILED'];
        statuses.push(...(a === attempts ? attempt.slice(0, lastSteps) : attempt));
      }
      return statuses;
    });
}

/** The statuses with an arrival order: a permutation of their indices, so a counterexample reads plainly. */
function arrivals(statuses: fc.Arbitrary<SupplierStatus[]>): fc.Arbitrary<{ statuses: SupplierStatus[]; arrival: number[] }> {
  return statuses.chain((s) => {
    const indices = s.map((_, i) => i);
    return fc.shuffledSubarray(indices, { minLength: s.length, maxLength: s.length }).map((arrival) => ({ statuses: s, arrival }));
  });
}

describe('undoRefusedRequest', () => {
  test('a refused cancellation puts the order back where the supplier says it is', () => {
    const cancelled = { ...order('CANCELLED'), supplierReference: 'SUP-1' };
    const undone = undoRefusedRequest(cancelled, 'OUT_FOR_DELIVERY', supplier, receivedAt, 'The supplier refused the cancellation: out for delivery');
    expect(undone).toEqual({
      order: { ...cancelled, status: 'OUT_FOR_DELIVERY', updatedAt: receivedAt },
      event: {
        orderId: cancelled.id,
        fromStatus: 'CANCELLED',
        toStatus: 'OUT_FOR_DELIVERY',
        at: receivedAt,
        by: supplier,
        reason: 'The supplier refused the cancellation: out for delivery',
        callbackId: null,
      },
    });
  });

  test.each(['ACCEPTED', 'SCHEDULED', 'DELIVERED', 'DELIVERY_FAILED'] as const)('a cancelled order may go back to %s', (to) => {
    expect(undoRefusedRequest(order('CANCELLED'), to, supplier, receivedAt, 'refused').order.status).toBe(to);
  });

  test('a refused collection puts the order back to DELIVERED', () => {
    const undone = undoRefusedRequest(order('COLLECTION_REQUESTED'), 'DELIVERED', supplier, receivedAt, 'nothing delivered');
    expect(undone).toMatchObject({ order: { status: 'DELIVERED' }, event: { fromStatus: 'COLLECTION_REQUESTED', toStatus: 'DELIVERED', reason: 'nothing delivered' } });
  });

  test('does not touch the supplier fields or the slot', () => {
    const before = { ...order('CANCELLED'), deliverySlot: { from: new Date(slot(25).from), to: new Date(slot(25).to), bookedAt: new Date(minute(2)) }, supplierUpdatedAt: new Date(minute(3)) };
    const { order: after } = undoRefusedRequest(before, 'SCHEDULED', supplier, receivedAt, 'refused');
    expect(after.deliverySlot).toBe(before.deliverySlot);
    expect(after.supplierUpdatedAt).toBe(before.supplierUpdatedAt);
  });

  test.each([
    ['CANCELLED', 'CANCELLED'],
    ['COLLECTION_REQUESTED', 'SCHEDULED'],
    ['COLLECTION_REQUESTED', 'COLLECTED'],
    ['DELIVERED', 'SCHEDULED'],
    ['SCHEDULED', 'ACCEPTED'],
    ['SUBMITTED', 'DRAFT'],
    ['REJECTED', 'SUBMITTED'],
  ] as const)('refuses to undo from %s to %s', (from, to) => {
    const act = () => undoRefusedRequest(order(from), to, supplier, receivedAt, 'refused');
    expect(act).toThrow(EquipmentOrderTransitionError);
    expect(act).toThrow(`from ${from} to ${to}`);
  });
});
