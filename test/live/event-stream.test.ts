import { coalescedTicks, eventStream, EventsMissedError, SlowSubscriberError } from '../../src/live/event-stream.js';
import type { LiveEvent, LiveEvents } from '../../src/live/ports.js';

class FakeBus implements LiveEvents {
  readonly listeners = new Set<(event: LiveEvent) => void>();
  subscribe(listener: (event: LiveEvent) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  send(orderId: string) {
    this.deliver({ kind: 'order.changed', orderId, customerId: 'c', referralId: null });
  }
  /** What the bus tells its subscribers when its store connection broke. */
  missed() {
    this.deliver({ kind: 'events.missed' });
  }
  private deliver(event: LiveEvent) {
    for (const listener of [...this.listeners]) listener(event);
  }
}

const orderIdOf = (event: LiveEvent) => (event.kind === 'order.changed' ? event.orderId : null);

describe('eventStream', () => {
  test('delivers the events it picks, in order, whether they came before or after the wait', async () => {
    const bus = new FakeBus();
    const stream = eventStream(bus, (event) => (orderIdOf(event) === 'skip' ? null : orderIdOf(event)), 10);
    bus.send('a');
    bus.send('skip');
    bus.send('b');
    expect(await stream.next()).toEqual({ done: false, value: 'a' });
    expect(await stream.next()).toEqual({ done: false, value: 'b' });
    const waiting = stream.next();
    bus.send('c');
    expect(await waiting).toEqual({ done: false, value: 'c' });
  });

  test('a subscriber more than maxQueued behind is ended with SLOW_SUBSCRIBER and lets go of the bus', async () => {
    const bus = new FakeBus();
    const stream = eventStream(bus, orderIdOf, 2);
    bus.send('a');
    bus.send('b');
    bus.send('c');
    expect(bus.listeners.size).toBe(0);
    await expect(stream.next()).rejects.toBeInstanceOf(SlowSubscriberError);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });

  test('events missed end the stream with LIVE_EVENTS_MISSED, whether it is waiting or has events queued', async () => {
    const bus = new FakeBus();
    const waiting = eventStream(bus, orderIdOf, 10);
    const queued = eventStream(bus, orderIdOf, 10);
    const wait = waiting.next();
    bus.send('a');
    expect(await wait).toEqual({ done: false, value: 'a' });
    bus.send('b');
    expect(await waiting.next()).toEqual({ done: false, value: 'b' });
    const next = waiting.next();
    bus.missed();
    expect(bus.listeners.size).toBe(0);
    await expect(next).rejects.toMatchObject({ code: 'LIVE_EVENTS_MISSED' });
    // The queued stream had 'a' and 'b' unread: dropped, as its client must re-read anyway.
    await expect(queued.next()).rejects.toBeInstanceOf(EventsMissedError);
    expect(await queued.next()).toEqual({ done: true, value: undefined });
  });

  test('return() while waiting ends the wait and unsubscribes at once', async () => {
    const bus = new FakeBus();
    const stream = eventStream(bus, orderIdOf, 2);
    const waiting = stream.next();
    await stream.return!();
    expect(await waiting).toEqual({ done: true, value: undefined });
    expect(bus.listeners.size).toBe(0);
  });
});

describe('coalescedTicks', () => {
  test('ticks at once for the first event, then once per interval however many arrive', async () => {
    const bus = new FakeBus();
    const ticks = coalescedTicks(bus, () => true, 200);
    const first = ticks.next();
    bus.send('a');
    expect(await first).toEqual({ done: false, value: true });
    const started = Date.now();
    const second = ticks.next();
    for (const id of ['b', 'c', 'd', 'e']) bus.send(id);
    expect(await second).toEqual({ done: false, value: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    // Nothing more came: no further tick is owed.
    const third = ticks.next();
    const raced = await Promise.race([third, new Promise((resolve) => setTimeout(() => resolve('none'), 300))]);
    expect(raced).toBe('none');
    await ticks.return!();
    expect(await third).toEqual({ done: true, value: undefined });
    expect(bus.listeners.size).toBe(0);
  });

  test('events missed are a tick, even where no event matters: the board is read afresh', async () => {
    const bus = new FakeBus();
    const ticks = coalescedTicks(bus, () => false, 10);
    const next = ticks.next();
    bus.missed();
    expect(await next).toEqual({ done: false, value: true });
    await ticks.return!();
  });

  test('events that do not matter tick nothing', async () => {
    const bus = new FakeBus();
    const ticks = coalescedTicks(bus, () => false, 10);
    const next = ticks.next();
    bus.send('a');
    expect(await Promise.race([next, new Promise((resolve) => setTimeout(() => resolve('none'), 100))])).toBe('none');
    await ticks.return!();
  });
});
