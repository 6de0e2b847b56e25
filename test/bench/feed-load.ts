/**
 * The load generator of the ingestion benchmarks, run in its own process
 * (feed-load-process.ts) so that the gateway's event loop carries only the
 * gateway, as it does when the integration engines are other machines.
 * Each sender sends one message and waits for its ACK before the next, as
 * integration engines do. A connection owns its spells, so a spell's events
 * arrive in order on one connection, as a trust's engine sends them.
 */
import { request, Agent } from 'node:http';
import { connect, type Socket } from 'node:net';
import { mllpFrame, readAcks } from '../support/feed-clients.js';
import { AdtStream } from './synthetic-adt.js';

/** An ACK slower than this is counted an error and its connection dropped, as an engine's ACK timeout would. */
const ACK_TIMEOUT_MS = 30_000;

/** What to send: over HTTP with a token, or over MLLP to a port on loopback. */
export type LoadTarget = { transport: 'HTTP'; baseUrl: string; token: string } | { transport: 'MLLP'; port: number };

export interface LoadRequest {
  target: LoadTarget;
  connections: number;
  seconds: number;
  /** Prefix of every control id and spell id of this load. */
  tag: string;
  /** Seconds of the same load before the clock starts (JIT, plan caches, pools); counted nowhere. */
  warmupSeconds: number;
}

/** Sends one message and resolves with its raw ACK text; throws on a transport failure. */
type Send = (body: Buffer) => Promise<{ status: number | null; ack: string }>;

interface Sender {
  send: Send;
  close(): void;
}

export interface LoadResult {
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
export async function drive({ target, connections, seconds, tag, warmupSeconds }: LoadRequest): Promise<LoadResult> {
  const { open, done } = target.transport === 'HTTP' ? httpSenders(target.baseUrl, target.token, connections) : { open: () => openMllp(target.port), done: () => undefined };
  const senders = await Promise.all(Array.from({ length: connections }, () => open()));
  const streams = senders.map((_, i) => new AdtStream(`${tag}${String.fromCharCode(65 + (i % 26))}${Math.floor(i / 26)}`));
  const result: LoadResult = { latencies: [], acked: 0, errors: 0, elapsedMs: 0, firstError: null };
  const fail = (why: string) => {
    result.errors++;
    result.firstError ??= why;
  };

  // Warm-up: same path, other control ids (the `W` prefix), not measured.
  const warmedAt = performance.now() + warmupSeconds * 1_000;
  const warmStreams = senders.map((_, i) => new AdtStream(`W${tag}${i}`));
  await Promise.all(
    senders.map(async (sender, i) => {
      while (performance.now() < warmedAt) await sender.send(warmStreams[i]!.next().body).catch(() => undefined);
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
  done();
  return result;
}

function httpSenders(baseUrl: string, token: string, connections: number): { open: () => Promise<Sender>; done: () => void } {
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
  return { open: async () => ({ send, close: () => undefined }), done: () => agent.destroy() };
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
