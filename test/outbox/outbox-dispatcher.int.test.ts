/**
 * The outbox on each store: calls owed are sent once, retried with backoff
 * when the receiver fails, given up (DEAD, kept) when they cannot succeed,
 * and two dispatchers on one database never send the same call twice.
 */
import pino from 'pino';
import { OutboxDispatcher, type DispatcherOptions } from '../../src/outbox/outbox-dispatcher.js';
import { PermanentSendError, type OutboxSender } from '../../src/outbox/ports.js';
import { OutboxRepository, type OutboxCall } from '../../src/outbox/outbox-repository.js';
import type { Database } from '../../src/store/database.js';
import { describeEachStore, openTestDatabase } from '../support/stores.js';

const OPTIONS: DispatcherOptions = { pollMs: 60_000, timeoutMs: 500, maxAttempts: 3, batchSize: 5, breakAfter: 100, halfOpenAfterMs: 1_000, backoffInitialMs: 1_000, backoffMaxMs: 900_000 };
const silent = pino({ level: 'silent' });

describeEachStore('outbox dispatcher', (kind) => {
  let db: Database;
  beforeEach(async () => {
    db = await openTestDatabase(kind);
  });
  afterEach(() => db.close());

  async function owe(n: number, operation = 'TEST_CALL'): Promise<void> {
    for (let i = 0; i < n; i++) {
      await new OutboxRepository(db).enqueue({ destination: 'somewhere', operation, idempotencyKey: `key-${operation}-${i}`, payload: { i } }, new Date());
    }
  }
  const rows = () => db.query<{ idempotency_key: string; status: string; attempts: number; last_error: string | null; next_attempt_at: Date }>(
    'SELECT idempotency_key, status, attempts, last_error, next_attempt_at FROM outbox ORDER BY idempotency_key',
  );

  test('sends each call once and marks it done; owing the same key twice is one call', async () => {
    await owe(3);
    await owe(3);
    const sent: string[] = [];
    const dispatcher = new OutboxDispatcher(db, { TEST_CALL: async (call) => void sent.push(call.idempotencyKey) }, silent, OPTIONS);
    expect(await dispatcher.drain()).toBe(3);
    expect(sent.sort()).toEqual(['key-TEST_CALL-0', 'key-TEST_CALL-1', 'key-TEST_CALL-2']);
    expect((await rows()).map((r) => r.status)).toEqual(['DONE', 'DONE', 'DONE']);
    expect(await dispatcher.drain()).toBe(0);
  });

  test('a failing receiver gets the call again later, with backoff; after the last attempt it is kept as DEAD', async () => {
    await owe(1);
    const failing: OutboxSender = async () => {
      throw new Error('connection refused');
    };
    const dispatcher = new OutboxDispatcher(db, { TEST_CALL: failing }, silent, OPTIONS);
    const before = Date.now();
    await dispatcher.drain();
    const [first] = await rows();
    expect(first).toMatchObject({ status: 'PENDING', attempts: 1, last_error: 'Error: connection refused' });
    expect(first!.next_attempt_at.getTime()).toBeGreaterThan(before);
    for (let attempt = 2; attempt <= 3; attempt++) {
      await db.query('UPDATE outbox SET next_attempt_at = $1', [new Date(Date.now() - 1_000)]);
      await dispatcher.drain();
    }
    expect(await rows()).toEqual([expect.objectContaining({ status: 'DEAD', attempts: 3, last_error: 'Error: connection refused' })]);
  });

  test('while a destination\'s breaker is open its calls wait without using up attempts, and go when it recovers', async () => {
    await owe(6);
    let down = true;
    let tried = 0;
    const supplier: OutboxSender = async () => {
      tried++;
      if (down) throw new Error('connection refused');
    };
    const dispatcher = new OutboxDispatcher(db, { TEST_CALL: supplier }, silent, { ...OPTIONS, batchSize: 1, breakAfter: 2, maxAttempts: 100, halfOpenAfterMs: 50 });
    // Many rounds of an outage: the breaker trips after two failures, then only its probes reach the destination.
    for (let round = 0; round < 10; round++) {
      await db.query('UPDATE outbox SET next_attempt_at = $1', [new Date(Date.now() - 1_000)]);
      await dispatcher.drain();
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    const during = await rows();
    expect(during.every((row) => row.status === 'PENDING')).toBe(true);
    // Only real tries count as attempts: the calls the open breaker turned away were given theirs back.
    expect(during.reduce((sum, row) => sum + row.attempts, 0)).toBe(tried);
    expect(tried).toBeLessThan(6 * 10);
    expect(during.some((row) => /circuit/i.test(row.last_error ?? ''))).toBe(true);
    down = false;
    await new Promise((resolve) => setTimeout(resolve, 60));
    await db.query('UPDATE outbox SET next_attempt_at = $1', [new Date(Date.now() - 1_000)]);
    await dispatcher.drain();
    expect((await rows()).map((row) => row.status)).toEqual(['DONE', 'DONE', 'DONE', 'DONE', 'DONE', 'DONE']);
  });

  test('a permanent refusal is DEAD at once, with its reason; a call with no sender too', async () => {
    await owe(1);
    await owe(1, 'NOBODY_SENDS_THIS');
    const dispatcher = new OutboxDispatcher(db, { TEST_CALL: async () => { throw new PermanentSendError('endpoint not configured'); } }, silent, OPTIONS);
    await dispatcher.drain();
    const found = await rows();
    expect(found.map((r) => [r.status, r.attempts])).toEqual([['DEAD', 1], ['DEAD', 1]]);
    expect(found.map((r) => r.last_error)).toEqual([
      expect.stringContaining('no sender for NOBODY_SENDS_THIS'),
      expect.stringContaining('endpoint not configured'),
    ]);
  });

  test('a receiver that hangs is cut off by the timeout and tried again', async () => {
    await owe(1);
    const hanging: OutboxSender = (_call, signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
    const dispatcher = new OutboxDispatcher(db, { TEST_CALL: hanging }, silent, OPTIONS);
    const started = Date.now();
    await dispatcher.drain();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await rows()).toEqual([expect.objectContaining({ status: 'PENDING', attempts: 1 })]);
  });

  test('two dispatchers on one database share the work and never send a call twice', async () => {
    await owe(40);
    const sent: string[] = [];
    const slowSender: OutboxSender = async (call: OutboxCall) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      sent.push(call.idempotencyKey);
    };
    const one = new OutboxDispatcher(db, { TEST_CALL: slowSender }, silent, OPTIONS);
    const two = new OutboxDispatcher(db, { TEST_CALL: slowSender }, silent, OPTIONS);
    const [a, b] = await Promise.all([one.drain(), two.drain()]);
    expect(a + b).toBe(40);
    expect(new Set(sent).size).toBe(40);
    expect(sent).toHaveLength(40);
  });
});
