import type { SqlExecutor } from './database.js';

/**
 * Holds named transaction-scoped advisory locks until the transaction ends,
 * taken in name order in one statement so that two transactions wanting some
 * of the same names queue rather than deadlock. Works the same on PGlite.
 */
export async function lockNames(tx: SqlExecutor, names: Iterable<string>): Promise<void> {
  const sorted = [...new Set(names)].sort();
  if (sorted.length === 0) return;
  await tx.query(
    'SELECT pg_advisory_xact_lock(hashtext(name)) FROM (SELECT name FROM unnest($1::text[]) AS name ORDER BY name) AS ordered',
    [sorted],
  );
}
