import { publishOrderChanges } from '../live/publish-live-events.js';
import type { EquipmentOrderStatus, EquipmentServiceType } from '../generated/graphql.js';
import type { ActorRecord } from '../auth/viewer.js';
import { countsPerParent, firstRowsPerParent } from '../store/batched-pages.js';
import { bulkInsert } from '../store/bulk-insert.js';
import { CombinedWrite } from '../store/combined-write.js';
import { groupBy } from '../store/group-by.js';
import { actorFromColumns, actorToColumns, type ActorColumns } from '../auth/actor-columns.js';
import { numberPerParent } from '../store/history-rows.js';
import type { SqlExecutor } from '../store/database.js';
import { checkCursorRow, toConnection, type PageRequest } from '../store/pagination.js';
import { SqlConditions } from '../store/sql-conditions.js';
import { sql } from '../store/sql-fragment.js';
import type {
  EquipmentOrderConnectionRecord,
  EquipmentOrderEventRecord,
  EquipmentOrderListFilter,
  EquipmentOrderRecord,
  OrderLineRecord,
} from './equipment-order.js';

interface OrderRow {
  id: string;
  customer_id: string;
  referral_id: string | null;
  status: EquipmentOrderStatus;
  delivery_speed: string;
  delivery_address_lines: string[];
  delivery_town: string | null;
  delivery_postcode: string | null;
  access_notes: string | null;
  supplier_reference: string | null;
  placed_by: ActorRecord;
  placed_at: Date;
  authorisation: { by: ActorRecord; at: string; note: string | null } | null;
  idempotency_key: string | null;
  idempotency_fingerprint: string | null;
  service_type: EquipmentServiceType;
  contact_phone: string | null;
  clinical_reason: string | null;
  key_safe_sealed: string | null;
  delivery_slot_from: Date | null;
  delivery_slot_to: Date | null;
  delivery_slot_booked_at: Date | null;
  supplier_updated_at: Date | null;
  collection_reference: string | null;
  updated_at: Date;
  lines: OrderLineRecord[];
}

interface EventRow extends ActorColumns {
  order_id: string;
  sequence: number;
  from_status: EquipmentOrderStatus | null;
  to_status: EquipmentOrderStatus;
  at: Date;
  reason: string | null;
  callback_id: string | null;
}

/** Newest first. */
const NEWEST_FIRST = 'ORDER BY placed_at DESC, id DESC';

// Lines always travel with their order: one aggregate, read in one query.
const SELECT_ORDERS = `SELECT o.*, coalesce((
    SELECT jsonb_agg(jsonb_build_object('itemCode', l.item_code, 'name', l.item_name, 'quantity', l.quantity,
      'unitPence', l.unit_pence, 'fittingRequired', l.fitting_required) ORDER BY l.line_number)
    FROM equipment_order_lines l WHERE l.order_id = o.id), '[]'::jsonb) AS lines
  FROM equipment_orders o`;

export class EquipmentOrderRepository {
  constructor(private readonly db: SqlExecutor) {}

  async findByIds(ids: readonly string[]): Promise<EquipmentOrderRecord[]> {
    const rows = await this.db.query<OrderRow>(`${SELECT_ORDERS} WHERE o.id = ANY($1::uuid[])`, [ids]);
    return rows.map(orderFromRow);
  }

  /** The order, locked for a change in the caller's transaction. */
  async lockById(id: string): Promise<EquipmentOrderRecord | null> {
    const rows = await this.db.query<OrderRow>(`${SELECT_ORDERS} WHERE o.id = $1 FOR UPDATE OF o`, [id]);
    return rows[0] ? orderFromRow(rows[0]) : null;
  }

  /** Stores a change to a locked order: its new state and the history events that record it. */
  async saveChange(order: EquipmentOrderRecord, events: readonly EquipmentOrderEventRecord[]): Promise<void> {
    await this.update(order);
    await this.appendEvents(events);
  }

  /** The order placed under an idempotency key, with a fingerprint of what was asked for. */
  async findByIdempotencyKey(key: string): Promise<{ order: EquipmentOrderRecord; fingerprint: string | null } | null> {
    const rows = await this.db.query<OrderRow>(`${SELECT_ORDERS} WHERE o.idempotency_key = $1`, [key]);
    return rows[0] ? { order: orderFromRow(rows[0]), fingerprint: rows[0].idempotency_fingerprint } : null;
  }

  /** Stores a new order with its lines and first events, under the caller's idempotency key. */
  async insert(order: EquipmentOrderRecord, events: readonly EquipmentOrderEventRecord[], idempotency: { key: string; fingerprint: string }): Promise<void> {
    await this.insertMany([order], events, new Map([[order.id, idempotency]]));
    await publishOrderChanges(this.db, [order]);
  }

