import type { SqlExecutor } from './database.js';

const CHUNK_ROWS = 2_000;

/**
 * Inserts many rows in a few statements: the rows travel as one JSON
 * parameter and PostgreSQL turns them into records of the table's own type,
 * so column types and defaults come from the table, not from this code.
 * `table` is always a constant from a repository, never caller input.
 */
export async function bulkInsert(tx: SqlExecutor, table: string, rows: readonly object[]): Promise<void> {
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    const chunk = rows.slice(start, start + CHUNK_ROWS);
    const columns = Object.keys(chunk[0]!).join(', ');
    await tx.query(
      `INSERT INTO ${table} (${columns}) SELECT ${columns} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)`,
      [JSON.stringify(chunk)],
    );
  }
}

