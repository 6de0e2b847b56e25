import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { GatewayError } from '../errors.js';
import { projectPath } from '../project-paths.js';
import { quoteSchemaName, type Database } from './database.js';

const MIGRATIONS_DIR = projectPath('src', 'store', 'migrations');

// Any constant works; it only has to be the same for every gateway sharing a database.
const MIGRATION_LOCK_KEY = 7_421_001;

/**
 * An applied migration whose file has changed since: the database was built
 * by other SQL than the file now says, so the gateway will not start on it.
 * Migrations are never edited once they have shipped; a change is a new file.
 */
export class ChangedMigrationError extends GatewayError {
  readonly code = 'MIGRATION_CHANGED';
  constructor(readonly migration: string) {
    super(
      `migration ${migration} was applied to this database, and its file has changed since (its SHA-256 differs): ` +
        'put the file back as it was and make the change a new migration',
      { migration },
    );
  }
}

function checksumOf(sql: string): string {
  return createHash('sha256').update(sql).digest('hex');
}

/**
 * Creates the gateway's schema if need be, then applies the SQL files in
 * src/store/migrations that this database has not seen, in name order, each
 * recorded in schema_migrations with its file's SHA-256. A file that no longer
 * matches the checksum recorded when it was applied stops start-up
 * (ChangedMigrationError); a migration applied before checksums were kept
 * takes its file's as it is now. The whole run holds an advisory lock so that
 * gateways starting together on one PostgreSQL do each step once (CREATE
 * SCHEMA IF NOT EXISTS is not safe against a concurrent twin). Returns the
 * names applied.
 */
export async function migrate(db: Database, schema = 'public'): Promise<string[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((name) => name.endsWith('.sql')).sort();
  const sqlOf = new Map(await Promise.all(files.map(async (name) => [name, await readFile(`${MIGRATIONS_DIR}/${name}`, 'utf8')] as const)));
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${quoteSchemaName(schema)}`);
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz(3) NOT NULL)',
    );
    await tx.query('ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum text');
    const done = new Map(
      (await tx.query<{ name: string; checksum: string | null }>('SELECT name, checksum FROM schema_migrations')).map((row) => [row.name, row.checksum]),
    );
    for (const [name, recorded] of done) {
      const sql = sqlOf.get(name);
      if (sql === undefined) continue;
      if (recorded === null) await tx.query('UPDATE schema_migrations SET checksum = $2 WHERE name = $1', [name, checksumOf(sql)]);
      else if (recorded !== checksumOf(sql)) throw new ChangedMigrationError(name);
    }
    const applied: string[] = [];
    for (const name of files) {
      if (done.has(name)) continue;
      const sql = sqlOf.get(name)!;
      await tx.execScript(sql);
      await tx.query('INSERT INTO schema_migrations (name, applied_at, checksum) VALUES ($1, $2, $3)', [name, new Date(), checksumOf(sql)]);
      applied.push(name);
    }
    return applied;
  });
}
