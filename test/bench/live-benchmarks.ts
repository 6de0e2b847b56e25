/**
 * Live update figures for `npm run bench` (BENCH_ONLY=live), printed, never
 * asserted:
 *
 * 1. A referral change reaching 200 subscribed boards: 200 graphql-ws
 *    clients, each a hub coordinator subscribed to `referralChanged`; an HL7
 *    v2 admission is posted over HTTP and, once its ACK is back, each
 *    client's event is timed from that ACK (and, for reference, from the
 *    POST). Messages go one at a time, the next once all 200 clients heard the
 *    last. First on the bench's own gateway, then on two gateways sharing
 *    PostgreSQL (the message posted to one, the clients on the other) when
 *    PostgreSQL is reachable. Every event is a look of its own per subscriber
 *    in the audit trail; the subscribers of one event share its reads, and
 *    their looks are written together (src/audit/audit-batch.ts).
 * 2. Memory of idle subscriptions: heap and RSS before and after the 200
 *    clients connect and subscribe. Clients and gateway share this process,
 *    so the difference includes the clients' own sockets: an upper bound.
 *    Exact only with `node --expose-gc` (npm run bench passes it).
 * 3. A board refresh: all open referrals with their people, as a coordinator,
 *    with the statements the request sent and the audit write's time.
 *
 * Clients and gateway(s) share this process and its two cores with the
 * PostgreSQL server: the latencies include queueing behind each other.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import pg from 'pg';
import pino from 'pino';
import WebSocket from 'ws';
import { startWithAdapters } from '../../adapters/connect-adapters.js';
import { mintDevToken } from '../../src/auth/dev-signing-key.js';
import { loadConfig } from '../../src/config.js';
import type { Role } from '../../src/generated/graphql.js';
import type { RunningGateway } from '../../src/server/gateway.js';
import { quoteSchemaName } from '../../src/store/database.js';
import { message, msh, pv1, segment } from '../adapters/hospital-discharge/hl7v2/synthetic-messages.js';
import { postHl7 } from '../support/feed-clients.js';
import { BENCH_TRUST, benchSenderProfiles } from './synthetic-adt.js';

export interface LiveBenchOptions {
  /** Subscribed boards (default 200). */
  boards: number;
  /** Messages timed per store (default 20). */
  messages: number;
  /** PostgreSQL for the two-gateway scenario; null skips it. */
  postgresUrl: string | null;
}

/** The p99 the issue asks for, from the ACK to a board's event. */
const TARGET_P99_MS = 250;
/** How long all boards may take to hear one message before the bench gives up on it. */
const HEAR_TIMEOUT_MS = 30_000;
/** Board refreshes timed; the figures are their medians. */
const REFRESHES = 5;

/** A board's selection: what changed and enough of the referral and person to redraw its row. */
const REFERRAL_CHANGED = `subscription Board { referralChanged { changes referral { id status pathway hospitalSpell { spellId } referredPerson { name { given family } } } } }`;
const BOARD_REFRESH = `query BoardRefresh { referrals(filter: { statuses: [RECEIVED, TRIAGED, ACCEPTED] }, first: 2000) { totalCount edges { node {
  id status pathway priority receivedAt customer { id nhsNumber name { given family } } } } } }`;

/** Spells unique to this run, so a shared store never takes a message as a resend. */
const RUN_TAG = randomBytes(3).toString('hex').toUpperCase();
let sentMessages = 0;

function admission(): { spellId: string; body: string } {
  const n = ++sentMessages;
  const spellId = `LIVE${RUN_TAG}${n}`;
  return {
    spellId,
    body: message(
      msh('A01', { 4: BENCH_TRUST, 10: `LIVE-${RUN_TAG}-${n}`, 7: '20261201100000' }),
      segment('EVN', { 1: 'A01', 2: '20261201100000', 6: '20261201100000' }),
      segment('PID', { 3: `MRN${RUN_TAG}${n}^^^${BENCH_TRUST}^MR`, 5: `LIVEBOARD^Bench${n}`, 7: '19400101', 8: 'F' }),
      pv1({ 19: spellId, 44: '20261201100000' }),
    ),
  };
}

/** One subscribed board: when it heard each spell. */
interface Board {
  heard: Map<string, number>;
  client: Client;
}

async function openBoards(gatewayUrl: string, token: string, count: number): Promise<Board[]> {
  const boards = Array.from({ length: count }, (): Board & { connected: Promise<void> } => {
    const heard = new Map<string, number>();
    let connected!: () => void;
    let failed!: (error: Error) => void;
    const connectedPromise = new Promise<void>((resolve, reject) => ((connected = resolve), (failed = reject)));
    const client = createClient({
      url: `${gatewayUrl.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      lazy: false,
      on: {
        connected: () => connected(),
        closed: (event) => failed(new Error(`board socket closed (${(event as { code: number }).code})`)),
      },
      onNonLazyError: () => undefined,
    });
    client.subscribe<{ referralChanged: { referral: { hospitalSpell: { spellId: string } | null } } }>(
      { query: REFERRAL_CHANGED },
      {
        next: (value) => {
          const spellId = value.data?.referralChanged.referral.hospitalSpell?.spellId;
          if (spellId && !heard.has(spellId)) heard.set(spellId, performance.now());
        },
        error: (error) => console.log(`  a board's subscription failed: ${JSON.stringify(error).slice(0, 200)}`),
        complete: () => undefined,
      },
    );
    return { heard, client, connected: connectedPromise };
  });
  try {
    await Promise.all(boards.map((board) => board.connected));
  } catch (error) {
    await closeBoards(boards);
    throw error;
  }
  return boards;
}

