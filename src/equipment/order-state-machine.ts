/**
 * The life of an equipment order as a pure state machine. The supplier's
 * status callbacks and the hub's own actions both move an order through it;
 * anything else is refused with the from and to statuses named.
 */
import type { Actor, EquipmentOrderStatus } from '../generated/graphql.js';
import { GatewayError } from '../errors.js';
import type { EquipmentOrderEventRecord, EquipmentOrderRecord } from './equipment-order.js';

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
  by: Actor,
  at: Date,
  reason: string | null,
): { order: EquipmentOrderRecord; event: EquipmentOrderEventRecord } {
  if (!EQUIPMENT_ORDER_MOVES[order.status].includes(to)) {
    throw new EquipmentOrderTransitionError(order.id, order.status, to);
  }
  return {
    order: { ...order, status: to, updatedAt: at },
    event: { orderId: order.id, fromStatus: order.status, toStatus: to, at, by, reason },
  };
}
