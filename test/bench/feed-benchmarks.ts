/**
 * HL7 v2 ADT ingestion figures for `npm run bench`: messages per second and
 * per-message ACK latency, over HTTP (POST /feeds/hl7v2, keep-alive
 * connections) and over MLLP (real TCP sockets to the gateway's listener).
 * The load comes from a separate process (feed-load.ts), as integration
 * engines are other machines; the gateway ACKs a message only once its
 * transaction has committed, so a figure here is "stored, applied and
 * committed" per second. Printed, never asserted.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RunningGateway } from '../../src/server/gateway.js';
import type { LoadRequest, LoadResult, LoadTarget } from './feed-load.js';
import { BENCH_TRUST } from './synthetic-adt.js';

/** The reference figure the table is read against: per second, each message durable before its ACK. */
const TARGET_PER_SECOND = 1_000;

export interface FeedBenchOptions {
  /** A SYSTEM token carrying the BENCH_TRUST claim (HTTP only). */
  token: string;
  seconds: number;
  httpConnections: number;
  mllpConnections: number;
  /** Connections for the "many engines" scenarios. */
  manyConnections: number;
  /** Seconds of load before each scenario's figures start (JIT, plan caches, pools); counted nowhere. */
  warmupSeconds: number;
  /** The same for the first scenario, longer: V8 takes several seconds to optimise PGlite's WebAssembly. */
  firstWarmupSeconds: number;
}

export interface FeedBenchResult {
  scenario: string;
  store: string;
  connections: number;
  acked: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  /** Inbox rows under this scenario's control ids, by status. */
  stored: Record<string, number>;
}

/** The load generator's process, run with the same TypeScript loader as this one. */
function startLoadProcess(): { run: (request: LoadRequest) => Promise<LoadResult>; stop: () => void } {
  const child: ChildProcess = fork(fileURLToPath(new URL('./feed-load-process.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: 'inherit',
  });
  const run = (request: LoadRequest) =>
    new Promise<LoadResult>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the load generator exited (${code}) mid-scenario`));
      child.once('exit', onExit);
      child.once('message', (reply: { result?: LoadResult; error?: string }) => {
        child.off('exit', onExit);
        if (reply.result) resolve(reply.result);
        else reject(new Error(`the load generator failed: ${reply.error}`));
      });
      child.send(request);
    });
  return { run, stop: () => child.disconnect() };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function storedUnder(gateway: RunningGateway, tag: string): Promise<Record<string, number>> {
  const rows = await gateway.db.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int AS n FROM inbox_messages WHERE sender = $1 AND control_id LIKE $2 GROUP BY status ORDER BY status',
    [BENCH_TRUST, `${tag}%`],
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** How the store commits: PGlite starts PostgreSQL with -F (fsync off), which is worth seeing next to the figures. */
async function durabilitySettings(gateway: RunningGateway): Promise<string> {
  const setting = async (name: string) => {
    try {
      const [row] = await gateway.db.query<{ setting: string }>('SELECT setting FROM pg_settings WHERE name = $1', [name]);
      return row?.setting ?? '?';
    } catch {
      return '?';
    }
  };
  return `fsync=${await setting('fsync')}, synchronous_commit=${await setting('synchronous_commit')}`;
}

function fmt(ms: number): string {
  return Number.isNaN(ms) ? '-' : ms < 10 ? ms.toFixed(2) : ms.toFixed(1);
}

/** Runs the feed scenarios against a started gateway (MLLP on, BENCH_TRUST's profile allowing it) and prints the table. */
export async function runFeedBenchmarks(gateway: RunningGateway, options: FeedBenchOptions): Promise<FeedBenchResult[]> {
  const store = gateway.db.kind;
  const scenarios: { name: string; tag: string; connections: number; target: LoadTarget }[] = [];
  const http: LoadTarget = { transport: 'HTTP', baseUrl: gateway.url, token: options.token };
  scenarios.push({ name: 'HL7 v2 HTTP POST /feeds/hl7v2', tag: 'H', connections: options.httpConnections, target: http });
  // One gateway serves many trusts' engines at once: the group commit grows with them.
  scenarios.push({ name: 'HL7 v2 HTTP, many engines', tag: 'N', connections: options.manyConnections, target: http });
  if (gateway.mllpPort === null) {
    console.log('\n(MLLP scenarios skipped: the gateway has no MLLP listener)');
  } else {
    const mllp: LoadTarget = { transport: 'MLLP', port: gateway.mllpPort };
    scenarios.push({ name: 'HL7 v2 MLLP', tag: 'M', connections: options.mllpConnections, target: mllp });
    scenarios.push({ name: 'HL7 v2 MLLP, many engines', tag: 'P', connections: options.manyConnections, target: mllp });
    scenarios.push({ name: 'HL7 v2 MLLP, one connection', tag: 'S', connections: 1, target: mllp });
  }

  console.log(
    `\nHL7 v2 ADT ingestion: ${store} store (${await durabilitySettings(gateway)}), ${options.seconds} s per scenario after ` +
      `${options.warmupSeconds} s of warm-up (${options.firstWarmupSeconds} s before the first); one message per request/frame, ACK awaited before the next; ` +
      `reference ${TARGET_PER_SECOND.toLocaleString('en-GB')} msgs/s\n`,
  );
  console.log(['scenario', 'store', 'conns', 'msgs/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'inbox rows (ACKed)', 'rss MiB'].join('\t'));
  const results: FeedBenchResult[] = [];
  // A per-run prefix keeps the control ids of this run's scenarios apart from any earlier run in the same store.
  const run = (Date.now() % 46_656).toString(36).toUpperCase().padStart(3, '0');
  const loader = startLoadProcess();
  try {
    for (const [index, scenario] of scenarios.entries()) {
      const tag = `B${run}${scenario.tag}`;
      const load = await loader.run({ target: scenario.target, connections: scenario.connections, seconds: options.seconds, tag, warmupSeconds: index === 0 ? options.firstWarmupSeconds : options.warmupSeconds });
      const sorted = [...load.latencies].sort((a, b) => a - b);
      const stored = await storedUnder(gateway, tag);
      const result: FeedBenchResult = {
        scenario: scenario.name,
        store,
        connections: scenario.connections,
        acked: load.acked,
        perSecond: load.acked / (load.elapsedMs / 1_000),
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        max: sorted.at(-1) ?? NaN,
        errors: load.errors,
        stored,
      };
      results.push(result);
      const rows = Object.values(stored).reduce((a, b) => a + b, 0);
      const byStatus = Object.entries(stored).map(([status, n]) => `${status} ${n}`).join(', ') || 'none';
      console.log(
        [
          result.scenario,
          store,
          result.connections,
          result.perSecond.toFixed(1),
          fmt(result.p50),
          fmt(result.p99),
          fmt(result.max),
          result.errors,
          `${rows} (${result.acked})${rows === result.acked ? '' : ' MISMATCH'} [${byStatus}]`,
          (process.memoryUsage().rss / 1_048_576).toFixed(0),
        ].join('\t'),
      );
      if (load.firstError) console.log(`  first error: ${load.firstError}`);
    }
  } finally {
    loader.stop();
  }
  const best = Math.max(...results.map((r) => r.perSecond));
  console.log(
    `best ${best.toFixed(0)} msgs/s on ${store}: ${best >= TARGET_PER_SECOND ? 'at or above' : `${(TARGET_PER_SECOND / best).toFixed(1)}x below`} the ${TARGET_PER_SECOND.toLocaleString('en-GB')} msgs/s reference`,
  );
  return results;
}
