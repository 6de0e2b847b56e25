import pg from 'pg';
import { PG_TYPE_DATE, quoteSchemaName, type Database, type SqlExecutor } from './database.js';

export interface PostgresOptions {
  url: string;
  schema: string;
  poolSize: number;
  /** Per-statement limit, so a stuck query cannot hold a connection for ever. */
  statementTimeoutMs: number;
  /** Told when an idle pooled connection fails (the server restarted, say); the pool reconnects by itself. */
  onIdleConnectionError: (error: Error) => void;
}

const dateAsText = new pg.TypeOverrides();
dateAsText.setTypeParser(PG_TYPE_DATE, (value: string) => value);

/** A PostgreSQL server through a `pg` pool: production, CI, and several gateways sharing one store. */
export async function openPostgresDatabase(options: PostgresOptions): Promise<Database> {
  const schema = quoteSchemaName(options.schema);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    // search_path per connection keeps every query schema-relative, so one
    // server can hold several councils' gateways (or test runs) side by side.
    options: `-c search_path=${schema} -c statement_timeout=${options.statementTimeoutMs}`,
    types: dateAsText,
  });
  // Without a listener an idle client's error would crash the process.
  pool.on('error', options.onIdleConnectionError);

  const executorOf = (target: pg.Pool | pg.PoolClient): SqlExecutor => ({
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await target.query(sql, [...params]);
      return result.rows as Row[];
    },
    async execScript(sql: string) {
      // Without parameters pg uses the simple query protocol, which takes several statements.
      await target.query(sql);
    },
  });
  return {
    kind: 'postgres',
    ...executorOf(pool),
    async transaction(work) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await work(executorOf(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // A failed ROLLBACK means the connection itself is gone: drop it from the pool.
        await client.query('ROLLBACK').catch(() => (broken = true));
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async ping() {
      await pool.query('SELECT 1');
    },
    close: () => pool.end(),
  };
}
