/**
 * A migrated and seeded embedded store to copy, so that each test gateway on
 * PGlite does not migrate and seed the synthetic hub itself (seconds per
 * suite, and far more on a busy CI machine). Built once per version of the
 * code and hour (the hub's dates are relative to when it was seeded), by
 * whichever test process needs it first; others that race it build their
 * own and keep whichever landed first.
 */
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { seedIfEmpty } from '../../src/seed/seed-store.js';
import { openPgliteDatabase } from '../../src/store/pglite-database.js';
import { migrate } from '../../src/store/migrate.js';
import { PROJECT_ROOT } from '../../src/project-paths.js';

const PREFIX = 'care-gateway-store-template-';
/** Templates of other code or hours older than this are removed when a new one is built. */
const STALE_MS = 3 * 60 * 60 * 1_000;

let built: Promise<string> | null = null;

/** Fills an empty data folder as a gateway's first start on it would (migrations and the synthetic hub). */
export async function copySeededStore(dataDir: string): Promise<void> {
  built ??= templateDir();
  await cp(await built, dataDir, { recursive: true });
}

async function templateDir(): Promise<string> {
  const dir = join(tmpdir(), `${PREFIX}${await codeVersion()}-${new Date().toISOString().slice(0, 13)}`);
  if (await exists(join(dir, 'pglite'))) return dir;
  const building = await mkdtemp(join(tmpdir(), 'care-gateway-template-build-'));
  const db = await openPgliteDatabase(join(building, 'pglite'), 'public');
  try {
    await migrate(db, 'public');
    await seedIfEmpty(db);
  } finally {
    await db.close();
  }
  try {
    await rename(building, dir);
  } catch {
    // Another process landed its template first: theirs is the same.
    await rm(building, { recursive: true, force: true });
  }
  await removeStaleTemplates(dir);
  return dir;
}

/** A hash of the code that decides what a seeded store holds: everything under src/. */
async function codeVersion(): Promise<string> {
  const hash = createHash('sha256');
  const root = join(PROJECT_ROOT, 'src');
  const files = (await readdir(root, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  for (const path of files.sort()) hash.update(relative(root, path)).update(await readFile(path));
  return hash.digest('hex').slice(0, 16);
}

async function removeStaleTemplates(keep: string): Promise<void> {
  for (const name of await readdir(tmpdir())) {
    const path = join(tmpdir(), name);
    if (!name.startsWith(PREFIX) || path === keep) continue;
    const { mtimeMs } = await stat(path).catch(() => ({ mtimeMs: Date.now() }));
    if (Date.now() - mtimeMs > STALE_MS) await rm(path, { recursive: true, force: true });
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
