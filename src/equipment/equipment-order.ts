import type {
  EquipmentAuthorisation,
  EquipmentOrder,
  EquipmentOrderEvent,
  EquipmentOrderStatus,
  OrderLine,
} from '../generated/graphql.js';
import type { ActorRecord } from '../auth/viewer.js';
import type { Connection } from '../store/pagination.js';

/** An order line as stored: costs are whole pence so sums are exact. */
export type OrderLineRecord = Pick<OrderLine, 'itemCode' | 'name' | 'quantity' | 'fittingRequired'> & { unitPence: number };

/**
 * An equipment order as the gateway stores it: the schema's EquipmentOrder
 * with ids for what needs a lookup, and lines in pence; costs are derived.
 */
export type EquipmentOrderRecord = Omit<
  EquipmentOrder,
  '__typename' | 'customer' | 'referral' | 'lines' | 'totalCost' | 'history' | 'authorisation' | 'keySafe' | 'deliverySlot' | 'placedBy' | 'tasks'
> & {
  customerId: string;
  referralId: string | null;
  lines: OrderLineRecord[];
  placedBy: ActorRecord;
  authorisation: (Omit<EquipmentAuthorisation, '__typename' | 'by'> & { by: ActorRecord }) | null;
  /** The key safe code sealed by KeySafeCipher; null when there is none. */
  keySafeSealed: string | null;
  /** The booked delivery window, and when the supplier booked it (a later booking replaces it). */
  deliverySlot: { from: Date; to: Date; bookedAt: Date } | null;
  /** When the latest supplier update applied happened at the supplier. */
  supplierUpdatedAt: Date | null;
  updatedAt: Date;
};

export type EquipmentOrderEventRecord = Omit<EquipmentOrderEvent, '__typename' | 'by'> & { orderId: string; by: ActorRecord };

export function orderTotalPence(lines: readonly OrderLineRecord[]): number {
  return lines.reduce((sum, line) => sum + line.quantity * line.unitPence, 0);
}

export type EquipmentOrderConnectionRecord = Connection<EquipmentOrderRecord>;

export interface EquipmentOrderListFilter {
  statuses?: readonly EquipmentOrderStatus[] | null;
  customerId?: string | null;
  referralId?: string | null;
  placedSince?: Date | null;
  placedBefore?: Date | null;
  updatedSince?: Date | null;
}
