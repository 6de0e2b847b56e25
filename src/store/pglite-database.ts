import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { lockDataDir } from './data-dir-lock.js';
import { PG_TYPE_DATE, quoteSchemaName, type Database, type SqlExecutor } from './database.js';

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
  const executorOf = (target: Pick<PGlite, 'query' | 'exec'>): SqlExecutor => ({
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await target.query<Row>(sql, [...params]);
      return result.rows;
    },
    async execScript(sql: string) {
      await target.exec(sql);
    },
  });
  return {
    kind: 'pglite',
    ...executorOf(pglite),
    transaction: (work) => pglite.transaction((tx) => work(executorOf(tx))),
    async ping() {
      await pglite.query('SELECT 1');
    },
    async close() {
      await pglite.close();
      await unlock();
    },
  };
}
