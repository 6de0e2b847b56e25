import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { lockDataDir } from './data-dir-lock.js';
import { PglitePreparedStatements } from './pglite-prepared-statements.js';
import { PG_TYPE_DATE, quoteSchemaName, storeChannel, type Database, type SqlExecutor } from './database.js';
import { NOTIFY_EACH } from './notify.js';

/**
 * The embedded store: PostgreSQL compiled to WebAssembly, keeping its files in
 * `dataDir` (or in memory when dataDir is null, for tests). One connection, so
 * PGlite itself serialises queries and transactions.
 */
export async function openPgliteDatabase(dataDir: string | null, schema = 'public'): Promise<Database> {
  let unlock = async () => undefined as void;
  if (dataDir) {
    await mkdir(dataDir, { recursive: true });
    unlock = await lockDataDir(dataDir);
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      ...(dataDir ? { dataDir } : {}),
      parsers: { [PG_TYPE_DATE]: (value: string) => value },
    });
  } catch (error) {
    await unlock();
    throw error;
  }
  if (schema !== 'public') {
    // The schema itself is created by migrate(), under its lock.
    await pglite.exec(`SET search_path TO ${quoteSchemaName(schema)}`);
  }
  const prepared = new PglitePreparedStatements(pglite);
  // Inside a transaction PGlite's transaction lock is already held; outside one, a statement takes it too.
  const executorOf = (target: Pick<PGlite, 'query' | 'exec'>, inTransaction: boolean): SqlExecutor => {
    const executor: SqlExecutor = {
      async query<Row>(sql: string, params: readonly unknown[] = []) {
        // As on PostgreSQL, only parameterised statements are prepared: their texts are the gateway's fixed few hundred.
        if (params.length === 0) return (await target.query<Row>(sql)).rows;
        const run = () => pglite._runExclusiveQuery(() => prepared.query<Row>(sql, params));
        if (inTransaction) return run();
        return pglite._runExclusiveTransaction(async () => {
          const rows = await run();
          // As PGlite's own query() does after a statement outside a transaction (a no-op on a plain folder).
          await pglite.syncToFs();
          return rows;
        });
      },
      async execScript(sql: string) {
        await target.exec(sql);
      },
      async notify(channel, payloads) {
        if (payloads.length > 0) await executor.query(NOTIFY_EACH, [storeChannel(channel, schema), payloads]);
      },
    };
    return executor;
  };
  return {
    kind: 'pglite',
    ...executorOf(pglite, false),
    transaction: (work) => pglite.transaction((tx) => work(executorOf(tx, true))),
    // One process: PGlite hands each notification to its listeners once the notifying transaction commits,
    // and has no connection to lose, so nothing is ever missed.
    listen: (channel, onPayload) => pglite.listen(storeChannel(channel, schema), onPayload),
    async ping() {
      await pglite.query('SELECT 1');
    },
    async close() {
      await pglite.close();
      await unlock();
    },
  };
}
