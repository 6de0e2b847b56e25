/**
 * PostgreSQL fails a transaction that crossed another (deadlock_detected,
 * serialization_failure) and undoes all of it: run again, it will most
 * likely pass. Locks are taken in one sorted order wherever what to lock is
 * known in advance; this is for where it is not (a merge finds the merged-away
 * customer's other links only under the first locks), so that a coordinator's
 * decision or a trust's message is not failed for a crossing.
 */
import { ExponentialBackoff, handleWhen, retry } from 'cockatiel';
import type { Database, SqlExecutor } from './database.js';

const CROSSED = new Set(['40P01', '40001']);

export function isCrossedTransaction(error: unknown): boolean {
  return typeof error === 'object' && error !== null && CROSSED.has(String((error as { code?: unknown }).code));
}

const crossings = retry(handleWhen(isCrossedTransaction), { maxAttempts: 3, backoff: new ExponentialBackoff({ initialDelay: 10, maxDelay: 200 }) });

/** Runs `work` in a transaction, again (up to three more times) if PostgreSQL fails it for crossing another; `work` must start afresh each time. */
export function retryingTransaction<T>(db: Database, work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
  return crossings.execute(() => db.transaction(work));
}
