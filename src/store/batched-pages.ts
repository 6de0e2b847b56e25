import type { SqlExecutor } from './database.js';
import { groupBy } from './group-by.js';

/**
 * The first `limit` rows of a child list for each of many parents, in one
 * query: a LATERAL join runs the page query once per parent id inside the
 * database. Serves `Customer.referrals`, `Customer.equipmentOrders` and the
 * like, so a list of N customers costs one query per child list, not N.
 *
 * `pageSql` selects from the child table with `parent.id` as the parent's id
 * and must end with its ORDER BY; `params` follow the ids ($1) and limit ($2).
 * Parents with no rows have no entry.
 */
export async function firstRowsPerParent<Row, T>(
  db: SqlExecutor,
  parentIds: readonly string[],
  limit: number,
  pageSql: string,
  fromRow: (row: Row) => T,
  parentOf: (record: T) => string,
  params: readonly unknown[] = [],
): Promise<Map<string, T[]>> {
  const rows = await db.query<Row>(
    `SELECT page.* FROM unnest($1::uuid[]) AS parent(id) CROSS JOIN LATERAL (${pageSql} LIMIT $2) AS page`,
    [parentIds, limit, ...params],
  );
  return groupBy(rows.map(fromRow), parentOf);
}

/** Row counts per parent id for a child table, zero for parents with none. */
export async function countsPerParent(
  db: SqlExecutor,
  table: string,
  parentColumn: string,
  parentIds: readonly string[],
  extraCondition = '',
  params: readonly unknown[] = [],
): Promise<Map<string, number>> {
  const rows = await db.query<{ parent: string; n: number }>(
    `SELECT ${parentColumn} AS parent, count(*)::int AS n FROM ${table}
      WHERE ${parentColumn} = ANY($1::uuid[]) ${extraCondition} GROUP BY ${parentColumn}`,
    [parentIds, ...params],
  );
  const counts = new Map<string, number>(parentIds.map((id) => [id, 0]));
  for (const row of rows) counts.set(row.parent, row.n);
  return counts;
}
