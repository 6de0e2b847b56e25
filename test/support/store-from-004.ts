/**
 * A store as it stood before migration 005 (trust boundaries), with rows in
 * it, then migrated to today: what the tests of 005's data migration start
 * from.
 */
import { readFile } from 'node:fs/promises';
import { projectPath } from '../../src/project-paths.js';
import type { Database } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrate.js';
import { openPgliteDatabase } from '../../src/store/pglite-database.js';

const BEFORE = ['001_initial.sql', '002_discharge_feeds.sql', '003_equipment_ordering.sql', '004_care_record_contacts.sql'];

/** An in-memory store migrated up to 004, `rows` written, then migrated to the latest. */
export async function storeMigratedFrom004(rows: string): Promise<Database> {
  const db = await openPgliteDatabase(null);
  await db.execScript('CREATE TABLE schema_migrations (name text PRIMARY KEY, applied_at timestamptz(3) NOT NULL)');
  for (const name of BEFORE) {
    await db.execScript(await readFile(projectPath('src', 'store', 'migrations', name), 'utf8'));
    await db.query('INSERT INTO schema_migrations (name, applied_at) VALUES ($1, now())', [name]);
  }
  await db.execScript(rows);
  await migrate(db);
  return db;
}
