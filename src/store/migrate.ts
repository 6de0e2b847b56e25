import { readdir, readFile } from 'node:fs/promises';
import { projectPath } from '../project-paths.js';
import { quoteSchemaName, type Database } from './database.js';

const MIGRATIONS_DIR = projectPath('src', 'store', 'migrations');

// Any constant works; it only has to be the same for every gateway sharing a database.
const MIGRATION_LOCK_KEY = 7_421_001;

/**
 * Creates the gateway's schema if need be, then applies the SQL files in
 * src/store/migrations that this database has not seen, in name order, each
 * recorded in schema_migrations. The whole run holds an advisory lock so that
 * gateways starting together on one PostgreSQL do each step once (CREATE
 * SCHEMA IF NOT EXISTS is not safe against a concurrent twin). Returns the
 * names applied.
 */
export async function migrate(db: Database, schema = 'public'): Promise<string[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((name) => name.endsWith('.sql')).sort();
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${quoteSchemaName(schema)}`);
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz(3) NOT NULL)',
    );
    const done = new Set(
      (await tx.query<{ name: string }>('SELECT name FROM schema_migrations')).map((row) => row.name),
    );
    const applied: string[] = [];
    for (const name of files) {
      if (done.has(name)) continue;
      const sql = await readFile(`${MIGRATIONS_DIR}/${name}`, 'utf8');
      await tx.execScript(sql);
      await tx.query('INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)', [name, new Date()]);
      applied.push(name);
    }
    return applied;
  });
}

