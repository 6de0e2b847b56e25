import pg from 'pg';
import type { Unlisten } from './database.js';

export interface ListenerOptions {
  url: string;
  /** Already scoped to the store (storeChannel). */
  channel: string;
  onPayload: (payload: string) => void;
  /** Told once when a connection that was listening fails: notifications from then until it listens again are lost. */
  onMissed: () => void;
  /** Told when the connection fails; it is made again after RECONNECT_MS. */
  onError: (error: Error) => void;
}

const RECONNECT_MS = 1_000;

/**
 * LISTEN holds its connection for as long as it listens, so it gets one of
 * its own rather than a pooled one. A dropped connection is made again; what
 * was notified meanwhile is lost, which is why an event only says what to
 * re-read, never what it now says, and why the loss itself is told.
 */
export async function listenOnOwnConnection(options: ListenerOptions): Promise<Unlisten> {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: options.url });
    next.on('notification', (message) => {
      if (message.channel === options.channel && message.payload !== undefined) options.onPayload(message.payload);
    });
    const lost = (error: Error) => {
      if (client !== next) return;
      client = null;
      options.onError(error);
      options.onMissed();
      void next.end().catch(() => undefined);
      scheduleReconnect();
    };
    next.on('error', lost);
    // A server that closes the connection cleanly (a restart, pg_terminate_backend) may send no error.
    next.on('end', () => lost(new Error('the connection listening for live events was closed')));
    await next.connect();
    await next.query(`LISTEN "${options.channel}"`);
    if (stopped) await next.end();
    else client = next;
  };
  const scheduleReconnect = () => {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      connect().catch((error: Error) => {
        options.onError(error);
        scheduleReconnect();
      });
    }, RECONNECT_MS);
  };

  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    const last = client;
    client = null;
    await last?.end();
  };
}
