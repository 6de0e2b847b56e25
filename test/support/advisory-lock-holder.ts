/**
 * A third PostgreSQL connection for race tests: it holds one advisory lock
 * in an open transaction while the gateway's requests queue behind it, so an
 * overlap that happens once in a while in production happens every time.
 */
import pg from 'pg';

export interface AdvisoryLockHolder {
  /** Takes the lock the gateway hashes from `key` (pg_advisory_xact_lock(hashtext(key))) and keeps it until release. */
  hold(key: string): Promise<void>;
  /** Waits until exactly `count` advisory lock requests are queued, so the next request is known to come after them. */
  untilWaiting(count: number): Promise<void>;
  release(): Promise<void>;
  end(): Promise<void>;
}

const POLL_MS = 25;
const MAX_POLLS = 200;

export async function connectAdvisoryLockHolder(connectionString: string): Promise<AdvisoryLockHolder> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  const waiting = async (): Promise<number> => {
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`);
    return rows[0]!.n;
  };
  return {
    async hold(key) {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
    },
    async untilWaiting(count) {
      for (let polls = 0; (await waiting()) !== count; polls++) {
        if (polls > MAX_POLLS) throw new Error(`timed out waiting for ${count} in the lock queue (${await waiting()} waiting)`);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    },
    async release() {
      await client.query('COMMIT');
    },
    end: () => client.end(),
  };
}
