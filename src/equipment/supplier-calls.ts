/**
 * The calls an order owes the supplier (submit, cancel, collect), written to
 * the outbox in the same transaction as the change that owes them, and the
 * senders that make them. A sender reads the order as it is when the call
 * goes out, and records the supplier's answer (its reference, or a typed
 * refusal) on the order in a transaction of its own. Transport failures
 * throw, so the dispatcher retries them with backoff behind its breaker.
 */
import type { OutboxSender } from '../outbox/ports.js';
import { DeferredSendError, PermanentSendError } from '../outbox/ports.js';
import { OutboxRepository, type NewOutboxCall } from '../outbox/outbox-repository.js';
import type { Database } from '../store/database.js';
import { CustomerRepository } from '../customers/customer-repository.js';
import type { EquipmentOrderEventRecord, EquipmentOrderRecord } from './equipment-order.js';
import { EquipmentOrderRepository } from './equipment-order-repository.js';
import { SUPPLIER_ACTOR, type EquipmentSupplier, type SupplierOrder, type SupplierRejection } from './ports.js';
import { KeySafeUnreadableError, type KeySafeCipher } from './key-safe-cipher.js';
import { moveEquipmentOrder, undoRefusedRequest } from './order-state-machine.js';

export const SUPPLIER_DESTINATION = 'equipment-supplier';
export const SUBMIT_EQUIPMENT_ORDER = 'SUBMIT_EQUIPMENT_ORDER';
export const CANCEL_EQUIPMENT_ORDER = 'CANCEL_EQUIPMENT_ORDER';
export const REQUEST_EQUIPMENT_COLLECTION = 'REQUEST_EQUIPMENT_COLLECTION';

/** Who the history names for what the supplier did. */

const submitKey = (orderId: string) => `equipment:submit:${orderId}`;

export function submitCall(orderId: string): NewOutboxCall {
  return { destination: SUPPLIER_DESTINATION, operation: SUBMIT_EQUIPMENT_ORDER, idempotencyKey: submitKey(orderId), payload: { orderId } };
}

export function cancelCall(orderId: string, reason: string): NewOutboxCall {
  return { destination: SUPPLIER_DESTINATION, operation: CANCEL_EQUIPMENT_ORDER, idempotencyKey: `equipment:cancel:${orderId}`, payload: { orderId, reason } };
}

export function collectionCall(orderId: string, collectionId: string, lines: { itemCode: string; quantity: number }[], reason: string | null): NewOutboxCall {
  return {
    destination: SUPPLIER_DESTINATION,
    operation: REQUEST_EQUIPMENT_COLLECTION,
    idempotencyKey: `equipment:collect:${collectionId}`,
    payload: { orderId, collectionId, lines, reason },
  };
}

/** A cancellation waits for the order's submission to be settled, so the supplier never hears them the wrong way round. */
function submissionUnsettled(orderId: string): DeferredSendError {
  return new DeferredSendError(`equipment order ${orderId}: its submission to the supplier is still being sent; the cancellation follows it`, { orderId });
}

