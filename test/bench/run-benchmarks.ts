/**
 * `npm run bench`: load figures for the gateway's read paths and for HL7 v2
 * ADT ingestion (HTTP and MLLP; see feed-benchmarks.ts), printed, never
 * asserted. Starts the real gateway (PGlite in a temporary folder, or
 * PostgreSQL when BENCH_DATABASE_URL is set) and drives it: the read paths
 * with autocannon from this process, the feeds from a separate process.
 *
 *   BENCH_SECONDS           seconds per scenario (default 5)
 *   BENCH_CONNECTIONS       concurrent HTTP connections (default 10)
 *   BENCH_MLLP_CONNECTIONS  concurrent MLLP connections (default 8)
 *   BENCH_MANY_CONNECTIONS  connections for the "many engines" feed scenarios (default 32)
 *   BENCH_WARMUP_SECONDS    seconds of feed load before each feed scenario is measured (default 2)
 *   BENCH_FIRST_WARMUP_SECONDS  the same before the first feed scenario (default 10)
 *   BENCH_ONLY              `read` or `feeds` to run only those scenarios
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import pino from 'pino';
import { connectEquipmentSupplier } from '../../adapters/equipment-supplier/equipment-supplier.js';
import { createHospitalFeeds } from '../../adapters/hospital-discharge/hospital-feeds.js';
import { mintDevToken } from '../../src/auth/dev-signing-key.js';
import { loadConfig } from '../../src/config.js';
import { startGateway } from '../../src/server/gateway.js';
import { freePort } from '../support/feed-clients.js';
import { runFeedBenchmarks } from './feed-benchmarks.js';
import { BENCH_TRUST, benchSenderProfiles } from './synthetic-adt.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const MLLP_CONNECTIONS = Number(process.env.BENCH_MLLP_CONNECTIONS ?? 8);
const MANY_CONNECTIONS = Number(process.env.BENCH_MANY_CONNECTIONS ?? 32);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const FIRST_WARMUP_SECONDS = Number(process.env.BENCH_FIRST_WARMUP_SECONDS ?? 10);
const ONLY = process.env.BENCH_ONLY;

const SCENARIOS: { name: string; query: string }[] = [
  { name: 'viewer (no store)', query: '{ viewer { role } }' },
  { name: 'hub board counts + 10 oldest', query: '{ hubBoard { byStatus { status count } byPathway { pathway count } oldestUntriaged { id receivedAt customer { name { family } } } } }' },
  {
    name: 'case search (5 customers, referrals, orders)',
    query: '{ searchCustomers(text: "Smith", first: 5) { edges { node { id name { family } referrals(first: 3) { edges { node { status history { action } } } } equipmentOrders(first: 3) { edges { node { status totalCost { pence } } } } } } } }',
  },
  {
    name: 'open referrals page (200, with customer)',
    query: '{ referrals(filter: { statuses: [RECEIVED, TRIAGED, ACCEPTED] }, first: 200) { totalCount edges { node { id status pathway customer { name { given family } nhsNumber address { postcode } } } } } }',
  },
  {
    name: 'all open referrals (~1,300, customer + orders)',
    query: '{ referrals(filter: { statuses: [RECEIVED, TRIAGED, ACCEPTED] }, first: 2000) { edges { node { id status customer { name { family } equipmentOrders(first: 5) { edges { node { status } } } } } } } }',
  },
];

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'care-gateway-bench-'));
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: dataDir,
    SEED_ON_EMPTY_STORE: 'true',
    MLLP_PORT: String(await freePort()),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl, DATABASE_SCHEMA: `bench_${process.pid}`, AUTH_MODE: 'dev' } : {}),
  });
  const logger = pino({ level: 'warn' });
  const cleanUp = async () => {
    if (databaseUrl) await dropSchema(databaseUrl, `bench_${process.pid}`);
    await rm(dataDir, { recursive: true, force: true });
  };
  const supplier = await connectEquipmentSupplier(config.equipment, logger);
  const gateway = await startGateway(config, logger, createHospitalFeeds(benchSenderProfiles(), config.councilOdsCode, logger), supplier.connection).catch(
    async (error: unknown) => {
      // A gateway that failed to start may have migrated the schema already: leave nothing behind.
      await supplier.simulator?.close();
      await cleanUp();
      throw error;
    },
  );
  supplier.simulator?.setCallbackUrl(`${gateway.url}/webhooks/equipment-supplier`);
  const token = await mintDevToken(gateway.devKey!, config.auth.audience, { role: 'HUB_COORDINATOR', subject: 'bench' });
  console.log(`Care Gateway benchmarks: ${gateway.db.kind} store, ${CONNECTIONS} connections, ${SECONDS} s per scenario, Node ${process.version}\n`);
  try {
    if (ONLY !== 'feeds') console.log(['scenario', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'rss MiB'].join('\t'));
    for (const scenario of ONLY === 'feeds' ? [] : SCENARIOS) {
      const result = await autocannon({
        url: `${gateway.url}/graphql`,
        method: 'POST',
        connections: CONNECTIONS,
        duration: SECONDS,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: scenario.query }),
      });
      const failures = result.errors + result.timeouts + result.non2xx;
      console.log(
        [
          scenario.name,
          result.requests.average.toFixed(1),
          result.latency.p50,
          result.latency.p99,
          failures,
          (process.memoryUsage().rss / 1_048_576).toFixed(0),
        ].join('\t'),
      );
    }
    if (ONLY !== 'read') {
      // After the read paths, whose figures are for the seeded hub as it is.
      const feedToken = await mintDevToken(gateway.devKey!, config.auth.audience, { role: 'SYSTEM', subject: 'bench', trustOdsCode: BENCH_TRUST });
      await runFeedBenchmarks(gateway, {
        token: feedToken,
        seconds: SECONDS,
        httpConnections: CONNECTIONS,
        mllpConnections: MLLP_CONNECTIONS,
        manyConnections: MANY_CONNECTIONS,
        warmupSeconds: WARMUP_SECONDS,
        firstWarmupSeconds: FIRST_WARMUP_SECONDS,
      });
    }
  } finally {
    // Stop first: requests autocannon sent before its clock ran out may still be running.
    const stopping = performance.now();
    await gateway.stop();
    await supplier.simulator?.close();
    console.log(`stop took ${(performance.now() - stopping).toFixed(0)} ms`);
    await cleanUp();
  }
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
}

await main();
