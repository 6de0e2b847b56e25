/**
 * The hub's changes to an order after it is placed: an occupational
 * therapist's authorisation, a cancellation, a request to collect. Each locks
 * the order, runs the state machine, and stores the change, its history, its
 * audit row and the call it owes the supplier in one transaction.
 */
import { randomUUID } from 'node:crypto';
import { recordChange, type ChangeMaker } from '../audit/audit-log.js';
import { BadInputError, ForbiddenError, NotFoundError } from '../errors.js';
import { OutboxRepository, type NewOutboxCall } from '../outbox/outbox-repository.js';
import type { EquipmentOrderEventRecord, EquipmentOrderRecord } from './equipment-order.js';
import { EquipmentOrderRepository } from './equipment-order-repository.js';
import { moveEquipmentOrder } from './order-state-machine.js';
import { cancelCall, collectionCall, submitCall } from './supplier-calls.js';
import { actorOf } from '../auth/viewer.js';

/** Statuses in which the supplier has, or may have, the order: a cancellation must be sent to it. */
const SUPPLIER_HAS_IT = new Set(['SUBMITTED', 'ACCEPTED', 'SCHEDULED', 'DELIVERY_FAILED']);

type Change = (order: EquipmentOrderRecord) => { order: EquipmentOrderRecord; events: EquipmentOrderEventRecord[]; call: NewOutboxCall | null };

async function changeOrder(by: ChangeMaker, orderId: string, change: Change): Promise<EquipmentOrderRecord> {
  return by.db.transaction(async (tx) => {
    const orders = new EquipmentOrderRepository(tx);
    const current = await orders.lockById(orderId);
    if (!current) throw new NotFoundError('Equipment order', orderId);
    const { order, events, call } = change(current);
    await orders.saveChange(order, events);
    if (call) await new OutboxRepository(tx).enqueue(call, by.at);
    await recordChange(tx, by, [order.customerId]);
    return order;
  });
}


export function authoriseEquipmentOrder(by: ChangeMaker, orderId: string, note: string | null): Promise<EquipmentOrderRecord> {
  return changeOrder(by, orderId, (current) => {
    // Four eyes: whoever placed an order cannot also authorise it.
    if (current.placedBy.subject === by.viewer.subject) {
      throw new ForbiddenError(`Equipment order ${orderId} was placed by you: another occupational therapist must authorise it`, { orderId });
    }
    const actor = actorOf(by.viewer);
    const { order, event } = moveEquipmentOrder(current, 'SUBMITTED', actor, by.at, note ?? 'Authorised');
    return { order: { ...order, authorisation: { by: actor, at: by.at, note } }, events: [event], call: submitCall(order.id) };
  });
}

export function cancelEquipmentOrder(by: ChangeMaker, orderId: string, reason: string): Promise<EquipmentOrderRecord> {
  return changeOrder(by, orderId, (current) => {
    const { order, event } = moveEquipmentOrder(current, 'CANCELLED', actorOf(by.viewer), by.at, reason);
    return { order, events: [event], call: SUPPLIER_HAS_IT.has(current.status) ? cancelCall(order.id, reason) : null };
  });
}

export function requestEquipmentCollection(
  by: ChangeMaker,
  orderId: string,
  lines: readonly { itemCode: string; quantity: number }[],
): Promise<EquipmentOrderRecord> {
  return changeOrder(by, orderId, (current) => {
    if (lines.length === 0) throw new BadInputError('lines', 'name at least one item to collect');
    const wanted = lines.map((line, i) => {
      const delivered = current.lines.find((ordered) => ordered.itemCode === line.itemCode.trim().toUpperCase());
      if (!delivered) throw new BadInputError(`lines[${i}].itemCode`, `${line.itemCode} is not on order ${orderId}`);
      if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > delivered.quantity) {
        throw new BadInputError(`lines[${i}].quantity`, `must be from 1 to the ${delivered.quantity} delivered`);
      }
      return { itemCode: delivered.itemCode, quantity: line.quantity };
    });
    const reason = `Collect ${wanted.map((line) => `${line.quantity} x ${line.itemCode}`).join(', ')}`;
    const { order, event } = moveEquipmentOrder(current, 'COLLECTION_REQUESTED', actorOf(by.viewer), by.at, reason);
    return { order, events: [event], call: collectionCall(order.id, `collect-${randomUUID()}`, wanted, null) };
  });
}
