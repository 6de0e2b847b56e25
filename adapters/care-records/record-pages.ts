/**
 * Fetching an outside system's records a page at a time, as each system caps
 * the ids one call may ask for: the pages go out together, and the records
 * come back mapped by the system's own id (community health's by NHS number).
 */
import { setMaxListeners } from 'node:events';
import type { CareRecord } from '../../src/care-records/ports.js';

/** `pageLimit` as given, once it is known to be a whole number of at least 1 (else RangeError). */
export function checkedPageLimit(pageLimit: number): number {
  if (!Number.isInteger(pageLimit) || pageLimit < 1) throw new RangeError(`pageLimit must be a whole number of at least 1, not ${pageLimit}`);
  return pageLimit;
}

/** The records for `ids`, `pageLimit` to a call, all calls at once (see fetchEachPage), by the system's own id. */
export async function fetchInPages(
  ids: readonly string[],
  pageLimit: number,
  signal: AbortSignal | undefined,
  fetchPage: (page: string[], signal: AbortSignal) => Promise<CareRecord[]>,
): Promise<Map<string, CareRecord>> {
  const found = await fetchEachPage(ids, pageLimit, signal, fetchPage);
  return new Map(found.flat().map((record) => [record.localId, record]));
}

/**
 * What `fetchPage` gives for each page of `ids`, `pageLimit` to a call, all
 * calls at once. One page failing fails the lot, so the pages still out are
 * stopped rather than left to run. The pages share one signal of this
 * fetch's own, which follows the caller's: a listener on it per page is
 * expected, so its limit is raised to the number of pages (Node warns past
 * ten), and the caller's signal carries one listener whatever the number of
 * pages.
 */
export async function fetchEachPage<R>(
  ids: readonly string[],
  pageLimit: number,
  signal: AbortSignal | undefined,
  fetchPage: (page: string[], signal: AbortSignal) => Promise<R>,
): Promise<R[]> {
  const pages = chunks(ids, pageLimit);
  const stopPages = new AbortController();
  setMaxListeners(Math.max(10, pages.length * 2), stopPages.signal);
  const followCaller = () => stopPages.abort(signal?.reason);
  if (signal?.aborted) followCaller();
  signal?.addEventListener('abort', followCaller, { once: true });
  try {
    return await Promise.all(pages.map((page) => fetchPage(page, stopPages.signal)));
  } finally {
    signal?.removeEventListener('abort', followCaller);
    stopPages.abort();
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}
