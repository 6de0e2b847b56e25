/**
 * HL7 v2 ADT ingestion figures for `npm run bench`: messages per second and
 * per-message ACK latency, over HTTP (POST /feeds/hl7v2, keep-alive
 * connections) and over MLLP (real TCP sockets to the gateway's listener).
 * Each sender sends one message and waits for its ACK before the next, as
 * integration engines do; the gateway ACKs a message only once its
 * transaction has committed, so a figure here is "stored, applied and
 * committed" per second. Printed, never asserted.
 *
 * Messages are synthetic: invented people with NHS numbers from the 999
 * test range (valid Modulus 11 check digits), a spell of four events
 * (A01 admit, A08 ward move, A16 pending discharge, A03 discharge) per
 * person visit, an occasional re-admission of someone already seen, and a
 * unique MSH-10 per message so nothing is taken as a resend. A connection
 * owns its spells, so a spell's events arrive in order on one connection,
 * as a trust's engine sends them.
 */
import { request, Agent } from 'node:http';
import { connect, type Socket } from 'node:net';
import { defaultSenderProfile, type SenderProfile } from '../../adapters/hospital-discharge/sender-profile.js';
import { nhsCheckDigit } from '../../src/customers/nhs-number.js';
import type { RunningGateway } from '../../src/server/gateway.js';
import { mllpFrame, readAcks } from '../support/feed-clients.js';

/** The trust every bench message comes from; its profile allows MLLP. */
export const BENCH_TRUST = 'RXX';

export function benchSenderProfiles(): SenderProfile[] {
  return [{ ...defaultSenderProfile(BENCH_TRUST), mllp: true }];
}

/** The reference figure the table is read against: per second, each message durable before its ACK. */
const TARGET_PER_SECOND = 1_000;
/** An ACK slower than this is counted an error and its connection dropped, as an engine's ACK timeout would. */
const ACK_TIMEOUT_MS = 30_000;

