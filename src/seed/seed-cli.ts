/**
 * `npm run seed` fills an empty store with the synthetic hub.
 * `npm run seed -- --replace` first empties the hub's tables (not the audit
 * log); against a PostgreSQL server (DATABASE_URL) that also needs --force.
 */
import { parseArgs } from 'node:util';
import { loadStoreConfig } from '../config.js';
import { openStore } from '../store/open-store.js';
import { clearHub, seedIfEmpty } from './seed-store.js';

const { values } = parseArgs({ options: { replace: { type: 'boolean' }, force: { type: 'boolean' } } });
const config = loadStoreConfig();
if (values.replace && config.databaseUrl && !values.force) {
  process.stderr.write('Refusing to empty a PostgreSQL server store without --force (DATABASE_URL is set).\n');
  process.exit(2);
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
