/**
 * The simulated supplier's rules for taking an order, and when it books the
 * delivery: pure functions over the contract's terms, so the order book only
 * keeps state and the rules can be read in one place.
 */
import { normalisePostcode } from '../../src/customers/ports.js';
import type { CatalogueItem, SupplierOrder, SupplierRejection } from '../../src/equipment/ports.js';
import { formatIsoInstant } from '../../src/time/instants.js';

export interface SupplierContract {
  catalogue: ReadonlyMap<string, CatalogueItem>;
  withdrawnCodes: ReadonlySet<string>;
  /** Postcode areas served: the letters that start the outward code (`LS`, `BD`). */
  servedAreas: ReadonlySet<string>;
  deliverySpeeds: ReadonlySet<string>;
}

// Made-to-order items cannot be built in a day, so the rush tiers are not offered for them.
const RUSH_SPEEDS = new Set(['SAME_DAY', 'NEXT_DAY']);

/** Why the supplier refuses this order, or null when it takes it. Checked in the order a supplier's order desk would. */
export function checkOrder(order: SupplierOrder, contract: SupplierContract): SupplierRejection | null {
  if (order.lines.length === 0) return reject('INVALID_ORDER', 'The order has no lines');
  for (const [index, line] of order.lines.entries()) {
    if (!Number.isInteger(line.quantity) || line.quantity < 1) {
      return reject('INVALID_ORDER', `Quantity ${line.quantity} is not a whole number of at least 1`, index + 1);
    }
  }
  const postcode = normalisePostcode(order.deliveryAddress.postcode);
  // NHS pseudo-postcodes (ZZ99 ...) mean no fixed or known abode: nowhere a van can go.
  if (postcode === null || postcode.startsWith('ZZ99')) {
    return reject('BAD_ADDRESS', `"${order.deliveryAddress.postcode}" is not a deliverable UK postcode`);
  }
  const area = /^[A-Z]+/.exec(postcode)?.[0] ?? '';
  if (!contract.servedAreas.has(area)) return reject('OUT_OF_AREA', `Postcode area ${area} is outside the contract area`);
  if (!contract.deliverySpeeds.has(order.deliverySpeed)) {
    return reject('SPEED_NOT_OFFERED', `Delivery speed ${order.deliverySpeed} is not a tier of this contract`);
  }
  for (const [index, line] of order.lines.entries()) {
    const item = contract.catalogue.get(line.itemCode);
    if (item === undefined) {
      return contract.withdrawnCodes.has(line.itemCode)
        ? reject('ITEM_WITHDRAWN', `Item ${line.itemCode} is no longer supplied`, index + 1)
        : reject('UNKNOWN_ITEM', `No item ${line.itemCode} in the catalogue`, index + 1);
    }
    if (item.stock === 'MADE_TO_ORDER' && RUSH_SPEEDS.has(order.deliverySpeed)) {
      return reject('SPEED_NOT_OFFERED', `Item ${item.code} is made to order and cannot go ${order.deliverySpeed}`, index + 1);
    }
  }
  return null;
}

function reject(code: SupplierRejection['code'], message: string, line: number | null = null): SupplierRejection {
  return { code, message, line };
}

// Working days from booking to delivery by tier; a tier this table does not know is treated as STANDARD.
const WORKING_DAYS: Record<string, number> = { SAME_DAY: 0, NEXT_DAY: 1, TWO_TO_THREE_DAYS: 2, STANDARD: 5, SPECIAL: 10 };
const HOUR_MS = 3_600_000;

/** The delivery window booked at `at` for a tier: a four-hour slot, later today for SAME_DAY, else a morning that many working days on. */
export function deliverySlot(speed: string, at: Date): { from: string; to: string } {
  const days = WORKING_DAYS[speed] ?? 5;
  let from: Date;
  if (days === 0) {
    // The next whole hour after a one-hour pick-and-load.
    from = new Date(Math.ceil((at.getTime() + HOUR_MS) / HOUR_MS) * HOUR_MS);
  } else {
    from = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate(), 8));
    for (let left = days; left > 0; ) {
      from.setUTCDate(from.getUTCDate() + 1);
      if (from.getUTCDay() !== 0 && from.getUTCDay() !== 6) left -= 1;
    }
  }
  return { from: formatIsoInstant(from), to: formatIsoInstant(from.getTime() + 4 * HOUR_MS) };
}
