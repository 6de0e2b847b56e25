import { createHash } from 'node:crypto';

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
  /**
   * NOTIFY on this store's `channel`, one notification per payload. Inside a
   * transaction PostgreSQL holds them until COMMIT and drops them on ROLLBACK,
   * so listeners hear only what was committed.
   */
  notify(channel: string, payloads: readonly string[]): Promise<void>;
}

/** Stops a listener. */
export type Unlisten = () => Promise<void>;

export interface Database extends SqlExecutor {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * Calls `onPayload` with each payload NOTIFY sends on this store's
   * `channel`, from any connection or replica; `onMissed` when listening
   * broke, so that what was sent until it listens again is lost.
   */
  listen(channel: string, onPayload: (payload: string) => void, onMissed: () => void): Promise<Unlisten>;
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

/** PostgreSQL truncates identifiers beyond this many bytes. */
const MAX_IDENTIFIER = 63;

/**
 * The server-wide channel name of a store's channel: NOTIFY reaches every
 * connection to the database, so each schema (a council, a test run) gets
 * channels of its own. Lower-case letters, digits and underscores only, so it
 * reads the same quoted or not.
 */
export function storeChannel(channel: string, schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,30}$/.test(channel)) throw new Error(`channel name "${channel}" must be up to 31 lower-case letters, digits and underscores`);
  const scoped = `${channel}__${schema}`;
  if (scoped.length <= MAX_IDENTIFIER) return scoped;
  return `${channel}__${createHash('sha256').update(schema).digest('hex').slice(0, 24)}`;
}
