import type { StoreConfig } from '../config.js';
import type { Database } from './database.js';
import { migrate } from './migrate.js';
import { openPgliteDatabase } from './pglite-database.js';
import { openPostgresDatabase } from './postgres-database.js';

/** Opens the configured store (PostgreSQL if DATABASE_URL is set, else PGlite in DATA_DIR) and migrates it. */
export async function openStore(
  config: StoreConfig,
  onIdleConnectionError: (error: Error) => void,
): Promise<{ db: Database; migrationsApplied: string[] }> {
  const db = config.databaseUrl
    ? await openPostgresDatabase({
        url: config.databaseUrl,
        schema: config.databaseSchema,
        poolSize: config.databasePoolSize,
        statementTimeoutMs: config.databaseStatementTimeoutMs,
        onIdleConnectionError,
      })
    : await openPgliteDatabase(`${config.dataDir}/pglite`, config.databaseSchema);
  try {
    return { db, migrationsApplied: await migrate(db, config.databaseSchema) };
  } catch (error) {
    await db.close();
    throw error;
  }
}