  /** Writes the order's changeable columns, said when the transaction commits; call with the order locked (lockById). */
  async update(order: EquipmentOrderRecord): Promise<void> {
    const { id, status, supplier_reference, authorisation, delivery_slot_from, delivery_slot_to, delivery_slot_booked_at, supplier_updated_at, collection_reference, updated_at } =
      orderToRow(order, null);
    const changeable = { id, status, supplier_reference, authorisation, delivery_slot_from, delivery_slot_to, delivery_slot_booked_at, supplier_updated_at, collection_reference, updated_at };
    await new CombinedWrite().update('equipment_orders', [changeable]).run(this.db);
    await publishOrderChanges(this.db, [order]);
  }

  /** Moves the orders placed for these referrals to another customer (their referrals moved), said as their orders' change. */
  async moveForReferrals(referralIds: readonly string[], to: string, at: Date): Promise<void> {
    if (referralIds.length === 0) return;
    await this.moveWhere('referral_id = ANY($1::uuid[])', [referralIds, to, at]);
  }

  /** Moves a customer's orders to another (two records found to be one person), said as their orders' change. */
  async moveToCustomer(from: string, to: string, at: Date): Promise<void> {
    await this.moveWhere('customer_id = $1', [from, to, at]);
  }

  /** A subscriber to the new customer's orders hears of the orders that came to it. */
  private async moveWhere(condition: string, params: [unknown, string, Date]): Promise<void> {
    const moved = await this.db.query<{ id: string; customer_id: string; referral_id: string | null }>(
      `UPDATE equipment_orders SET customer_id = $2, updated_at = $3 WHERE ${condition} RETURNING id, customer_id, referral_id`,
      params,
    );
    await publishOrderChanges(this.db, moved.map((row) => ({ id: row.id, customerId: row.customer_id, referralId: row.referral_id })));
  }

  /** Adds events after the order's last, in the order given; call with the order locked. */
  async appendEvents(events: readonly EquipmentOrderEventRecord[]): Promise<void> {
    for (const event of events) {
      const row = eventToRow(event, 0);
      await this.db.query(
        `INSERT INTO equipment_order_events (order_id, sequence, from_status, to_status, at, actor_subject, actor_name, actor_role, reason, callback_id)
         SELECT $1, coalesce(max(sequence), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9 FROM equipment_order_events WHERE order_id = $1`,
        [row.order_id, row.from_status, row.to_status, row.at, row.actor_subject, row.actor_name, row.actor_role, row.reason, row.callback_id],
      );
    }
  }

  async list(filter: EquipmentOrderListFilter, page: PageRequest): Promise<EquipmentOrderConnectionRecord> {
    const conditions = listConditions(filter);
    const count = conditions.counter(this.db, 'equipment_orders o');
    if (page.after) {
      conditions.add(sql`(o.placed_at, o.id) < (SELECT placed_at, id FROM equipment_orders WHERE id = ${page.after}::uuid)`);
    }
    const rows = await this.db.query<OrderRow>(
      `${SELECT_ORDERS} ${conditions.where()} ${NEWEST_FIRST} LIMIT ${conditions.param(page.first + 1)}`,
      conditions.params,
    );
    await checkCursorRow(this.db, 'equipment_orders', page, rows.length);
    return toConnection(rows.map(orderFromRow), page, count);
  }

  /**
   * Orders still to be delivered (not delivered, collected, cancelled,
   * refused, nor only waiting for a collection) for people whose death is
   * recorded, oldest placed first: the deliveries to stop.
   */
  async pendingOfPeopleWhoDied(limit: number): Promise<EquipmentOrderRecord[]> {
    const rows = await this.db.query<OrderRow>(
      `${SELECT_ORDERS}
       WHERE o.status IN ('DRAFT', 'AWAITING_AUTHORISATION', 'SUBMITTED', 'ACCEPTED', 'SCHEDULED', 'OUT_FOR_DELIVERY', 'DELIVERY_FAILED')
         AND o.customer_id IN (SELECT id FROM customers WHERE death_reports <> '[]'::jsonb)
       ORDER BY o.placed_at, o.id LIMIT $1`,
      [limit],
    );
    return rows.map(orderFromRow);
  }

  async newestPerCustomer(customerIds: readonly string[], limit: number): Promise<Map<string, EquipmentOrderRecord[]>> {
    return firstRowsPerParent(
      this.db,
      customerIds,
      limit,
      `${SELECT_ORDERS} WHERE o.customer_id = parent.id ${NEWEST_FIRST}`,
      orderFromRow,
      (order) => order.customerId,
    );
  }

  async countPerCustomer(customerIds: readonly string[]): Promise<Map<string, number>> {
    return countsPerParent(this.db, 'equipment_orders', 'customer_id', customerIds);
  }

  async historyOf(orderIds: readonly string[]): Promise<Map<string, EquipmentOrderEventRecord[]>> {
    const rows = await this.db.query<EventRow>(
      'SELECT * FROM equipment_order_events WHERE order_id = ANY($1::uuid[]) ORDER BY order_id, sequence',
      [orderIds],
    );
    return groupBy(
      rows.map((row) => ({
        orderId: row.order_id,
        fromStatus: row.from_status,
        toStatus: row.to_status,
        at: row.at,
        by: actorFromColumns(row),
        reason: row.reason,
        callbackId: row.callback_id,
      })),
      (event) => event.orderId,
    );
  }

