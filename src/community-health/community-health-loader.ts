/**
 * The per-request DataLoader of community health's records: every customer a
 * query touches at one level is asked for in one `recordsOf` call (the
 * adapter splits it into searches of its page size, sent in parallel). A
 * failed call fails every customer's field of that batch, and no other
 * field: the record systems' loaders are apart from it.
 */
import DataLoader from 'dataloader';
import type { CommunityHealthRecord, CommunityHealthSystem } from './ports.js';

/** Records by NHS number; null for a person community health does not know. */
export function createCommunityHealthLoader(system: CommunityHealthSystem): DataLoader<string, CommunityHealthRecord | null> {
  return new DataLoader(
    async (nhsNumbers) => {
      const found = await system.recordsOf(nhsNumbers);
      return nhsNumbers.map((nhsNumber) => found.get(nhsNumber) ?? null);
    },
    // Batching is the adapter's chunking; DataLoader's own limit would split before it.
    { maxBatchSize: Infinity },
  );
}
