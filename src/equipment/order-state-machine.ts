/**
 * The life of an equipment order as a pure state machine. The supplier's
 * status callbacks and the hub's own actions both move an order through it;
 * anything else is refused with the from and to statuses named.
 */
import type { EquipmentOrderStatus } from '../generated/graphql.js';
import type { ActorRecord } from '../auth/viewer.js';
import { GatewayError } from '../errors.js';
import type { EquipmentOrderEventRecord, EquipmentOrderRecord } from './equipment-order.js';
import type { SupplierStatusUpdate } from './ports.js';

export const EQUIPMENT_ORDER_MOVES: Readonly<Record<EquipmentOrderStatus, readonly EquipmentOrderStatus[]>> = {
  DRAFT: ['AWAITING_AUTHORISATION', 'SUBMITTED', 'CANCELLED'],
  AWAITING_AUTHORISATION: ['SUBMITTED', 'CANCELLED'],
  SUBMITTED: ['ACCEPTED', 'REJECTED', 'CANCELLED'],
  ACCEPTED: ['SCHEDULED', 'CANCELLED'],
  // Rescheduling a booked slot is a move to SCHEDULED again.
  SCHEDULED: ['SCHEDULED', 'OUT_FOR_DELIVERY', 'DELIVERED', 'DELIVERY_FAILED', 'CANCELLED'],
  OUT_FOR_DELIVERY: ['DELIVERED', 'DELIVERY_FAILED'],
  DELIVERY_FAILED: ['SCHEDULED', 'CANCELLED'],
  DELIVERED: ['COLLECTION_REQUESTED'],
  COLLECTION_REQUESTED: ['COLLECTED'],
  CANCELLED: [],
  COLLECTED: [],
  REJECTED: [],
};

export class EquipmentOrderTransitionError extends GatewayError {
  readonly code = 'EQUIPMENT_ORDER_TRANSITION_NOT_ALLOWED';
  constructor(orderId: string, from: EquipmentOrderStatus, to: EquipmentOrderStatus) {
    const allowed = EQUIPMENT_ORDER_MOVES[from];
    super(
      `Cannot move equipment order ${orderId} from ${from} to ${to}` +
        (allowed.length ? ` (from ${from} it may go to ${allowed.join(', ')})` : ` (${from} is final)`),
      { orderId, from, to, allowedTo: allowed },
    );
  }
}

export function moveEquipmentOrder(
  order: EquipmentOrderRecord,
  to: EquipmentOrderStatus,
  by: ActorRecord,
  at: Date,
  reason: string | null,
): { order: EquipmentOrderRecord; event: EquipmentOrderEventRecord } {
  if (!EQUIPMENT_ORDER_MOVES[order.status].includes(to)) {
    throw new EquipmentOrderTransitionError(order.id, order.status, to);
  }
  return {
    order: { ...order, status: to, updatedAt: at },
    event: { orderId: order.id, fromStatus: order.status, toStatus: to, at, by, reason, callbackId: null },
  };
}

/**
 * The moves a supplier status callback may make. A callback names where the
 * order is now, and callbacks can overtake each other, so one may skip steps
 * not yet heard of (DELIVERED straight after SUBMITTED): it applies when its
 * status can be reached from the order's by these moves.
 */
const CALLBACK_MOVES: Readonly<Partial<Record<EquipmentOrderStatus, readonly EquipmentOrderStatus[]>>> = {
  SUBMITTED: ['ACCEPTED'],
  ACCEPTED: ['SCHEDULED'],
  SCHEDULED: ['SCHEDULED', 'OUT_FOR_DELIVERY', 'DELIVERED', 'DELIVERY_FAILED'],
  OUT_FOR_DELIVERY: ['DELIVERED', 'DELIVERY_FAILED'],
  DELIVERY_FAILED: ['SCHEDULED'],
  COLLECTION_REQUESTED: ['COLLECTED'],
};

/** Whether `to` follows `from` by one or more callback moves: a status can follow itself round a loop (a second delivery attempt). */
export function reachableByCallback(from: EquipmentOrderStatus, to: EquipmentOrderStatus): boolean {
  const seen = new Set<EquipmentOrderStatus>([from]);
  const queue = [from];
  for (let at = queue.shift(); at !== undefined; at = queue.shift()) {
    for (const next of CALLBACK_MOVES[at] ?? []) {
      if (next === to) return true;
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return false;
}

export type CallbackDecision =
  | { outcome: 'APPLIED'; order: EquipmentOrderRecord; event: EquipmentOrderEventRecord }
  /** `order` is set when a late update still says something newer: the delivery slot it booked. */
  | { outcome: 'LATE' | 'NOT_APPLICABLE'; why: string; order: EquipmentOrderRecord | null };

/**
 * What a supplier status update does to an order. Updates are applied in the
 * order they happened at the supplier, not the order they arrive in: one
 * older than the latest applied is LATE and leaves the status alone, so
 * duplicates and reorderings end in the state the supplier is really in.
 * The delivery slot follows the newest booking the same way, even when the
 * booking arrives after the delivery it was for.
 */
export function decideCallback(order: EquipmentOrderRecord, update: SupplierStatusUpdate, by: ActorRecord, receivedAt: Date): CallbackDecision {
  const occurredAt = new Date(update.occurredAt);
  const booked = update.status === 'SCHEDULED' && update.slot && (!order.deliverySlot || occurredAt > order.deliverySlot.bookedAt);
  const slot = booked ? { from: new Date(update.slot!.from), to: new Date(update.slot!.to), bookedAt: occurredAt } : order.deliverySlot;
  const withSlot = booked ? { ...order, deliverySlot: slot, updatedAt: receivedAt } : null;
  if (order.supplierUpdatedAt && occurredAt < order.supplierUpdatedAt) {
    const why = `it happened at ${update.occurredAt}, before the update already applied (${order.supplierUpdatedAt.toISOString()})`;
    return { outcome: 'LATE', why, order: withSlot };
  }
  if (!reachableByCallback(order.status, update.status)) {
    return { outcome: 'NOT_APPLICABLE', why: `the order is ${order.status}, which a ${update.status} update cannot follow`, order: null };
  }
  const reason =
    update.status === 'SCHEDULED' && update.slot ? `Delivery booked for ${update.slot.from} to ${update.slot.to}` : update.reason;
  return {
    outcome: 'APPLIED',
    order: {
      ...order,
      status: update.status,
      supplierReference: order.supplierReference ?? update.supplierReference,
      deliverySlot: slot,
      supplierUpdatedAt: occurredAt,
      updatedAt: receivedAt,
    },
    event: { orderId: order.id, fromStatus: order.status, toStatus: update.status, at: receivedAt, by, reason, callbackId: update.callbackId },
  };
}

/**
 * The supplier refused what the hub asked (a cancellation too late, a
 * collection of nothing delivered): the order goes back to where the
 * supplier says it is, with the refusal as the reason.
 */
export function undoRefusedRequest(
  order: EquipmentOrderRecord,
  to: EquipmentOrderStatus,
  by: ActorRecord,
  at: Date,
  reason: string,
): { order: EquipmentOrderRecord; event: EquipmentOrderEventRecord } {
  const undoable = (order.status === 'CANCELLED' && to !== 'CANCELLED') || (order.status === 'COLLECTION_REQUESTED' && to === 'DELIVERED');
  if (!undoable) throw new EquipmentOrderTransitionError(order.id, order.status, to);
  return {
    order: { ...order, status: to, updatedAt: at },
    event: { orderId: order.id, fromStatus: order.status, toStatus: to, at, by, reason, callbackId: null },
  };
}
