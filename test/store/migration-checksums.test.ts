/**
 * Each applied migration is recorded with its file's SHA-256, and a file
 * changed after it was applied stops start-up with an error naming it.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { projectPath } from '../../src/project-paths.js';
import type { Database } from '../../src/store/database.js';
import { ChangedMigrationError, migrate } from '../../src/store/migrate.js';
import { openPgliteDatabase } from '../../src/store/pglite-database.js';

async function fileChecksum(name: string): Promise<string> {
  return createHash('sha256').update(await readFile(projectPath('src', 'store', 'migrations', name), 'utf8')).digest('hex');
}

describe('migration checksums', () => {
  let db: Database;
  beforeEach(async () => {
    db = await openPgliteDatabase(null);
    await migrate(db);
  });
  afterEach(() => db.close());

  test('each applied migration is recorded with its file\'s SHA-256', async () => {
    const rows = await db.query<{ name: string; checksum: string }>('SELECT name, checksum FROM schema_migrations ORDER BY name');
    expect(rows.length).toBeGreaterThan(0);
    for (const { name, checksum } of rows) expect(checksum).toBe(await fileChecksum(name));
  });

  test('a migration whose file changed after it was applied stops start-up, naming it', async () => {
    await db.query("UPDATE schema_migrations SET checksum = repeat('0', 64) WHERE name = '002_discharge_feeds.sql'");
    const failed = migrate(db);
    await expect(failed).rejects.toBeInstanceOf(ChangedMigrationError);
    await expect(migrate(db)).rejects.toThrow(/migration 002_discharge_feeds\.sql was applied to this database, and its file has changed since/);
  });

  test('a migration applied before checksums were kept takes its file\'s as it is now, and the next start checks it', async () => {
    await db.query("UPDATE schema_migrations SET checksum = NULL WHERE name = '001_initial.sql'");
    expect(await migrate(db)).toEqual([]);
    expect(await db.query("SELECT checksum FROM schema_migrations WHERE name = '001_initial.sql'")).toEqual([{ checksum: await fileChecksum('001_initial.sql') }]);
  });
});
