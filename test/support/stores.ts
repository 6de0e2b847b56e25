/**
 * Runs a suite against each store: PGlite always (in memory or in a temporary
 * folder), and PostgreSQL when TEST_DATABASE_URL is set, each suite in a
 * schema of its own that is dropped afterwards. TEST_STORE_ONLY=postgres
 * skips PGlite (the CI PostgreSQL pass).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Database } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrate.js';
import { openPgliteDatabase } from '../../src/store/pglite-database.js';
import { openPostgresDatabase } from '../../src/store/postgres-database.js';

export type StoreKind = 'pglite' | 'postgres';

export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? null;

export function storeKinds(): StoreKind[] {
  const kinds: StoreKind[] = [];
  if (process.env.TEST_STORE_ONLY !== 'postgres') kinds.push('pglite');
  if (POSTGRES_URL) kinds.push('postgres');
  return kinds;
}

/** `describe` once per available store; the callback gets the kind. */
export function describeEachStore(name: string, suite: (kind: StoreKind) => void): void {
  const kinds = storeKinds();
  if (!POSTGRES_URL && process.env.TEST_STORE_ONLY !== 'postgres') {
    // Said once per suite so a reader of the output knows what did not run.
    describe.skip(`${name} [postgres: set TEST_DATABASE_URL to run]`, () => test.skip('skipped', () => undefined));
  }
  for (const kind of kinds) describe(`${name} [${kind}]`, () => suite(kind));
}

export function uniqueSchemaName(): string {
  return `test_${randomBytes(6).toString('hex')}`;
}

/** Where a gateway under test keeps its store: a temp folder, and a fresh schema on PostgreSQL. */
export interface TestStorePlace {
  dataDir: string;
  databaseUrl: string | null;
  databaseSchema: string;
  /** Removes the folder and drops the schema. */
  remove(): Promise<void>;
}

export async function createTestStorePlace(kind: StoreKind): Promise<TestStorePlace> {
  const dataDir = await mkdtemp(join(tmpdir(), 'care-gateway-test-'));
  const databaseSchema = kind === 'postgres' ? uniqueSchemaName() : 'public';
  return {
    dataDir,
    databaseUrl: kind === 'postgres' ? POSTGRES_URL : null,
    databaseSchema,
    async remove() {
      await rm(dataDir, { recursive: true, force: true });
      if (kind === 'postgres') await dropSchema(databaseSchema);
    },
  };
}

/** A migrated, empty database of the given kind; `close` also drops a PostgreSQL test schema. */
export async function openTestDatabase(kind: StoreKind): Promise<Database> {
  if (kind === 'pglite') {
    const db = await openPgliteDatabase(null);
    await migrate(db);
    return db;
  }
  const schema = uniqueSchemaName();
  const db = await openPostgresDatabase({
    url: POSTGRES_URL!,
    schema,
    poolSize: 4,
    statementTimeoutMs: 10_000,
    onIdleConnectionError: () => undefined,
  });
  await migrate(db, schema);
  return {
    ...db,
    async close() {
      await db.close();
      await dropSchema(schema);
    },
  };
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL! });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
