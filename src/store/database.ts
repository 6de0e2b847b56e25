/**
 * The one port to the database. Both stores speak PostgreSQL SQL: PGlite
 * (embedded, the default) and a PostgreSQL server through `pg`; everything
 * above this file is written once against this interface.
 */

export interface SqlExecutor {
  /** Runs one statement with `$1`-style parameters and returns its rows. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a script of several statements without parameters (migrations). */
  execScript(sql: string): Promise<void>;
}

export interface Database extends SqlExecutor {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Resolves when the store answers a trivial query; used by /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Postgres `date` values stay ISO strings: turning them into a JS Date would
 * put a calendar day at a time zone's midnight and shift it by a day for
 * anyone west of UTC.
 */
export const PG_TYPE_DATE = 1082;

/** A schema name safe to interpolate into SQL: checked, since identifiers cannot be parameters. */
export function quoteSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`database schema name "${schema}" must be lower-case letters, digits and underscores`);
  }
  return `"${schema}"`;
}
