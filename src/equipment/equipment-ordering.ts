/**
 * What the ordering workflow needs besides the store: the catalogue (through
 * its cache), the contract's delivery speeds, the coordinator's spending
 * limit and the key safe cipher. Built once in gateway.ts.
 */
import type { CatalogueCache } from './equipment-catalogue.js';
import type { DeliverySpeedTier } from './delivery-speeds.js';
import type { KeySafeCipher } from './key-safe-cipher.js';

export interface EquipmentOrdering {
  catalogue: CatalogueCache;
  deliverySpeeds: readonly DeliverySpeedTier[];
  /** Above this total an occupational therapist must authorise (EQUIPMENT_COORDINATOR_LIMIT). */
  coordinatorLimitPence: number;
  cipher: KeySafeCipher;
}
