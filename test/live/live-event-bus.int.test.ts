import { LiveEventBus } from '../../src/live/live-event-bus.js';
import type { LiveEvent } from '../../src/live/ports.js';
import { LIVE_EVENTS_CHANNEL } from '../../src/live/live-event-codec.js';
import { publishOrderChanges } from '../../src/live/publish-live-events.js';
import type { EquipmentOrderRecord } from '../../src/equipment/equipment-order.js';
import { storeChannel, type Database } from '../../src/store/database.js';
import { describeEachStore, openTestDatabase } from '../support/stores.js';

const order = (id: string) => ({ id, customerId: `customer-${id}`, referralId: null }) as unknown as EquipmentOrderRecord;

async function heard(events: LiveEvent[], count: number, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (events.length < count) {
    if (Date.now() > deadline) throw new Error(`heard ${events.length} events, expected ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describeEachStore('live events over LISTEN/NOTIFY', (kind) => {
  let db: Database;
  let bus: LiveEventBus;
  const events: LiveEvent[] = [];

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    bus = await LiveEventBus.start(db, (error) => {
      throw error;
    });
    bus.subscribe((event) => events.push(event));
  });
  afterAll(async () => {
    await bus?.close();
    await db?.close();
  });
  beforeEach(() => {
    events.length = 0;
  });

  test('an event published in a transaction is heard only once it commits', async () => {
    let heardBeforeCommit = -1;
    await db.transaction(async (tx) => {
      await publishOrderChanges(tx, [order('committed')]);
      // Time for a notification to arrive, were it sent before COMMIT.
      await new Promise((resolve) => setTimeout(resolve, 100));
      heardBeforeCommit = events.length;
    });
    expect(heardBeforeCommit).toBe(0);
    await heard(events, 1);
    expect(events).toEqual([{ kind: 'order.changed', orderId: 'committed', customerId: 'customer-committed', referralId: null }]);
  });

  test('a rolled-back transaction publishes nothing', async () => {
    await expect(
      db.transaction(async (tx) => {
        await publishOrderChanges(tx, [order('rolled-back')]);
        throw new Error('undone');
      }),
    ).rejects.toThrow('undone');
    await publishOrderChanges(db, [order('after')]);
    await heard(events, 1);
    // The event after it arrived, and the rolled-back one never did.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(events.map((event) => (event as { orderId: string }).orderId)).toEqual(['after']);
  });

  test('every event of a batch is heard, in order', async () => {
    await db.transaction((tx) => publishOrderChanges(tx, ['a', 'b', 'c'].map(order)));
    await heard(events, 3);
    expect(events.map((event) => (event as { orderId: string }).orderId)).toEqual(['a', 'b', 'c']);
  });

  test('a payload that is not an event is ignored, and a subscriber that throws does not stop the others', async () => {
    await db.notify('live_events', ['not json', '{"kind":"unknown"}']);
    const second: LiveEvent[] = [];
    const failures: unknown[] = [];
    const other = await LiveEventBus.start(db, (error) => failures.push(error));
    other.subscribe(() => {
      throw new Error('subscriber failed');
    });
    other.subscribe((event) => second.push(event));
    await publishOrderChanges(db, [order('x')]);
    await heard(second, 1);
    await heard(events, 1);
    expect(failures).toHaveLength(1);
    await other.close();
  });

  (kind === 'postgres' ? test : test.skip)('a listening connection the server drops is told as events missed, and listening starts again', async () => {
    // The server closes this store's LISTEN connection (no other suite's), as a restart or failover would.
    const [{ schema }] = (await db.query<{ schema: string }>('SELECT current_schema() AS schema')) as [{ schema: string }];
    const [terminated] = await db.query<{ dropped: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS dropped FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND query = $1`,
      [`LISTEN "${storeChannel(LIVE_EVENTS_CHANNEL, schema)}"`],
    );
    expect(terminated!.dropped).toBeGreaterThanOrEqual(1);
    await heard(events, 1);
    expect(events).toEqual([{ kind: 'events.missed' }]);

    // Listening again within its reconnect delay: what is published after that is heard.
    const deadline = Date.now() + 10_000;
    while (events.length < 2 && Date.now() < deadline) {
      await publishOrderChanges(db, [order('again')]);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(events[1]).toMatchObject({ kind: 'order.changed', orderId: 'again' });
  });
});
