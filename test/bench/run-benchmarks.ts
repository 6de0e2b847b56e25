/**
 * `npm run bench`: load figures for the gateway's read paths, for the
 * unified case view against the social care record system simulators (and
 * community health's, as a third system), set
 * against a direct baseline without GraphQL (see case-view-benchmarks.ts),
 * for live updates (subscribed boards, their memory and a board refresh's
 * audit write; see live-benchmarks.ts), for HL7 v2 ADT ingestion (HTTP and
 * MLLP; see feed-benchmarks.ts) and for equipment ordering through the outbox to the supplier simulator (see
 * equipment-benchmarks.ts), printed, never asserted. Starts the real
 * gateway (PGlite in a temporary folder, or PostgreSQL when
 * BENCH_DATABASE_URL is set) and drives it: the read paths and equipment
 * orders from this process, the feeds from a separate process.
 *
 *   BENCH_SECONDS           seconds per scenario (default 5)
 *   BENCH_CONNECTIONS       concurrent HTTP connections (default 10)
 *   BENCH_MLLP_CONNECTIONS  concurrent MLLP connections (default 8)
 *   BENCH_MANY_CONNECTIONS  connections for the "many engines" feed scenarios (default 32)
 *   BENCH_WARMUP_SECONDS    seconds of feed load before each feed scenario is measured (default 2)
 *   BENCH_FIRST_WARMUP_SECONDS  the same before the first feed scenario (default 10)
 *   BENCH_OUTAGE_ORDERS     orders placed while the supplier is down (default 1000)
 *   BENCH_LIVE_BOARDS       graphql-ws clients subscribed in the live scenarios (default 200)
 *   BENCH_LIVE_MESSAGES     messages timed per live scenario (default 20)
 *   TEST_DATABASE_URL       PostgreSQL for the two-gateway live scenario (default postgres://postgres@127.0.0.1:5432/test; skipped if unreachable)
 *   BENCH_ONLY              `read`, `cases`, `live`, `feeds` or `equipment` to run only those scenarios
 *
 * BENCH_CONNECTIONS is also the number of concurrent equipment ordering
 * clients, and BENCH_SECONDS how long they place orders. The case view runs
 * BENCH_CONNECTIONS clients per side too, but at most CASE_VIEW_MAX_CLIENTS,
 * as each of its queries is a whole hub board.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import pino from 'pino';
import { startWithAdapters } from '../../adapters/connect-adapters.js';
import { mintDevToken } from '../../src/auth/dev-signing-key.js';
import { loadConfig } from '../../src/config.js';
import { freePort } from '../support/feed-clients.js';
import { runCaseViewBenchmarks } from './case-view-benchmarks.js';
import { countRetryWarnings, runEquipmentBenchmarks } from './equipment-benchmarks.js';
import { runFeedBenchmarks } from './feed-benchmarks.js';
import { runLiveBenchmarks } from './live-benchmarks.js';
import { BENCH_TRUST, benchSenderProfiles } from './synthetic-adt.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const MLLP_CONNECTIONS = Number(process.env.BENCH_MLLP_CONNECTIONS ?? 8);
const MANY_CONNECTIONS = Number(process.env.BENCH_MANY_CONNECTIONS ?? 32);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const FIRST_WARMUP_SECONDS = Number(process.env.BENCH_FIRST_WARMUP_SECONDS ?? 10);
const OUTAGE_ORDERS = Number(process.env.BENCH_OUTAGE_ORDERS ?? 1_000);
const LIVE_BOARDS = Number(process.env.BENCH_LIVE_BOARDS ?? 200);
const LIVE_MESSAGES = Number(process.env.BENCH_LIVE_MESSAGES ?? 20);
const LIVE_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ONLY = process.env.BENCH_ONLY;
/** Concurrent clients per side in the case view scenario: each query there is ~1,500 referrals with their cases. */
const CASE_VIEW_MAX_CLIENTS = 4;
/**
 * The record system simulators' key, set here rather than left to
 * connectCareRecords to make up, so the case view's baseline can make its
 * own clients of them.
 */
