/**
 * The port to the community equipment supplier: what the ordering workflow
 * needs from it, in the gateway's words. adapters/equipment-supplier/
 * implements it over the supplier's XML interface (its README is the wire
 * contract); the workflow never sees XML.
 */
import type { ActorRecord } from '../auth/viewer.js';
import { GatewayError } from '../errors.js';

/** An order id the supplier echoes back must be one of the gateway's own to name an order. */
export { isGatewayId } from '../gateway-ids.js';

/** Who the supplier's own changes to an order are recorded as. */
export const SUPPLIER_ACTOR: ActorRecord = { subject: 'supplier:community-equipment', name: 'Community equipment supplier', role: 'SYSTEM' };

/** How the supplier says an item can be had today. */
export type StockStatus = 'IN_STOCK' | 'LOW_STOCK' | 'OUT_OF_STOCK' | 'MADE_TO_ORDER';

export interface CatalogueItem {
  /** The supplier's item code, which order lines name. */
  code: string;
  name: string;
  /** The supplier's category name ("Walking frames"). */
  category: string;
  /** The ISO 9999 class ("12 06 06"), where the item has one. */
  isoClass: string | null;
  /** The contract price per unit, whole pence. */
  unitPence: number;
  /** A special (non-stock, or clinically restricted) item: an occupational therapist must authorise it. */
  special: boolean;
  stock: StockStatus;
}

export type ServiceType = 'DELIVERY' | 'COLLECTION' | 'EXCHANGE' | 'REPAIR';

export interface SupplierAddress {
  lines: string[];
  town: string | null;
  postcode: string;
}

/** An order as the supplier receives it. */
export interface SupplierOrder {
  /** The council's order id: the supplier's idempotency key (the same id twice is one order). */
  orderId: string;
  customer: {
    id: string;
    nhsNumber: string | null;
    title: string | null;
    givenName: string | null;
    familyName: string;
    dateOfBirth: string | null;
  };
  deliveryAddress: SupplierAddress;
  accessNotes: string | null;
  /** A secret: sent only here, never logged. */
  keySafeCode: string | null;
  contactPhone: string | null;
  /** A tier code of the contract (`NEXT_DAY`). */
  deliverySpeed: string;
  serviceType: ServiceType;
  lines: { itemCode: string; quantity: number; fittingRequired: boolean }[];
  prescriber: { id: string; name: string | null; role: string };
  clinicalReason: string | null;
}

/** Why the supplier refused an order, a cancellation or a collection: for good, not to be retried as it stands. */
export const SUPPLIER_REJECTION_CODES = [
  'UNKNOWN_ITEM',
  'ITEM_WITHDRAWN',
  'OUT_OF_AREA',
  'BAD_ADDRESS',
  'SPEED_NOT_OFFERED',
  'INVALID_ORDER',
  'ORDER_ID_REUSED',
  'UNKNOWN_ORDER',
  'TOO_LATE_TO_CANCEL',
  'NOT_DELIVERED',
] as const;
export type SupplierRejectionCode = (typeof SUPPLIER_REJECTION_CODES)[number];

export interface SupplierRejection {
  code: SupplierRejectionCode;
  message: string;
  /** The order line at fault (1-based), when the rejection is about one. */
  line: number | null;
}

export type SupplierAnswer<T> = { ok: true; value: T } | { ok: false; rejection: SupplierRejection };

export interface CollectionRequest {
  orderId: string;
  /** The council's id for this collection: its idempotency key. */
  collectionId: string;
  lines: { itemCode: string; quantity: number }[];
  reason: string | null;
}

/** Statuses the supplier reports, in callbacks and status queries. */
export type SupplierStatus = 'ACCEPTED' | 'SCHEDULED' | 'OUT_FOR_DELIVERY' | 'DELIVERED' | 'DELIVERY_FAILED' | 'COLLECTED';

export interface SupplierStatusUpdate {
  /** The supplier's id for this callback: the same id twice is one update. */
  callbackId: string;
  orderId: string;
  supplierReference: string;
  status: SupplierStatus;
  /** When it happened at the supplier (ISO 8601 instant): callbacks are applied in this order, not arrival order. */
  occurredAt: string;
  /** The booked delivery window, for SCHEDULED. */
  slot: { from: string; to: string } | null;
  /** Why, for DELIVERY_FAILED. */
  reason: string | null;
}

export interface EquipmentSupplier {
  /** The whole catalogue (a contract's price list is a few hundred items at most). */
  catalogue(signal?: AbortSignal): Promise<CatalogueItem[]>;
  submitOrder(order: SupplierOrder, signal?: AbortSignal): Promise<SupplierAnswer<{ supplierReference: string }>>;
  cancelOrder(orderId: string, reason: string, signal?: AbortSignal): Promise<SupplierAnswer<{ cancelled: true }>>;
  requestCollection(request: CollectionRequest, signal?: AbortSignal): Promise<SupplierAnswer<{ collectionReference: string }>>;
  /** The supplier's latest status for an order; null when it has none yet. */
  orderStatus(orderId: string, signal?: AbortSignal): Promise<SupplierStatusUpdate | null>;
}

/**
 * The supplier could not be reached or answered with something other than
 * the contract (5xx, timeout, malformed XML): worth trying again later.
 */
export class SupplierUnavailableError extends GatewayError {
  readonly code = 'SUPPLIER_UNAVAILABLE';
  constructor(
    message: string,
    readonly operation: string,
    readonly status: number | null,
  ) {
    super(message, { operation, status });
  }
}

/** The answer to a supplier callback, in the supplier's own terms. */
export interface WebhookReply {
  status: number;
  contentType: string;
  body: string;
}

export type SupplierUpdateOutcome = 'APPLIED' | 'DUPLICATE' | 'LATE' | 'NOT_APPLICABLE' | 'UNKNOWN_ORDER';

/** Applies one verified update; `body` is the callback as received, kept with it. */
export type ApplySupplierUpdate = (update: SupplierStatusUpdate, body: string) => Promise<{ outcome: SupplierUpdateOutcome; why: string | null }>;

/**
 * The supplier as the gateway is wired to it (main.ts builds it from the
 * adapter, so src/ never imports adapters/): the calls out, and the status
 * callbacks in.
 */
export interface EquipmentSupplierConnection {
  supplier: EquipmentSupplier;
  /** Checks a callback's signature and timestamp, reads it, applies it with `apply`, and answers. */
  receiveCallback(body: Buffer, headers: Readonly<Record<string, string | string[] | undefined>>, apply: ApplySupplierUpdate): Promise<WebhookReply>;
  /** The answer, in the supplier's terms, to a callback refused before it was read (a body over the limit). */
  refuseCallback(status: number, code: string, message: string): WebhookReply;
}
