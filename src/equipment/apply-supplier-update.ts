/**
 * A supplier status update, signed and read by the adapter, applied to its
 * order: stored once per callback id (the same callback again is a
 * DUPLICATE and changes nothing), then decided by decideCallback and
 * written with the order's history and an audit row, in one transaction.
 * A failed delivery makes a task for `systemTaskTeam` in the same
 * transaction, once per callback.
 */
import { recordChange } from '../audit/audit-log.js';
import { raiseDeliveryFailedTask } from '../casework/ports.js';
import type { Viewer } from '../auth/viewer.js';
import type { Database } from '../store/database.js';
import { EquipmentOrderRepository } from './equipment-order-repository.js';
import type { SupplierStatusUpdate, SupplierUpdateOutcome } from './ports.js';
import { decideCallback } from './order-state-machine.js';
import { SUPPLIER_ACTOR } from './ports.js';

const SUPPLIER_VIEWER: Viewer = { ...SUPPLIER_ACTOR, trustOdsCode: null };

export async function applySupplierUpdate(
  db: Database,
  update: SupplierStatusUpdate,
  body: string,
  receivedAt: Date,
  systemTaskTeam: string,
): Promise<{ outcome: SupplierUpdateOutcome; why: string | null }> {
  return db.transaction(async (tx) => {
    const orders = new EquipmentOrderRepository(tx);
    const order = await orders.lockById(update.orderId);
    if (!order) return { outcome: 'UNKNOWN_ORDER', why: `no equipment order ${update.orderId}` };
    // Under the order's lock, so two deliveries of one callback cannot both pass this check.
    const seen = await tx.query('SELECT 1 FROM equipment_supplier_callbacks WHERE callback_id = $1', [update.callbackId]);
    if (seen.length > 0) return { outcome: 'DUPLICATE', why: null };
    const decision = decideCallback(order, update, SUPPLIER_ACTOR, receivedAt);
    await tx.query(
      `INSERT INTO equipment_supplier_callbacks (callback_id, order_id, status, occurred_at, received_at, outcome, body)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [update.callbackId, order.id, update.status, new Date(update.occurredAt), receivedAt, decision.outcome, body],
    );
    if (decision.order) await orders.update(decision.order);
    if (decision.outcome !== 'APPLIED') return { outcome: decision.outcome, why: decision.why };
    await orders.appendEvents([decision.event]);
    if (update.status === 'DELIVERY_FAILED') {
      await raiseDeliveryFailedTask(tx, systemTaskTeam, { orderId: order.id, callbackId: update.callbackId, reason: update.reason }, receivedAt);
    }
    await recordChange(tx, { db, viewer: SUPPLIER_VIEWER, requestId: update.callbackId, operation: `supplier callback ${update.status}`, at: receivedAt }, [order.customerId]);
    return { outcome: 'APPLIED', why: null };
  });
}