export interface FeedBenchOptions {
  /** A SYSTEM token carrying the BENCH_TRUST claim (HTTP only). */
  token: string;
  seconds: number;
  httpConnections: number;
  mllpConnections: number;
  /** Connections for the "many engines" scenarios. */
  manyConnections: number;
  /** Messages per connection sent before the figures start (JIT, pools, caches); counted nowhere. */
  warmupMessages: number;
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

// ---------------------------------------------------------------------------
// Synthetic ADT

const FAMILY = ['SMITH', 'JONES', 'TAYLOR', 'BROWN', 'WILLIAMS', 'WILSON', 'JOHNSON', 'DAVIES', 'PATEL', 'ROBINSON', 'WRIGHT', 'THOMPSON', 'EVANS', 'WALKER', 'WHITE', 'ROBERTS', 'GREEN', 'HALL', 'KHAN', 'OKAFOR'];
const GIVEN_F = ['Margaret', 'Joan', 'Dorothy', 'Patricia', 'Irene', 'Sheila', 'Brenda', 'Eileen', 'Jean', 'Aisha'];
const GIVEN_M = ['George', 'Arthur', 'Harold', 'Kenneth', 'Ronald', 'Dennis', 'Brian', 'Derek', 'Roy', 'Tariq'];
const STREETS = ['Church Lane', 'Station Road', 'Victoria Street', 'Mill Lane', 'Park Avenue', 'Queens Road', 'Green Lane', 'Manor Close'];
const TOWNS: [string, string][] = [['Leeds', 'LS'], ['Bradford', 'BD'], ['Wakefield', 'WF'], ['Harrogate', 'HG'], ['Halifax', 'HX']];
/** Letters a postcode's inward code may use. */
const INWARD = [...'ABDEFGHJLNPQRSTUWXYZ'];
const WARDS = ['WARD7', 'WARD9', 'AMU', 'ELDERLY1', 'ORTHO2', 'STROKE', 'CARDIO', 'RESP3'];
const CONSULTANTS = ['C1234567^Consultant^Carol^^^Dr', 'C7654321^Surgeon^Samuel^^^Mr', 'C2468101^Physician^Priya^^^Dr'];
/** Discharge method and destination (NHS Data Dictionary codes, as ITK senders give them). */
const DISCHARGES: [string, string][] = [['1', '19'], ['1', '54'], ['1', '65'], ['2', '19'], ['1', '29']];

/** Spells per run start here; a run's own people and spells never meet the seed's or another run's. */
const RUN_BASE = Date.now() % 1_000_000;
let nextPerson = 0;
let nextSpell = 0;

interface Person {
  serial: number;
  nhsNumber: string;
  mrn: string;
}

function newPerson(): Person {
  for (;;) {
    const serial = nextPerson++;
    const stem = `999${String((RUN_BASE + serial * 7_919) % 1_000_000).padStart(6, '0')}`;
    const check = nhsCheckDigit(stem);
    if (check === null) continue;
    return { serial, nhsNumber: `${stem}${check}`, mrn: `${BENCH_TRUST}${String(RUN_BASE + serial).padStart(7, '0')}` };
  }
}

function pick<T>(list: readonly T[], n: number): T {
  return list[n % list.length]!;
}

function hl7Time(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

function segment(id: string, fields: Record<number, string>): string {
  const parts: string[] = [id];
  const offset = id === 'MSH' ? 1 : 0;
  for (const [position, value] of Object.entries(fields)) parts[Number(position) - offset] = value;
  return Array.from(parts, (part) => part ?? '').join('|');
}

function pidSegment(person: Person): string {
  const n = person.serial;
  const female = n % 3 !== 0;
  const [town, area] = pick(TOWNS, n >> 2);
  const postcode = `${area}${(n % 17) + 1} ${n % 9}${pick(INWARD, n >> 1)}${pick(INWARD, n >> 3)}`;
  const born = new Date(Date.UTC(1925 + (n % 60), (n >> 2) % 12, (n % 28) + 1));
  return segment('PID', {
    1: '1',
    3: `${person.mrn}^^^${BENCH_TRUST}^MR~${person.nhsNumber}^^^NHS^NH`,
    5: `${pick(FAMILY, n)}^${pick(female ? GIVEN_F : GIVEN_M, n >> 1)}^^^${female ? 'Mrs' : 'Mr'}^^L`,
    7: hl7Time(born).slice(0, 8),
    8: female ? 'F' : 'M',
    11: `${(n % 180) + 1} ${pick(STREETS, n >> 3)}^^${town}^^${postcode}^GBR^H`,
    13: `07700900${String(n % 1000).padStart(3, '0')}^PRN^CP`,
    32: n % 10 === 9 ? '' : 'NSTS01',
  });
}

interface SpellPlan {
  id: string;
  person: Person;
  admittedAt: Date;
  ward: string;
  consultant: string;
  discharge: [string, string];
}

const EVENTS: { trigger: string; structure: string; afterHours: number }[] = [
  { trigger: 'A01', structure: 'ADT_A01', afterHours: 0 },
  { trigger: 'A08', structure: 'ADT_A01', afterHours: 6 },
  { trigger: 'A16', structure: 'ADT_A16', afterHours: 30 },
  { trigger: 'A03', structure: 'ADT_A03', afterHours: 52 },
];

/**
 * One connection's messages: spell after spell, each A01, A08, A16, A03 in
 * order; one spell in five re-admits a person this stream saw before.
 */
export class AdtStream {
  private spell: SpellPlan | null = null;
  private step = 0;
  private sent = 0;
  private readonly people: Person[] = [];

  constructor(private readonly tag: string) {}

  next(): { controlId: string; body: Buffer } {
    if (this.spell === null || this.step === EVENTS.length) {
      this.spell = this.newSpell();
      this.step = 0;
    }
    const spell = this.spell;
    const event = EVENTS[this.step++]!;
    const controlId = `${this.tag}${String(this.sent++).padStart(7, '0')}`;
    const occurred = hl7Time(new Date(spell.admittedAt.getTime() + event.afterHours * 3_600_000));
    const ward = event.trigger === 'A01' ? spell.ward : pick(WARDS, WARDS.indexOf(spell.ward) + 3);
    const pv1: Record<number, string> = {
      1: '1',
      2: 'I',
      3: `${ward}^BAY${(spell.person.serial % 6) + 1}^BED${(spell.person.serial % 4) + 1}^${BENCH_TRUST}01`,
      7: spell.consultant,
      19: spell.id,
      44: hl7Time(spell.admittedAt),
    };
    if (event.trigger === 'A03') {
      pv1[36] = spell.discharge[0];
      pv1[37] = spell.discharge[1];
      pv1[45] = occurred;
    }
    const segments = [
      segment('MSH', {
        2: '^~\\&',
        3: 'PAS',
        4: BENCH_TRUST,
        5: 'GATEWAY',
        6: 'COUNCIL',
        7: occurred,
        9: `ADT^${event.trigger}^${event.structure}`,
        10: controlId,
        11: 'P',
        12: '2.4',
      }),
      segment('EVN', { 1: event.trigger, 2: occurred, 6: occurred }),
      pidSegment(spell.person),
      segment('PD1', { 3: `Test Surgery^^B8${String(2000 + (spell.person.serial % 50)).padStart(4, '0')}` }),
      segment('PV1', pv1),
    ];
    if (event.trigger === 'A16' || event.trigger === 'A03') {
      const expected = new Date(spell.admittedAt.getTime() + 60 * 3_600_000);
      segments.push(segment('PV2', { 9: hl7Time(expected).slice(0, 8) }));
    }
    return { controlId, body: Buffer.from(segments.map((s) => `${s}\r`).join(''), 'utf8') };
  }

  private newSpell(): SpellPlan {
    const serial = nextSpell++;
    const readmission = this.people.length > 3 && serial % 5 === 4;
    const person = readmission ? this.people[this.people.length - 3]! : newPerson();
    if (!readmission) this.people.push(person);
    return {
      id: `${this.tag}S${String(serial).padStart(6, '0')}`,
      person,
      admittedAt: new Date(Date.UTC(2026, 0, 1) + (serial % 8_760) * 3_600_000),
      ward: pick(WARDS, serial),
      consultant: pick(CONSULTANTS, serial >> 1),
      discharge: pick(DISCHARGES, serial >> 2),
    };
  }
}

// ---------------------------------------------------------------------------
// Senders

/** Sends one message and resolves with its raw ACK text; throws on a transport failure. */
type Send = (body: Buffer) => Promise<{ status: number | null; ack: string }>;

interface Sender {
  send: Send;
  close(): void;
}

interface LoadResult {
  latencies: number[];
  acked: number;
  errors: number;
  elapsedMs: number;
  firstError: string | null;
}

/**
 * `connections` senders, each sending its own stream's messages one at a
 * time until `seconds` have passed (a message in flight then is finished and
 * counted). A reply that is not an AA ACK for the message sent is an error.
 */
async function drive(
  connections: number,
  seconds: number,
  tag: string,
  warmup: number,
  open: () => Promise<Sender>,
): Promise<LoadResult> {
  const senders = await Promise.all(Array.from({ length: connections }, () => open()));
  const streams = senders.map((_, i) => new AdtStream(`${tag}${String.fromCharCode(65 + (i % 26))}${Math.floor(i / 26)}`));
  const result: LoadResult = { latencies: [], acked: 0, errors: 0, elapsedMs: 0, firstError: null };
  const fail = (why: string) => {
    result.errors++;
    result.firstError ??= why;
  };

  // Warm-up: same path, other control ids (the `W` prefix), not measured.
  const warmStreams = senders.map((_, i) => new AdtStream(`W${tag}${i}`));
  await Promise.all(
    senders.map(async (sender, i) => {
      for (let n = 0; n < warmup; n++) await sender.send(warmStreams[i]!.next().body).catch(() => undefined);
    }),
  );

  const started = performance.now();
  const deadline = started + seconds * 1_000;
  await Promise.all(
    senders.map(async (initial, i) => {
      let sender: Sender | null = initial;
      const stream = streams[i]!;
      while (performance.now() < deadline) {
        const { controlId, body } = stream.next();
        const sentAt = performance.now();
        try {
          sender ??= await open();
          const { status, ack } = await sender.send(body);
          const took = performance.now() - sentAt;
          const [first, ...rest] = readAcks(ack);
          if (status !== null && status !== 200) fail(`HTTP ${status}: ${ack.slice(0, 200)}`);
          else if (!first || rest.length > 0) fail(`not one ACK: ${JSON.stringify(ack.slice(0, 200))}`);
          else if (first.code !== 'AA' || first.acknowledges !== controlId) fail(`${first.code} for ${first.acknowledges}: ${first.field('MSA', 3) ?? ''} ${first.field('ERR', 8) ?? ''}`);
          else {
            result.acked++;
            result.latencies.push(took);
          }
        } catch (error) {
          fail((error as Error).message);
          // The connection is in an unknown state: start a new one, as an engine would.
          sender?.close();
          sender = null;
        }
      }
      sender?.close();
    }),
  );
  result.elapsedMs = performance.now() - started;
  return result;
}

function httpSenders(baseUrl: string, token: string, connections: number): { open: () => Promise<Sender>; agent: Agent } {
  const url = new URL('/feeds/hl7v2', baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  const send: Send = (body) =>
    new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          agent,
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/hl7-v2',
            'content-length': body.length,
          },
          timeout: ACK_TIMEOUT_MS,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, ack: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no ACK within ${ACK_TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  // The agent holds the sockets; a sender is a view of it.
  return { open: async () => ({ send, close: () => undefined }), agent };
}

const VT = 0x0b;
const FS = 0x1c;

/** One MLLP connection: one message out, wait for its ACK frame. */
async function openMllp(port: number): Promise<Sender> {
  const socket: Socket = connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let buffered: Buffer = Buffer.alloc(0);
  let waiting: { resolve: (ack: string) => void; reject: (error: Error) => void; timer: NodeJS.Timeout } | null = null;
  const settle = (outcome: { ack: string } | { error: Error }) => {
    const w = waiting;
    if (!w) return;
    waiting = null;
    clearTimeout(w.timer);
    if ('ack' in outcome) w.resolve(outcome.ack);
    else w.reject(outcome.error);
  };
  socket.on('data', (chunk: Buffer) => {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    const start = buffered.indexOf(VT);
    const end = start === -1 ? -1 : buffered.indexOf(FS, start + 1);
    if (end === -1) return;
    const ack = buffered.subarray(start + 1, end).toString('utf8');
    buffered = buffered.subarray(end + 2);
    settle({ ack });
  });
  socket.on('error', (error) => settle({ error }));
  socket.on('close', () => settle({ error: new Error('the gateway closed the MLLP connection without an ACK') }));
  return {
    send: (body) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => settle({ error: new Error(`no ACK within ${ACK_TIMEOUT_MS} ms`) }), ACK_TIMEOUT_MS);
        waiting = { resolve: (ack) => resolve({ status: null, ack }), reject, timer };
        socket.write(mllpFrame(body));
      }),
    close: () => socket.destroy(),
  };
}

