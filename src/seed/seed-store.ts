import { CustomerRepository } from '../customers/customer-repository.js';
import { EquipmentOrderRepository } from '../equipment/equipment-order-repository.js';
import { OrganisationRepository } from '../organisations/organisation-repository.js';
import { ReferralRepository } from '../referrals/referral-repository.js';
import type { Database } from '../store/database.js';
import { generateSyntheticHub, type SyntheticHub, type SyntheticHubOptions } from './synthetic-hub.js';

// Any constant works; it only has to be the same for every gateway sharing a database.
const SEED_LOCK_KEY = 7_421_002;

export interface SeedResult {
  seeded: boolean;
  customers: number;
  referrals: number;
  equipmentOrders: number;
}

/**
 * Writes the synthetic hub into an empty store, in one transaction. Does
 * nothing if the store already has customers, so it is safe on every start
 * and when several gateways start at once (they queue on an advisory lock).
 */
export async function seedIfEmpty(db: Database, options: SyntheticHubOptions = {}): Promise<SeedResult> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK_KEY]);
    const customers = new CustomerRepository(tx);
    if ((await customers.count()) > 0) return { seeded: false, customers: 0, referrals: 0, equipmentOrders: 0 };
    const hub: SyntheticHub = generateSyntheticHub(options);
    await new OrganisationRepository(tx).insertMany(hub.organisations);
    await customers.insertMany(hub.customers, hub.identities);
    await new ReferralRepository(tx).insertMany(hub.referrals, hub.referralEvents);
    await new EquipmentOrderRepository(tx).insertMany(hub.equipmentOrders, hub.equipmentOrderEvents);
    return {
      seeded: true,
      customers: hub.customers.length,
      referrals: hub.referrals.length,
      equipmentOrders: hub.equipmentOrders.length,
    };
  });
}

/** The tables the synthetic hub fills, children first. The audit log is never emptied. */
const HUB_TABLES = [
  // The hub's casework names referrals and orders, so it goes first.
  'case_notes',
  'tasks',
  'equipment_order_events',
  'equipment_order_lines',
  'equipment_orders',
  'referral_events',
  'referrals',
  'customer_identities',
  'customers',
  'organisations',
];

/** Empties the hub's tables so `seedIfEmpty` can start again (`npm run seed -- --replace`). */
export async function clearHub(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    for (const table of HUB_TABLES) await tx.query(`DELETE FROM ${table}`);
  });
}
