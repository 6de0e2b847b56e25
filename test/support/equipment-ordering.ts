/**
 * Ordering dependencies for tests that build a gateway context by hand and
 * never order equipment: a supplier that refuses every call, so a test that
 * strays into ordering fails loudly instead of passing on made-up data.
 */
import { CatalogueCache } from '../../src/equipment/equipment-catalogue.js';
import type { EquipmentOrdering } from '../../src/equipment/equipment-ordering.js';
import { SupplierUnavailableError, type EquipmentSupplier } from '../../src/equipment/ports.js';
import { DEFAULT_DELIVERY_SPEEDS } from '../../src/equipment/delivery-speeds.js';
import { KeySafeCipher } from '../../src/equipment/key-safe-cipher.js';
import { randomBytes } from 'node:crypto';

export async function unusedOrdering(): Promise<EquipmentOrdering> {
  const refuse = (operation: string) => () => Promise.reject(new SupplierUnavailableError('no supplier in this test', operation, null));
  const supplier: EquipmentSupplier = {
    catalogue: refuse('catalogue'),
    submitOrder: refuse('submitOrder'),
    cancelOrder: refuse('cancelOrder'),
    requestCollection: refuse('requestCollection'),
    orderStatus: refuse('orderStatus'),
  };
  return {
    catalogue: new CatalogueCache(supplier, 60_000),
    deliverySpeeds: DEFAULT_DELIVERY_SPEEDS,
    coordinatorLimitPence: 50_000,
    cipher: KeySafeCipher.fromBase64(randomBytes(32).toString('base64')),
  };
}
