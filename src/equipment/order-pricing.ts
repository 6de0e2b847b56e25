/**
 * Prices an order against the supplier's catalogue and says whether it needs
 * an occupational therapist: any special item, or a total above the
 * coordinator's limit. Pure: the catalogue is given.
 */
import { BadInputError } from '../errors.js';
import type { OrderLineRecord } from './equipment-order.js';
import type { CatalogueItem } from './ports.js';

export interface RequestedLine {
  itemCode: string;
  quantity: number;
  fittingRequired: boolean;
}

export interface PricedOrder {
  lines: OrderLineRecord[];
  totalPence: number;
  /** Why an occupational therapist must authorise it; null when a coordinator may send it. */
  needsAuthorisation: string | null;
}

/** More of one item than a home takes is a typing slip, not an order. */
export const MAX_QUANTITY_PER_LINE = 20;
export const MAX_LINES = 30;

export function priceOrder(
  requested: readonly RequestedLine[],
  catalogue: ReadonlyMap<string, CatalogueItem>,
  coordinatorLimitPence: number,
  argument = 'input.lines',
): PricedOrder {
  if (requested.length === 0) throw new BadInputError(argument, 'an order needs at least one line');
  if (requested.length > MAX_LINES) throw new BadInputError(argument, `an order has at most ${MAX_LINES} lines`);
  const seen = new Map<string, number>();
  const items: CatalogueItem[] = [];
  const lines = requested.map((line, i): OrderLineRecord => {
    const code = line.itemCode.trim().toUpperCase();
    const item = catalogue.get(code);
    if (!item) throw new BadInputError(`${argument}[${i}].itemCode`, `no item ${JSON.stringify(line.itemCode)} in the supplier's catalogue`);
    const earlier = seen.get(code);
    if (earlier !== undefined) {
      throw new BadInputError(`${argument}[${i}].itemCode`, `${code} is already on line ${earlier + 1}: give one line with the whole quantity`);
    }
    seen.set(code, i);
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_QUANTITY_PER_LINE) {
      throw new BadInputError(`${argument}[${i}].quantity`, `must be a whole number from 1 to ${MAX_QUANTITY_PER_LINE}, not ${line.quantity}`);
    }
    items.push(item);
    return { itemCode: item.code, name: item.name, quantity: line.quantity, unitPence: item.unitPence, fittingRequired: line.fittingRequired };
  });
  const totalPence = lines.reduce((sum, line) => sum + line.unitPence * line.quantity, 0);
  const specials = items.filter((item) => item.special).map((item) => item.code);
  const needsAuthorisation = specials.length
    ? `${specials.length > 1 ? `special items ${specials.join(', ')} need` : `special item ${specials[0]} needs`} an occupational therapist's authorisation`
    : totalPence > coordinatorLimitPence
      ? `the total ${pounds(totalPence)} is above the coordinator's limit of ${pounds(coordinatorLimitPence)}`
      : null;
  return { lines, totalPence, needsAuthorisation };
}

function pounds(pence: number): string {
  return `£${(pence / 100).toFixed(2)}`;
}
