import type { EquipmentOrderRecord } from '../../src/equipment/equipment-order.js';
import { orderTotalPence } from '../../src/equipment/equipment-order.js';
import {
  EQUIPMENT_ORDER_MOVES,
  EquipmentOrderTransitionError,
  moveEquipmentOrder,
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
      { itemCode: 'WF001', name: 'Walking frame', quantity: 1, unitPence: 2_850 },
      { itemCode: 'GR010', name: 'Grab rail', quantity: 3, unitPence: 900 },
    ],
    deliverySpeed: 'NEXT_DAY',
    deliveryAddress: { lines: ['1 Mill Lane'], town: 'Northgate', postcode: 'NX1 1AB' },
    accessNotes: null,
    status,
    supplierReference: null,
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
