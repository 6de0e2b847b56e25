/**
 * The HTTP plumbing shared by the simulators of outside systems: starting
 * the node:http server on loopback and closing it, reading a bounded body,
 * sending an answer, a constant-time key check, the request faults met
 * before a contract call, and the /_simulator controls. Each simulator keeps
 * its own routes and answers.
 */
import { setMaxListeners } from 'node:events';
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { FaultInjector, RequestFaults } from './request-faults.js';

/** Where a simulator listens. */
export interface ListenOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
}

/** A simulator as its starter hands it over: where it is, what it has seen, its faults, and the way to stop it. */
export interface RunningSimulator<Stats, Faults = RequestFaults> {
  url: string;
  port: number;
  stats(): Stats;
  setFaults(faults: Partial<Faults>): void;
  close(): Promise<void>;
}

export interface SimulatorServerOptions extends ListenOptions {
  /** Aborted by close(), first: for the waits (latency, callbacks) that close() must cut short. */
  closing: AbortController;
  handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
  /** Answers a request whose handling threw (a simulator bug) with the contract's 500; `message` is the error's. */
  internalError(response: ServerResponse, message: string): void;
}

export interface SimulatorServer {
  url: string;
  port: number;
  /** Aborts `closing`, stops listening and drops every connection, hung and keep-alive ones too. */
  close(): Promise<void>;
}

export async function startSimulatorServer(options: SimulatorServerOptions): Promise<SimulatorServer> {
  const host = options.host ?? '127.0.0.1';
  const { closing } = options;
  const server = createServer((request, response) => {
    void options.handle(request, response).catch((error: unknown) => {
      // An abort from close() mid-latency needs no answer; anything else is a simulator bug, answered as the contract's 500.
      if (closing.signal.aborted || response.headersSent) return;
      options.internalError(response, error instanceof Error ? error.message : String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 0);
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    async close() {
      closing.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Hung and keep-alive connections would otherwise hold close() open.
      server.closeAllConnections();
      await closed;
    },
  };
}

/** The body as text, or null when it is over `maxBytes`. */
export async function readBody(request: IncomingMessage, maxBytes: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Read to the end even when over the limit (keeping nothing), as leaving the loop early would destroy the socket before the answer.
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= maxBytes) chunks.push(chunk);
  }
  return size > maxBytes ? null : Buffer.concat(chunks).toString('utf8');
}

export function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

/** Whether `presented` is `expected`, compared in constant time. */
export function sameSecret(presented: string, expected: string): boolean {
  // Digests first so the comparison is constant-time whatever the lengths.
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/** A request header's value, the first where it came more than once. */
export function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Whether the request carries `Authorization: Bearer <apiKey>`. */
export function hasBearerKey(request: IncomingMessage, apiKey: string): boolean {
  return sameSecret(/^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '', apiKey);
}

/**
 * Applies the kit's request faults before a contract call is handled: true
 * when a fault has dealt with the request (the connection dropped, left
 * hanging, or answered by `unavailable`, the contract's 503), false when the
 * call is to be handled as normal.
 */
export async function metRequestFault<F extends RequestFaults>(
  faults: FaultInjector<F>,
  request: IncomingMessage,
  closing: AbortSignal,
  unavailable: () => void,
): Promise<boolean> {
  const fault = await faults.beforeAnswer(closing);
  switch (fault) {
    case 'down':
      request.socket.destroy();
      return true;
    case 'hang':
      // Left open on purpose; close() drops the connection.
      return true;
    case 'unavailable':
      unavailable();
      return true;
    case null:
      return false;
  }
}

export interface SimulatorControls {
  stats(): unknown;
  /** Applies the faults in a `POST /_simulator/faults` body and gives those now in force; throws with a message for a body that is not faults. */
  setFaults(json: unknown): unknown;
  /** The most a faults body may hold. */
  maxBodyBytes: number;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** Answers the controls at `/_simulator/...`: GET stats and POST faults. */
export async function answerControl(request: IncomingMessage, response: ServerResponse, path: string, controls: SimulatorControls): Promise<void> {
  if (request.method === 'GET' && path === '/_simulator/stats') {
    send(response, 200, JSON_TYPE, JSON.stringify(controls.stats()));
  } else if (request.method === 'POST' && path === '/_simulator/faults') {
    try {
      const now = controls.setFaults(JSON.parse((await readBody(request, controls.maxBodyBytes)) ?? 'null'));
      send(response, 200, JSON_TYPE, JSON.stringify(now));
    } catch (error) {
      send(response, 400, JSON_TYPE, JSON.stringify({ error: (error as Error).message }));
    }
  } else {
    send(response, 404, JSON_TYPE, JSON.stringify({ error: 'controls are GET /_simulator/stats and POST /_simulator/faults' }));
  }
}

/**
 * What close() aborts: every request in flight (a latency fault's wait, a
 * callback being sent) listens to it, so its listener limit is lifted rather
 * than Node warning of a leak past ten requests at once.
 */
export function closingController(): AbortController {
  const closing = new AbortController();
  setMaxListeners(0, closing.signal);
  return closing;
}
