/**
 * Fetching a record system's records a page at a time, as each system caps
 * the ids one call may ask for: the pages go out together, and the records
 * come back mapped by the system's own id.
 */
import type { CareRecord } from '../../src/care-records/care-record-system.js';

/** `pageLimit` as given, once it is known to be a whole number of at least 1 (else RangeError). */
export function checkedPageLimit(pageLimit: number): number {
  if (!Number.isInteger(pageLimit) || pageLimit < 1) throw new RangeError(`pageLimit must be a whole number of at least 1, not ${pageLimit}`);
  return pageLimit;
}

/**
 * The records for `ids`, `pageLimit` to a call, all calls at once. One page
 * failing fails the lot, so the pages still out are stopped rather than left
 * to run. Each page gets a signal of its own that follows the caller's and
 * that stop, so that the page requests' abort listeners do not pile up on one
 * signal (Node warns past ten).
 */
export async function fetchInPages(
  ids: readonly string[],
  pageLimit: number,
  signal: AbortSignal | undefined,
  fetchPage: (page: string[], signal: AbortSignal) => Promise<CareRecord[]>,
): Promise<Map<string, CareRecord>> {
  const stopPages = new AbortController();
  const sources = signal === undefined ? [stopPages.signal] : [signal, stopPages.signal];
  try {
    const pages = await Promise.all(chunks(ids, pageLimit).map((page) => fetchPage(page, AbortSignal.any(sources))));
    return new Map(pages.flat().map((record) => [record.localId, record]));
  } finally {
    stopPages.abort();
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}
