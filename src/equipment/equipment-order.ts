import type { Actor, Address, EquipmentOrderStatus } from '../generated/graphql.js';
import type { Connection } from '../store/pagination.js';

export interface OrderLineRecord {
  itemCode: string;
  name: string;
  quantity: number;
  unitPence: number;
}

/** An equipment order as the gateway stores it. Costs are whole pence so sums are exact. */
export interface EquipmentOrderRecord {
  id: string;
  customerId: string;
  referralId: string | null;
  lines: OrderLineRecord[];
  deliverySpeed: string;
  deliveryAddress: Address;
  accessNotes: string | null;
  status: EquipmentOrderStatus;
  supplierReference: string | null;
  placedBy: Actor;
  placedAt: Date;
  authorisation: { by: Actor; at: Date; note: string | null } | null;
  updatedAt: Date;
}

export interface EquipmentOrderEventRecord {
  orderId: string;
  fromStatus: EquipmentOrderStatus | null;
  toStatus: EquipmentOrderStatus;
  at: Date;
  by: Actor;
  reason: string | null;
}

export function orderTotalPence(lines: readonly OrderLineRecord[]): number {
  return lines.reduce((sum, line) => sum + line.quantity * line.unitPence, 0);
}

export type EquipmentOrderConnectionRecord = Connection<EquipmentOrderRecord>;

export interface EquipmentOrderListFilter {
  statuses?: readonly EquipmentOrderStatus[] | null;
  customerId?: string | null;
  referralId?: string | null;
  placedSince?: Date | null;
}