// ---------------------------------------------------------------------------
// Running and reporting

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
  const scenarios: { name: string; tag: string; connections: number; open: () => Promise<Sender>; done?: () => void }[] = [];
  const http = httpSenders(gateway.url, options.token, options.httpConnections);
  scenarios.push({ name: 'HL7 v2 HTTP POST /feeds/hl7v2', tag: 'H', connections: options.httpConnections, open: http.open, done: () => http.agent.destroy() });
  // One gateway serves many trusts' engines at once: the group commit grows with them.
  const many = httpSenders(gateway.url, options.token, options.manyConnections);
  scenarios.push({ name: 'HL7 v2 HTTP, many engines', tag: 'N', connections: options.manyConnections, open: many.open, done: () => many.agent.destroy() });
  if (gateway.mllpPort === null) {
    console.log('\n(MLLP scenarios skipped: the gateway has no MLLP listener)');
  } else {
    const port = gateway.mllpPort;
    scenarios.push({ name: 'HL7 v2 MLLP', tag: 'M', connections: options.mllpConnections, open: () => openMllp(port) });
    scenarios.push({ name: 'HL7 v2 MLLP, many engines', tag: 'P', connections: options.manyConnections, open: () => openMllp(port) });
    scenarios.push({ name: 'HL7 v2 MLLP, one connection', tag: 'S', connections: 1, open: () => openMllp(port) });
  }

  console.log(
    `\nHL7 v2 ADT ingestion: ${store} store (${await durabilitySettings(gateway)}), ${options.seconds} s per scenario after ` +
      `${options.warmupMessages} warm-up messages per connection; one message per request/frame, ACK awaited before the next; ` +
      `reference ${TARGET_PER_SECOND.toLocaleString('en-GB')} msgs/s\n`,
  );
  console.log(['scenario', 'store', 'conns', 'msgs/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'inbox rows (ACKed)', 'rss MiB'].join('\t'));
  const results: FeedBenchResult[] = [];
  // A per-run prefix keeps the control ids of this run's scenarios apart from any earlier run in the same store.
  const run = (Date.now() % 46_656).toString(36).toUpperCase().padStart(3, '0');
  for (const scenario of scenarios) {
    const tag = `B${run}${scenario.tag}`;
    const load = await drive(scenario.connections, options.seconds, tag, options.warmupMessages, scenario.open);
    scenario.done?.();
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
  const best = Math.max(...results.map((r) => r.perSecond));
  console.log(
    `best ${best.toFixed(0)} msgs/s on ${store}: ${best >= TARGET_PER_SECOND ? 'at or above' : `${(TARGET_PER_SECOND / best).toFixed(1)}x below`} the ${TARGET_PER_SECOND.toLocaleString('en-GB')} msgs/s reference`,
  );
  return results;
}
