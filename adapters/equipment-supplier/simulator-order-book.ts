/**
 * The simulated supplier's order book: the orders it has taken and how each
 * moves, one status per step on a timer (ACCEPTED, SCHEDULED,
 * OUT_FOR_DELIVERY, then DELIVERED or DELIVERY_FAILED; COLLECTED a step after
 * a collection is booked). It knows nothing of HTTP or XML: it answers in
 * the port's types and tells a listener about each status change.
 */
import type {
  CollectionRequest,
  SupplierAnswer,
  SupplierOrder,
  SupplierRejection,
  SupplierStatus,
  SupplierStatusUpdate,
} from '../../src/equipment/ports.js';
import { formatIsoInstant } from '../../src/time/instants.js';
import { checkOrder, deliverySlot, type SupplierContract } from './simulator-order-checks.js';

export interface OrderBookListener {
  /** A status change, called in the order they happen. */
  status(update: SupplierStatusUpdate): void;
  /** The order has nothing more scheduled for now: delivered, failed, collected or cancelled. */
  settled(orderId: string): void;
}

export interface OrderBookCounts {
  ordersAccepted: number;
  ordersRejected: number;
  duplicateSubmissions: number;
  cancellations: number;
  collections: number;
}

interface BookedOrder {
  order: SupplierOrder;
  /** The order as first sent, to tell a resubmission from a reused id. */
  content: string;
  supplierReference: string;
  history: SupplierStatusUpdate[];
  /** Delivery statuses still to come, in order. */
  plan: SupplierStatus[];
  timer: NodeJS.Timeout | null;
  cancelled: boolean;
  /** Collection id to collection reference, for idempotent repeats. */
  collections: Map<string, string>;
}

const FAILED_DELIVERY_REASON = 'No answer at the door; calling card left, please rebook';
const PAST_CANCELLING: ReadonlySet<SupplierStatus> = new Set(['OUT_FOR_DELIVERY', 'DELIVERED', 'COLLECTED']);

export class OrderBook {
  private readonly orders = new Map<string, BookedOrder>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly tally: OrderBookCounts = { ordersAccepted: 0, ordersRejected: 0, duplicateSubmissions: 0, cancellations: 0, collections: 0 };
  private readonly sequence = { order: 0, collection: 0, callback: 0 };

  constructor(
    private readonly contract: SupplierContract,
    private readonly stepMs: number,
    private readonly listener: OrderBookListener,
  ) {}

  submit(order: SupplierOrder): SupplierAnswer<{ supplierReference: string; repeat: boolean }> {
    const content = JSON.stringify(order);
    const existing = this.orders.get(order.orderId);
    if (existing !== undefined) {
      if (existing.content !== content) {
        return this.rejected({ code: 'ORDER_ID_REUSED', message: `Order id ${order.orderId} was used for a different order`, line: null });
      }
      this.tally.duplicateSubmissions += 1;
      return { ok: true, value: { supplierReference: existing.supplierReference, repeat: true } };
    }
    const rejection = checkOrder(order, this.contract);
    if (rejection !== null) return this.rejected(rejection);
    const noAnswer = order.accessNotes?.toLowerCase().includes('no answer') ?? false;
    const booked: BookedOrder = {
      order,
      content,
      supplierReference: `SUP-${pad(++this.sequence.order)}`,
      history: [],
      plan: ['SCHEDULED', 'OUT_FOR_DELIVERY', noAnswer ? 'DELIVERY_FAILED' : 'DELIVERED'],
      timer: null,
      cancelled: false,
      collections: new Map(),
    };
    this.orders.set(order.orderId, booked);
    this.tally.ordersAccepted += 1;
    this.record(booked, 'ACCEPTED');
    this.scheduleNextStep(booked);
    return { ok: true, value: { supplierReference: booked.supplierReference, repeat: false } };
  }

  cancel(orderId: string): SupplierAnswer<{ cancelled: true }> {
    const booked = this.orders.get(orderId);
    if (booked === undefined) return unknownOrder(orderId);
    if (!booked.cancelled) {
      const latest = booked.history.at(-1)!.status;
      if (PAST_CANCELLING.has(latest)) {
        const message = latest === 'OUT_FOR_DELIVERY' ? 'Out for delivery' : 'Already delivered';
        return { ok: false, rejection: { code: 'TOO_LATE_TO_CANCEL', message, line: null } };
      }
      booked.cancelled = true;
      booked.plan = [];
      if (booked.timer !== null) this.clear(booked.timer);
      this.tally.cancellations += 1;
      this.listener.settled(orderId);
    }
    return { ok: true, value: { cancelled: true } };
  }

  collect(request: CollectionRequest): SupplierAnswer<{ collectionReference: string }> {
    const booked = this.orders.get(request.orderId);
    if (booked === undefined) return unknownOrder(request.orderId);
    const known = booked.collections.get(request.collectionId);
    if (known !== undefined) return { ok: true, value: { collectionReference: known } };
    if (!booked.history.some((update) => update.status === 'DELIVERED')) {
      return { ok: false, rejection: { code: 'NOT_DELIVERED', message: 'Nothing has been delivered to collect', line: null } };
    }
    const collectionReference = `COL-${pad(++this.sequence.collection)}`;
    booked.collections.set(request.collectionId, collectionReference);
    this.tally.collections += 1;
    this.after(() => {
      this.record(booked, 'COLLECTED');
      this.listener.settled(request.orderId);
    });
    return { ok: true, value: { collectionReference } };
  }

  latest(orderId: string): SupplierAnswer<SupplierStatusUpdate> {
    const booked = this.orders.get(orderId);
    return booked === undefined ? unknownOrder(orderId) : { ok: true, value: booked.history.at(-1)! };
  }

  counts(): OrderBookCounts {
    return { ...this.tally };
  }

  /** Stops every order where it stands. */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private scheduleNextStep(booked: BookedOrder): void {
    booked.timer = this.after(() => {
      booked.timer = null;
      const status = booked.plan.shift();
      if (status === undefined) return;
      this.record(booked, status);
      if (booked.plan.length > 0) this.scheduleNextStep(booked);
      else this.listener.settled(booked.order.orderId);
    });
  }

  private record(booked: BookedOrder, status: SupplierStatus): void {
    const occurredAt = new Date();
    const update: SupplierStatusUpdate = {
      callbackId: `cb-${pad(++this.sequence.callback)}`,
      orderId: booked.order.orderId,
      supplierReference: booked.supplierReference,
      status,
      // Milliseconds kept: steps can be closer than a second apart, and the gateway orders updates by this.
      occurredAt: formatIsoInstant(occurredAt),
      slot: status === 'SCHEDULED' ? deliverySlot(booked.order.deliverySpeed, occurredAt) : null,
      reason: status === 'DELIVERY_FAILED' ? FAILED_DELIVERY_REASON : null,
    };
    booked.history.push(update);
    this.listener.status(update);
  }

  private rejected(rejection: SupplierRejection): SupplierAnswer<never> {
    this.tally.ordersRejected += 1;
    return { ok: false, rejection };
  }

  private after(step: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      step();
    }, this.stepMs);
    // A simulator left running must not keep a test run or a stopping gateway alive.
    timer.unref();
    this.timers.add(timer);
    return timer;
  }

  private clear(timer: NodeJS.Timeout): void {
    clearTimeout(timer);
    this.timers.delete(timer);
  }
}

function unknownOrder(orderId: string): SupplierAnswer<never> {
  return { ok: false, rejection: { code: 'UNKNOWN_ORDER', message: `No order ${orderId}`, line: null } };
}

function pad(n: number): string {
  return String(n).padStart(6, '0');
}
