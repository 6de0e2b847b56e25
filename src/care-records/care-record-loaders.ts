/**
 * Per-request DataLoaders, one per record system: every customer a query
 * touches at one level is asked for in one batched call per system (the
 * adapter splits it at the system's page limit and sends the parts in
 * parallel). A failed call fails only its own keys, each with the system's
 * error, so the resolver can return null for those customers alone.
 */
import DataLoader from 'dataloader';
import type { CareRecord, CareRecordSystem, RecordSystemCode } from './care-record-system.js';

export type CareRecordLoaders = ReadonlyMap<RecordSystemCode, DataLoader<string, CareRecord | null>>;

export function createCareRecordLoaders(systems: readonly CareRecordSystem[]): CareRecordLoaders {
  return new Map(
    systems.map((system) => [
      system.system,
      new DataLoader<string, CareRecord | null>(
        async (localIds) => {
          const found = await system.fetchRecords(localIds);
          return localIds.map((id) => found.get(id) ?? null);
        },
        // Batching is the adapter's chunking; DataLoader's own limit would split before it.
        { maxBatchSize: Infinity },
      ),
    ]),
  );
}
