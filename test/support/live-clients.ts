/**
 * Subscribers as a frontend would be: graphql-ws over a real WebSocket, and
 * GraphQL over Server-Sent Events over real HTTP. Each collects what it
 * hears so a test can wait for it or see that nothing came.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface HeardEvent {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export interface LiveSubscriber {
  events: HeardEvent[];
  /** The close code, once the socket or stream closed. */
  closedWith: number | null;
  /** Resolves once the server has acknowledged the connection (WebSocket) or answered the request (SSE). */
  ready: Promise<void>;
  waitFor(count: number, timeoutMs?: number): Promise<HeardEvent[]>;
  waitForClose(timeoutMs?: number): Promise<number>;
  stop(): Promise<void>;
}

async function until(check: () => boolean, what: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function subscriberOf(events: HeardEvent[], state: { closedWith: number | null }, ready: Promise<void>, stop: () => Promise<void>): LiveSubscriber {
  return {
    events,
    get closedWith() {
      return state.closedWith;
    },
    ready,
    async waitFor(count, timeoutMs = 10_000) {
      await until(() => events.length >= count, () => `${count} events (heard ${events.length}, closed ${state.closedWith})`, timeoutMs);
      return events;
    },
    async waitForClose(timeoutMs = 10_000) {
      await until(() => state.closedWith !== null, () => 'the close', timeoutMs);
      return state.closedWith!;
    },
    stop,
  };
}

/** Subscribes over graphql-ws at the gateway's /graphql, with the token in connection_init. */
export function subscribeOverWebSocket(gatewayUrl: string, token: string | null, query: string, variables: Record<string, unknown> = {}): LiveSubscriber {
  const events: HeardEvent[] = [];
  const state = { closedWith: null as number | null };
  let acknowledged!: () => void;
  const ready = new Promise<void>((resolve) => (acknowledged = resolve));
  const client: Client = createClient({
    url: `${gatewayUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    on: {
      connected: () => acknowledged(),
      closed: (event) => {
        state.closedWith = (event as { code: number }).code;
        acknowledged();
      },
    },
    onNonLazyError: () => undefined,
  });
  client.subscribe<Record<string, any>>(
    { query, variables },
    {
      next: (value) => events.push(value as HeardEvent),
      error: (error) => events.push({ errors: Array.isArray(error) ? error : [{ message: String((error as Error).message ?? error) }] }),
      complete: () => undefined,
    },
  );
  return subscriberOf(events, state, ready, () => client.dispose() as Promise<void>);
}

/** Subscribes over GraphQL over SSE (distinct connections) at /graphql/stream, the token in the Authorization header. */
export function subscribeOverSse(gatewayUrl: string, token: string | null, query: string, variables: Record<string, unknown> = {}): LiveSubscriber & { status: Promise<number> } {
  const events: HeardEvent[] = [];
  const state = { closedWith: null as number | null };
  const abort = new AbortController();
  let answered!: (status: number) => void;
  const status = new Promise<number>((resolve) => (answered = resolve));
  void (async () => {
    try {
      const response = await fetch(`${gatewayUrl}/graphql/stream`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
        signal: abort.signal,
      });
      answered(response.status);
      let buffered = '';
      for await (const chunk of response.body!) {
        buffered += Buffer.from(chunk).toString('utf8');
        for (let end = buffered.indexOf('\n\n'); end >= 0; end = buffered.indexOf('\n\n')) {
          const message = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const data = message.split('\n').filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim()).join('\n');
          if (/^event: next$/m.test(message) && data) events.push(JSON.parse(data) as HeardEvent);
        }
      }
      state.closedWith = 0;
    } catch {
      state.closedWith = -1;
    }
  })();
  const subscriber = subscriberOf(events, state, status.then(() => undefined), async () => abort.abort());
  return Object.assign(subscriber, { status });
}

/** Subscribers a suite opens, each stopped after its test however the test ended. */
export function subscriberTracker(): { track: <S extends LiveSubscriber>(subscriber: S) => S; stopAll: () => Promise<void> } {
  const open: LiveSubscriber[] = [];
  return {
    track: (subscriber) => (open.push(subscriber), subscriber),
    stopAll: async () => void (await Promise.all(open.splice(0).map((subscriber) => subscriber.stop()))),
  };
}
