import { createHash } from 'node:crypto';
import pg from 'pg';
import { PG_TYPE_DATE, quoteSchemaName, storeChannel, type Database, type SqlExecutor } from './database.js';
import { NOTIFY_EACH } from './notify.js';
import { listenOnOwnConnection } from './postgres-listener.js';

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

const statementNames = new Map<string, string>();

function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (name === undefined) {
    name = `s${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
    statementNames.set(sql, name);
  }
  return name;
}

/** A PostgreSQL server through a `pg` pool: production, CI, and several gateways sharing one store. */
export async function openPostgresDatabase(options: PostgresOptions): Promise<Database> {
  const schema = quoteSchemaName(options.schema);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    // search_path per connection keeps every query schema-relative, so one
    // server can hold several councils' gateways (or test runs) side by side.
    options: `-c search_path=${schema} -c statement_timeout=${options.statementTimeoutMs} -c plan_cache_mode=force_custom_plan`,
    types: dateAsText,
  });
  // Without a listener an idle client's error would crash the process.
  pool.on('error', options.onIdleConnectionError);

  const executorOf = (target: pg.Pool | pg.PoolClient): SqlExecutor => {
    const executor: SqlExecutor = {
      async query<Row>(sql: string, params: readonly unknown[] = []) {
        // Parameterised statements are prepared once per connection, by a name their text decides: the
        // server parses each of the gateway's few hundred statements once, and plans each call for its
        // values (force_custom_plan above: generic plans of the batch lookups measured twice as slow).
        const result = params.length > 0 ? await target.query({ name: statementName(sql), text: sql, values: [...params] }) : await target.query(sql);
        return result.rows as Row[];
      },
      async execScript(sql: string) {
        // Without parameters pg uses the simple query protocol, which takes several statements.
        await target.query(sql);
      },
      async notify(channel, payloads) {
        if (payloads.length > 0) await executor.query(NOTIFY_EACH, [storeChannel(channel, options.schema), payloads]);
      },
    };
    return executor;
  };
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
    listen: (channel, onPayload, onMissed) =>
      listenOnOwnConnection({ url: options.url, channel: storeChannel(channel, options.schema), onPayload, onMissed, onError: options.onIdleConnectionError }),
    async ping() {
      await pool.query('SELECT 1');
    },
    close: () => pool.end(),
  };
}
