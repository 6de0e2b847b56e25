/**
 * `npm run seed` fills an empty store with the synthetic hub.
 * `npm run seed -- --replace` first empties the hub's tables (not the audit
 * log); against a PostgreSQL server (DATABASE_URL) that also needs --force.
 */
import { CommandError, runCommand } from '../command-line.js';
import { loadStoreConfig } from '../config.js';
import { openStore } from '../store/open-store.js';
import { clearHub, seedIfEmpty } from './seed-store.js';

const USAGE = `Usage: npm run seed [-- --replace [--force]]
Fills an empty store (DATA_DIR, or DATABASE_URL) with the synthetic hub; stop a gateway using the embedded store first.`;

await runCommand(USAGE, { replace: { type: 'boolean' }, force: { type: 'boolean' } }, async (values) => {
  const config = loadStoreConfig();
  if (values.replace && config.databaseUrl && !values.force) {
    throw new CommandError('Refusing to empty a PostgreSQL server store without --force (DATABASE_URL is set).');
  }
  const { db } = await openStore(config, () => undefined);
  try {
    if (values.replace) await clearHub(db);
    const result = await seedIfEmpty(db);
    process.stdout.write(
      result.seeded
        ? `Seeded ${db.kind}: ${result.customers} customers, ${result.referrals} referrals, ${result.equipmentOrders} equipment orders.\n`
        : 'The store already has customers; nothing seeded (use --replace to start again).\n',
    );
  } finally {
    await db.close();
  }
});