async function closeBoards(boards: readonly Board[]): Promise<void> {
  await Promise.all(boards.map((board) => board.client.dispose() as Promise<void>));
}

async function untilAllHeard(boards: readonly Board[], spellId: string): Promise<void> {
  const deadline = Date.now() + HEAR_TIMEOUT_MS;
  while (boards.some((board) => !board.heard.has(spellId))) {
    if (Date.now() > deadline) throw new Error(`${boards.filter((board) => !board.heard.has(spellId)).length} boards never heard ${spellId}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Posts one admission, waits for its ACK and for every board to hear it; returns the ACK's and the POST's times. */
async function sendAndHear(feedUrl: string, feedToken: string, boards: readonly Board[]): Promise<{ spellId: string; sentAt: number; ackAt: number }> {
  const { spellId, body } = admission();
  const sentAt = performance.now();
  const reply = await postHl7(feedUrl, feedToken, body);
  const ackAt = performance.now();
  if (reply.acks[0]?.code !== 'AA') throw new Error(`admission ${spellId} was not accepted: ${reply.status} ${reply.text.slice(0, 200)}`);
  await untilAllHeard(boards, spellId);
  return { spellId, sentAt, ackAt };
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function median(values: readonly number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

/** The message's reach: one warm-up message (it also proves every board subscribed), then `messages` timed. */
async function measureReach(label: string, feed: { url: string; token: string }, boards: readonly Board[], messages: number): Promise<void> {
  await sendAndHear(feed.url, feed.token, boards);
  const fromAck: number[] = [];
  const fromPost: number[] = [];
  for (let i = 0; i < messages; i++) {
    const { spellId, sentAt, ackAt } = await sendAndHear(feed.url, feed.token, boards);
    for (const board of boards) {
      const at = board.heard.get(spellId)!;
      fromAck.push(at - ackAt);
      fromPost.push(at - sentAt);
    }
  }
  fromAck.sort((a, b) => a - b);
  fromPost.sort((a, b) => a - b);
  const ms = (value: number) => value.toFixed(0);
  console.log(
    [
      label,
      boards.length,
      messages,
      `${ms(percentile(fromAck, 50))} / ${ms(percentile(fromAck, 99))}`,
      ms(fromAck.at(-1)!),
      `${ms(percentile(fromPost, 50))} / ${ms(percentile(fromPost, 99))}`,
      `< ${TARGET_P99_MS}`,
    ].join('\t'),
  );
}

function collectGarbage(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return false;
  gc();
  gc();
  return true;
}

const MiB = 1_048_576;

/** Opens the boards with memory read either side; the boards stay open for the latency run. */
async function openBoardsMeasuringMemory(gatewayUrl: string, token: string, count: number): Promise<Board[]> {
  const exact = collectGarbage();
  const before = process.memoryUsage();
  const boards = await openBoards(gatewayUrl, token, count);
  // Let the subscribe messages reach the gateway and their subscriptions start, so they are idle ones.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  collectGarbage();
  const after = process.memoryUsage();
  const heap = after.heapUsed - before.heapUsed;
  const rss = after.rss - before.rss;
  const kib = (bytes: number) => (bytes / 1_024).toFixed(1);
  console.log(
    `memory, ${count} idle subscriptions (gateway and clients in one process${exact ? ', after gc' : ', no gc: run with node --expose-gc; approximate'}): ` +
      `heap +${(heap / MiB).toFixed(1)} MiB (${kib(heap / count)} KiB each), RSS +${(rss / MiB).toFixed(1)} MiB (${kib(rss / count)} KiB each); ` +
      `RSS now ${(after.rss / MiB).toFixed(0)} MiB`,
  );
  return boards;
}

/**
 * The board refresh with the store's statements counted: the gateway's
 * repositories call `db.query` on the gateway's own Database, so wrapping it
 * for the request sees every statement, the audit write among them.
 */
async function measureBoardRefresh(gateway: RunningGateway, token: string): Promise<void> {
  const db = gateway.db;
  const original = db.query.bind(db);
  const runs: { total: number; statements: number; auditStatements: number; auditMs: number; people: number; referrals: number }[] = [];
  let counting: { statements: number; auditStatements: number; auditMs: number } | null = null;
  db.query = async (sql: string, params?: readonly unknown[]) => {
    if (!counting) return original(sql, params);
    const run = counting;
    run.statements++;
    if (!/INSERT INTO audit_events/.test(sql)) return original(sql, params);
    run.auditStatements++;
    const started = performance.now();
    try {
      return await original(sql, params);
    } finally {
      run.auditMs += performance.now() - started;
    }
  };
  try {
    for (let i = 0; i <= REFRESHES; i++) {
      const run = { statements: 0, auditStatements: 0, auditMs: 0 };
      counting = run;
      const started = performance.now();
      const response = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: BOARD_REFRESH }),
      });
      const body = (await response.json()) as { data?: { referrals: { edges: { node: { customer: { id: string } } }[] } }; errors?: unknown[] };
      const total = performance.now() - started;
      counting = null;
      if (!body.data || body.errors) throw new Error(`board refresh failed: ${response.status} ${JSON.stringify(body.errors).slice(0, 300)}`);
      const edges = body.data.referrals.edges;
      // The first is a warm-up (plans, JIT); the figures are the rest's.
      if (i > 0) runs.push({ ...run, total, referrals: edges.length, people: new Set(edges.map((edge) => edge.node.customer.id)).size });
    }
  } finally {
    db.query = original;
  }
  const last = runs.at(-1)!;
  console.log(
    `board refresh (${gateway.db.kind}): ${last.referrals} open referrals, ${last.people} people; median of ${REFRESHES}: request ${median(runs.map((run) => run.total)).toFixed(0)} ms, ` +
      `audit write ${median(runs.map((run) => run.auditMs)).toFixed(1)} ms in ${last.auditStatements} statement(s) of the request's ${last.statements}`,
  );
}

/** The two-gateway scenario's store: reachable or not, said in one line either way. */
async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function startReplica(url: string, schema: string, dataDir: string, seed: boolean) {
  const config = loadConfig({
    PORT: '0',
    MLLP_PORT: '0',
    DATA_DIR: dataDir,
    DATABASE_URL: url,
    DATABASE_SCHEMA: schema,
    AUTH_MODE: 'dev',
    SEED_ON_EMPTY_STORE: String(seed),
  });
  const running = await startWithAdapters(config, pino({ level: 'warn' }), benchSenderProfiles());
  const token = (role: Role, extra: { trustOdsCode?: string } = {}) =>
    mintDevToken(running.gateway.devKey!, config.auth.audience, { role, subject: 'bench-live', ...extra });
  return { running, token };
}

async function measureAcrossReplicas(url: string, options: LiveBenchOptions): Promise<void> {
  const schema = `bench_live_${process.pid}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'care-gateway-bench-live-'));
  const started: Awaited<ReturnType<typeof startReplica>>[] = [];
  try {
    // One after the other: the first migrates and seeds, the second finds the store ready.
    started.push(await startReplica(url, schema, join(dataDir, 'a'), true));
    started.push(await startReplica(url, schema, join(dataDir, 'b'), false));
    const [sender, listener] = started as [Awaited<ReturnType<typeof startReplica>>, Awaited<ReturnType<typeof startReplica>>];
    const boards = await openBoards(listener.running.gateway.url, await listener.token('HUB_COORDINATOR'), options.boards);
    try {
      const feed = { url: sender.running.gateway.url, token: await sender.token('SYSTEM', { trustOdsCode: BENCH_TRUST }) };
      await measureReach('postgres, 2 gateways', feed, boards, options.messages);
    } finally {
      await closeBoards(boards);
    }
  } finally {
    await Promise.all(started.map((replica) => replica.running.stop()));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${quoteSchemaName(schema)} CASCADE`);
    await client.end();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * Runs the three on the bench's gateway, then the two-gateway scenario on
 * its own schema of `postgresUrl`. `token` is a coordinator's, `feedToken`
 * a SYSTEM token of BENCH_TRUST's feed.
 */
export async function runLiveBenchmarks(gateway: RunningGateway, tokens: { coordinator: string; feed: string }, options: LiveBenchOptions): Promise<void> {
  console.log(`\nLive updates: ${options.boards} graphql-ws boards subscribed to referralChanged (a coordinator each), ${options.messages} HL7 v2 admissions over HTTP one at a time\n`);
  // First, while the board holds only the seed's referrals.
  await measureBoardRefresh(gateway, tokens.coordinator);
  const boards = await openBoardsMeasuringMemory(gateway.url, tokens.coordinator, options.boards);
  console.log(['\nstore', 'boards', 'messages', 'ACK→event p50 / p99 ms', 'max ms', 'POST→event p50 / p99 ms', 'target p99 ms'].join('\t'));
  try {
    await measureReach(`${gateway.db.kind}, 1 gateway`, { url: gateway.url, token: tokens.feed }, boards, options.messages);
  } finally {
    await closeBoards(boards);
  }
  if (options.postgresUrl && (await reachable(options.postgresUrl))) {
    await measureAcrossReplicas(options.postgresUrl, options);
  } else {
    console.log(`postgres, 2 gateways\tskipped: no PostgreSQL at ${options.postgresUrl ?? '(none given)'} (set TEST_DATABASE_URL)`);
  }
}
