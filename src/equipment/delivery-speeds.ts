/**
 * The delivery speed tiers of the supplier contract. Contracts differ (one
 * council buys same-day delivery, another does not), so the tiers are
 * configuration (SUPPLIER_DELIVERY_SPEEDS, JSON), read and checked here.
 */
import { ConfigError } from '../errors.js';

export interface DeliverySpeedTier {
  /** The code an order gives and the supplier reads (`NEXT_DAY`). */
  code: string;
  description: string;
  /** Working hours the contract allows; null for specials, which are by agreement. */
  workingHours: number | null;
}

/** The contract the simulator offers (adapters/equipment-supplier/README.md). */
export const DEFAULT_DELIVERY_SPEEDS: readonly DeliverySpeedTier[] = [
  { code: 'SAME_DAY', description: 'Ordered by noon, delivered today', workingHours: 8 },
  { code: 'NEXT_DAY', description: 'Next working day', workingHours: 24 },
  { code: 'TWO_TO_THREE_DAYS', description: '2-3 working days', workingHours: 72 },
  { code: 'STANDARD', description: 'Standard, 5-7 working days', workingHours: 168 },
  { code: 'SPECIAL', description: 'Specials, by agreement', workingHours: null },
];

const CODE = /^[A-Z][A-Z0-9_]{0,39}$/;

/** Reads SUPPLIER_DELIVERY_SPEEDS: a JSON array of `{ code, description, workingHours }`. */
export function parseDeliverySpeeds(json: string, variable: string): DeliverySpeedTier[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new ConfigError(variable, `is not JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(value) || value.length === 0) throw new ConfigError(variable, 'must be a non-empty JSON array of tiers');
  const tiers = value.map((tier: unknown, i): DeliverySpeedTier => {
    const { code, description, workingHours } = (tier ?? {}) as Record<string, unknown>;
    if (typeof code !== 'string' || !CODE.test(code)) throw new ConfigError(variable, `tier ${i}: code must be upper-case letters, digits and _`);
    if (typeof description !== 'string' || description.trim() === '') throw new ConfigError(variable, `tier ${code}: description is required`);
    if (workingHours !== null && (!Number.isInteger(workingHours) || (workingHours as number) <= 0)) {
      throw new ConfigError(variable, `tier ${code}: workingHours must be a positive whole number or null`);
    }
    return { code, description, workingHours: workingHours as number | null };
  });
  const codes = new Set(tiers.map((tier) => tier.code));
  if (codes.size !== tiers.length) throw new ConfigError(variable, 'tier codes must be unique');
  return tiers;
}