  /** Stores orders with their lines and histories as given (events in order per order). */
  async insertMany(
    orders: readonly EquipmentOrderRecord[],
    events: readonly EquipmentOrderEventRecord[],
    idempotency: ReadonlyMap<string, { key: string; fingerprint: string }> = new Map(),
  ): Promise<void> {
    await bulkInsert(this.db, 'equipment_orders', orders.map((order) => orderToRow(order, idempotency.get(order.id) ?? null)));
    await bulkInsert(
      this.db,
      'equipment_order_lines',
      orders.flatMap((order) =>
        order.lines.map((line, index) => ({
          order_id: order.id,
          line_number: index + 1,
          item_code: line.itemCode,
          item_name: line.name,
          quantity: line.quantity,
          unit_pence: line.unitPence,
          fitting_required: line.fittingRequired,
        })),
      ),
    );
    await bulkInsert(
      this.db,
      'equipment_order_events',
      numberPerParent(events, (event) => event.orderId).map(([event, sequence]) => eventToRow(event, sequence)),
    );
  }
}

function listConditions(filter: EquipmentOrderListFilter): SqlConditions {
  return new SqlConditions()
    .addIf(filter.customerId, (customerId) => sql`o.customer_id = ${customerId}::uuid`)
    .addIf(filter.referralId, (referralId) => sql`o.referral_id = ${referralId}::uuid`)
    .addIf(filter.placedSince, (since) => sql`o.placed_at >= ${since}`)
    .addIf(filter.placedBefore, (before) => sql`o.placed_at < ${before}`)
    .addIf(filter.updatedSince, (since) => sql`o.updated_at >= ${since}`)
    .addIfAny(filter.statuses, (statuses) => sql`o.status = ANY(${statuses}::text[])`);
}

function orderFromRow(row: OrderRow): EquipmentOrderRecord {
  return {
    id: row.id,
    customerId: row.customer_id,
    referralId: row.referral_id,
    lines: row.lines,
    deliverySpeed: row.delivery_speed,
    deliveryAddress: { lines: row.delivery_address_lines, town: row.delivery_town, postcode: row.delivery_postcode },
    accessNotes: row.access_notes,
    keySafeSealed: row.key_safe_sealed,
    contactPhone: row.contact_phone,
    serviceType: row.service_type,
    clinicalReason: row.clinical_reason,
    deliverySlot:
      row.delivery_slot_from && row.delivery_slot_to && row.delivery_slot_booked_at
        ? { from: row.delivery_slot_from, to: row.delivery_slot_to, bookedAt: row.delivery_slot_booked_at }
        : null,
    supplierUpdatedAt: row.supplier_updated_at,
    collectionReference: row.collection_reference,
    status: row.status,
    supplierReference: row.supplier_reference,
    placedBy: row.placed_by,
    placedAt: row.placed_at,
    // jsonb has no date type: the authorisation time comes back as an ISO string
    authorisation: row.authorisation ? { ...row.authorisation, at: new Date(row.authorisation.at) } : null,
    updatedAt: row.updated_at,
  };
}

function eventToRow(event: EquipmentOrderEventRecord, sequence: number): EventRow {
  return {
    order_id: event.orderId,
    sequence,
    from_status: event.fromStatus,
    to_status: event.toStatus,
    at: event.at,
    ...actorToColumns(event.by),
    reason: event.reason,
    callback_id: event.callbackId ?? null,
  };
}

function orderToRow(order: EquipmentOrderRecord, idempotency: { key: string; fingerprint: string } | null): Omit<OrderRow, 'lines'> {
  return {
    id: order.id,
    customer_id: order.customerId,
    referral_id: order.referralId,
    status: order.status,
    delivery_speed: order.deliverySpeed,
    delivery_address_lines: order.deliveryAddress.lines,
    delivery_town: order.deliveryAddress.town,
    delivery_postcode: order.deliveryAddress.postcode,
    access_notes: order.accessNotes,
    supplier_reference: order.supplierReference,
    placed_by: order.placedBy,
    placed_at: order.placedAt,
    authorisation: order.authorisation ? { ...order.authorisation, at: order.authorisation.at.toISOString() } : null,
    idempotency_key: idempotency?.key ?? null,
    idempotency_fingerprint: idempotency?.fingerprint ?? null,
    service_type: order.serviceType,
    contact_phone: order.contactPhone,
    clinical_reason: order.clinicalReason,
    key_safe_sealed: order.keySafeSealed,
    delivery_slot_from: order.deliverySlot?.from ?? null,
    delivery_slot_to: order.deliverySlot?.to ?? null,
    delivery_slot_booked_at: order.deliverySlot?.bookedAt ?? null,
    supplier_updated_at: order.supplierUpdatedAt,
    collection_reference: order.collectionReference,
    updated_at: order.updatedAt,
  };
}