const CARE_RECORDS_API_KEY = randomBytes(24).toString('base64url');

/**
 * Short outbox retries so the outage drain measures the dispatcher rather
 * than a backoff of up to 15 minutes, and a supplier step long enough that
 * its status callbacks (after ACCEPTED) do not compete with the figures.
 */
const OUTBOX_SETTINGS = {
  OUTBOX_POLL_MS: '50',
  OUTBOX_BACKOFF_INITIAL_MS: '100',
  OUTBOX_BACKOFF_MAX_MS: '2000',
  OUTBOX_BREAKER_OPEN_MS: '1000',
  SUPPLIER_SIMULATOR_STEP_MS: '600000',
};

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
    ...OUTBOX_SETTINGS,
    CARE_RECORDS_API_KEY,
    COMMUNITY_HEALTH_API_KEY: CARE_RECORDS_API_KEY,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl, DATABASE_SCHEMA: `bench_${process.pid}`, AUTH_MODE: 'dev' } : {}),
  });
  const logger = pino({ level: 'warn', hooks: { logMethod: countRetryWarnings } });
  const cleanUp = async () => {
    if (databaseUrl) await dropSchema(databaseUrl, `bench_${process.pid}`);
    await rm(dataDir, { recursive: true, force: true });
  };
  const running = await startWithAdapters(config, logger, benchSenderProfiles()).catch(async (error: unknown) => {
    // A gateway that failed to start may have migrated the schema already: leave nothing behind.
    await cleanUp();
    throw error;
  });
  const { gateway } = running;
  const token = await mintDevToken(gateway.devKey!, config.auth.audience, { role: 'HUB_COORDINATOR', subject: 'bench' });
  console.log(`Care Gateway benchmarks: ${gateway.db.kind} store, ${CONNECTIONS} connections, ${SECONDS} s per scenario, Node ${process.version}\n`);
  try {
    const runs = (what: string) => ONLY === undefined || ONLY === what;
    if (runs('read')) console.log(['scenario', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'rss MiB'].join('\t'));
    for (const scenario of runs('read') ? SCENARIOS : []) {
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
    if (runs('cases')) {
      // Before the feeds, whose referrals would otherwise join the board.
      await runCaseViewBenchmarks(gateway, running.simulators, {
        token,
        seconds: SECONDS,
        clients: Math.min(CONNECTIONS, CASE_VIEW_MAX_CLIENTS),
        apiKey: CARE_RECORDS_API_KEY,
        careRecords: config.careRecords,
      });
    }
    const feedToken = await mintDevToken(gateway.devKey!, config.auth.audience, { role: 'SYSTEM', subject: 'bench', trustOdsCode: BENCH_TRUST });
    if (runs('live')) {
      // Before the feeds: its board refresh is of the seeded hub's open referrals.
      await runLiveBenchmarks(gateway, { coordinator: token, feed: feedToken }, { boards: LIVE_BOARDS, messages: LIVE_MESSAGES, postgresUrl: LIVE_POSTGRES_URL });
    }
    if (runs('feeds')) {
      // After the read paths, whose figures are for the seeded hub as it is.
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
    if (runs('equipment')) {
      // Last: the orders it places would otherwise show up in the read paths' case search.
      await runEquipmentBenchmarks(gateway, running.simulators.supplier!, {
        token,
        seconds: SECONDS,
        connections: CONNECTIONS,
        outageOrders: OUTAGE_ORDERS,
        settings: Object.entries(OUTBOX_SETTINGS).map(([name, value]) => `${name}=${value}`).join(', '),
        maxAttempts: config.outbox.maxAttempts,
      });
    }
  } finally {
    // Stop first: requests autocannon sent before its clock ran out may still be running.
    const stopping = performance.now();
    await running.stop();
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