export function supplierSenders(db: Database, supplier: EquipmentSupplier, cipher: KeySafeCipher): Record<string, OutboxSender> {
  const orderOf = async (orderId: string) => {
    const [order] = await new EquipmentOrderRepository(db).findByIds([orderId]);
    if (!order) throw new PermanentSendError(`equipment order ${orderId} does not exist`);
    return order;
  };
  return {
    [SUBMIT_EQUIPMENT_ORDER]: async (call, signal) => {
      const order = await orderOf(String(call.payload.orderId));
      // Cancelled before it went out: nothing to send (a cancellation call follows and settles it at the supplier).
      if (order.status !== 'SUBMITTED') return;
      const [customer] = await new CustomerRepository(db).findByIds([order.customerId]);
      if (!customer) throw new PermanentSendError(`equipment order ${order.id}: customer ${order.customerId} does not exist`);
      const answer = await supplier.submitOrder(supplierOrder(order, customer, cipher), signal);
      await changeOrder(db, order.id, (current) => {
        if (answer.ok) return current.supplierReference ? null : { order: { ...current, supplierReference: answer.value.supplierReference }, events: [] };
        if (current.status !== 'SUBMITTED') return null;
        const moved = moveEquipmentOrder(current, 'REJECTED', SUPPLIER_ACTOR, new Date(), refusal(answer.rejection));
        return { order: moved.order, events: [moved.event] };
      });
    },
    [CANCEL_EQUIPMENT_ORDER]: async (call, signal) => {
      const orderId = String(call.payload.orderId);
      if ((await new OutboxRepository(db).statusOf(submitKey(orderId))) === 'PENDING') throw submissionUnsettled(orderId);
      const answer = await supplier.cancelOrder(orderId, String(call.payload.reason), signal);
      // UNKNOWN_ORDER: the supplier never had it, so there is nothing to cancel.
      if (answer.ok || answer.rejection.code === 'UNKNOWN_ORDER') return;
      const status = await supplier.orderStatus(orderId, signal);
      if (!status) {
        // It refused to cancel an order it says it has no status for: a person must look, so the call is kept as DEAD.
        throw new PermanentSendError(`equipment order ${orderId}: the supplier refused the cancellation (${refusal(answer.rejection)}) but reports no status for it`);
      }
      await changeOrder(db, orderId, (current) => {
        if (current.status !== 'CANCELLED') return null;
        const undone = undoRefusedRequest(current, status.status, SUPPLIER_ACTOR, new Date(), `The supplier refused the cancellation: ${refusal(answer.rejection)}`);
        const occurredAt = new Date(status.occurredAt);
        // Never backwards: an update already applied stays the latest.
        const supplierUpdatedAt = current.supplierUpdatedAt && current.supplierUpdatedAt > occurredAt ? current.supplierUpdatedAt : occurredAt;
        return { order: { ...undone.order, supplierUpdatedAt }, events: [undone.event] };
      });
    },
    [REQUEST_EQUIPMENT_COLLECTION]: async (call, signal) => {
      const { orderId, collectionId, lines, reason } = call.payload as { orderId: string; collectionId: string; lines: { itemCode: string; quantity: number }[]; reason: string | null };
      const answer = await supplier.requestCollection({ orderId, collectionId, lines, reason }, signal);
      await changeOrder(db, orderId, (current) => {
        if (answer.ok) return { order: { ...current, collectionReference: answer.value.collectionReference }, events: [] };
        if (current.status !== 'COLLECTION_REQUESTED') return null;
        const undone = undoRefusedRequest(current, 'DELIVERED', SUPPLIER_ACTOR, new Date(), `The supplier refused the collection: ${refusal(answer.rejection)}`);
        return { order: undone.order, events: [undone.event] };
      });
    },
  };
}

/** Locks the order, applies `change` (null: nothing to do) and stores the result, in one transaction. */
async function changeOrder(
  db: Database,
  orderId: string,
  change: (order: EquipmentOrderRecord) => { order: EquipmentOrderRecord; events: EquipmentOrderEventRecord[] } | null,
): Promise<void> {
  await db.transaction(async (tx) => {
    const orders = new EquipmentOrderRepository(tx);
    const current = await orders.lockById(orderId);
    if (!current) throw new PermanentSendError(`equipment order ${orderId} does not exist`);
    const changed = change(current);
    if (changed) await orders.saveChange(changed.order, changed.events);
  });
}

function refusal(rejection: SupplierRejection): string {
  return `${rejection.code}${rejection.line ? ` (line ${rejection.line})` : ''}: ${rejection.message}`;
}

/** A code this gateway's key cannot open will not open later either: the call is given up and kept for an operator. */
function unsealForSending(cipher: KeySafeCipher, order: EquipmentOrderRecord): string {
  try {
    return cipher.unseal(order.keySafeSealed!, order.id);
  } catch (error) {
    if (error instanceof KeySafeUnreadableError) throw new PermanentSendError(error.message);
    throw error;
  }
}

/** The order as the supplier receives it; the key safe code is unsealed only here, on its way out. */
function supplierOrder(
  order: EquipmentOrderRecord,
  customer: Awaited<ReturnType<CustomerRepository['findByIds']>>[number],
  cipher: KeySafeCipher,
): SupplierOrder {
  const placedBy = order.authorisation?.by ?? order.placedBy;
  return {
    orderId: order.id,
    customer: {
      id: customer.id,
      nhsNumber: customer.nhsNumber,
      title: customer.name.title ?? null,
      givenName: customer.name.given ?? null,
      familyName: customer.name.family,
      dateOfBirth: customer.dateOfBirth,
    },
    deliveryAddress: { lines: order.deliveryAddress.lines, town: order.deliveryAddress.town ?? null, postcode: order.deliveryAddress.postcode ?? '' },
    accessNotes: order.accessNotes,
    keySafeCode: order.keySafeSealed ? unsealForSending(cipher, order) : null,
    contactPhone: order.contactPhone,
    deliverySpeed: order.deliverySpeed,
    serviceType: order.serviceType,
    lines: order.lines.map((line) => ({ itemCode: line.itemCode, quantity: line.quantity, fittingRequired: line.fittingRequired })),
    prescriber: { id: placedBy.subject, name: placedBy.name, role: placedBy.role },
    clinicalReason: order.clinicalReason,
  };
}
