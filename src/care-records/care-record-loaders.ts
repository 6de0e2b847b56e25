/**
 * Per-request DataLoaders for customers' cases: every customer a query
 * touches at one level is asked for in one batched call per record system
 * (the adapter splits it at the system's page limit and sends the parts in
 * parallel). A failed call fails only its own system's entries, so the
 * resolver can return null for those customers alone.
 */
import DataLoader from 'dataloader';
import type { CustomerIdentityRecord } from '../customers/customer.js';
import type { CareRecord, CareRecordSystem } from './ports.js';

/** Each linked system's answer for one customer, in CARE_RECORDS order; a system's failure is its own entry. */
export type LinkedCareRecords = PromiseSettledResult<CareRecord | null>[];

/** Customers' cases by customer id, through their identities in each configured system. */
export function createLinkedCareRecordsLoader(
  systems: readonly CareRecordSystem[],
  identities: DataLoader<string, CustomerIdentityRecord[]>,
): DataLoader<string, LinkedCareRecords> {
  const bySystem = systems.map((system) => ({
    system: system.system,
    records: new DataLoader<string, CareRecord | null>(
      async (localIds) => {
        const found = await system.fetchRecords(localIds);
        return localIds.map((id) => found.get(id) ?? null);
      },
      // Batching is the adapter's chunking; DataLoader's own limit would split before it.
      { maxBatchSize: Infinity },
    ),
  }));
  return new DataLoader(async (customerIds) => {
    const linked = await identities.loadMany(customerIds);
    return Promise.all(
      linked.map(async (ofCustomer) =>
        ofCustomer instanceof Error
          ? ofCustomer
          : Promise.allSettled(
              bySystem.flatMap(({ system, records }) =>
                ofCustomer.filter((identity) => identity.system === system).map((identity) => records.load(identity.localId)),
              ),
            ),
      ),
    );
  });
}
