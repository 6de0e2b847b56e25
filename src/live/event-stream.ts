/**
 * One subscriber's events as an async iterator. Written by hand rather than
 * as an async generator: a generator waiting for its next event cannot be
 * returned until one comes, and a subscription ended by its client must let
 * go of the bus at once.
 */
import { GatewayError } from '../errors.js';
import type { LiveEvent, LiveEvents } from './ports.js';

export class SlowSubscriberError extends GatewayError {
  readonly code = 'SLOW_SUBSCRIBER';
  constructor(maxQueued: number) {
    super(`The subscription fell ${maxQueued} events behind and was ended: subscribe again and re-read what changed`, { maxQueued });
  }
}

export class EventsMissedError extends GatewayError {
  readonly code = 'LIVE_EVENTS_MISSED';
  constructor() {
    super('This replica lost its connection to the store for a moment and may have missed events: subscribe again and re-read what changed');
  }
}

type Waiter<T> = { resolve: (result: IteratorResult<T>) => void; reject: (error: Error) => void };

const DONE: IteratorResult<never> = { done: true, value: undefined };

/**
 * The events `pick` keeps (null: not for this subscriber), in order. More
 * than `maxQueued` waiting ends it with SlowSubscriberError; events missed
 * end it with EventsMissedError. Either way what was queued is dropped: the
 * client re-reads.
 */
export function eventStream<T>(events: LiveEvents, pick: (event: LiveEvent) => T | null, maxQueued: number): AsyncIterableIterator<T> {
  const queue: T[] = [];
  let waiter: Waiter<T> | null = null;
  let failure: Error | null = null;
  let ended = false;
  const end = () => {
    ended = true;
    queue.length = 0;
    unsubscribe();
  };
  const fail = (error: Error) => {
    end();
    if (!waiter) return void (failure = error);
    const { reject } = waiter;
    waiter = null;
    reject(error);
  };
  const unsubscribe = events.subscribe((event) => {
    if (ended) return;
    if (event.kind === 'events.missed') return fail(new EventsMissedError());
    const kept = pick(event);
    if (kept === null) return;
    if (waiter) {
      const { resolve } = waiter;
      waiter = null;
      resolve({ done: false, value: kept });
    } else if (queue.length >= maxQueued) {
      fail(new SlowSubscriberError(maxQueued));
    } else {
      queue.push(kept);
    }
  });
  const iterator: AsyncIterableIterator<T> = {
    next() {
      if (queue.length > 0) return Promise.resolve({ done: false, value: queue.shift()! });
      if (failure) {
        const error = failure;
        failure = null;
        return Promise.reject(error);
      }
      if (ended) return Promise.resolve(DONE);
      return new Promise((resolve, reject) => (waiter = { resolve, reject }));
    },
    return() {
      end();
      waiter?.resolve(DONE);
      waiter = null;
      return Promise.resolve(DONE);
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

/**
 * A tick when an event `matters`, at most one per `intervalMs`: the first at
 * once, and any number arriving within the interval as one tick at its end.
 * Nothing queues, so a slow subscriber holds one pending tick at most. Events
 * missed are a tick too: what ticks re-reads everything, so it is current
 * again.
 */
export function coalescedTicks(events: LiveEvents, matters: (event: LiveEvent) => boolean, intervalMs: number): AsyncIterableIterator<true> {
  let dirty = false;
  let lastTick = -Infinity;
  let waiter: Waiter<true> | null = null;
  let timer: NodeJS.Timeout | undefined;
  let ended = false;
  const tickIfDue = () => {
    if (!dirty || !waiter || timer) return;
    const wait = lastTick + intervalMs - Date.now();
    if (wait > 0) {
      timer = setTimeout(() => {
        timer = undefined;
        tickIfDue();
      }, wait);
      return;
    }
    dirty = false;
    lastTick = Date.now();
    const { resolve } = waiter;
    waiter = null;
    resolve({ done: false, value: true });
  };
  const unsubscribe = events.subscribe((event) => {
    if (ended || (event.kind !== 'events.missed' && !matters(event))) return;
    dirty = true;
    tickIfDue();
  });
  const iterator: AsyncIterableIterator<true> = {
    next() {
      if (ended) return Promise.resolve(DONE);
      const next = new Promise<IteratorResult<true>>((resolve, reject) => (waiter = { resolve, reject }));
      tickIfDue();
      return next;
    },
    return() {
      ended = true;
      unsubscribe();
      clearTimeout(timer);
      waiter?.resolve(DONE);
      waiter = null;
      return Promise.resolve(DONE);
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

/**
 * Each value of `source` through `transform`, skipping those it maps to
 * null. Returning it returns the source at once, even mid-wait.
 */
export function mapEvents<T, U>(source: AsyncIterableIterator<T>, transform: (value: T) => Promise<U | null>): AsyncIterableIterator<U> {
  const iterator: AsyncIterableIterator<U> = {
    async next() {
      for (;;) {
        const result = await source.next();
        if (result.done) return DONE;
        const mapped = await transform(result.value);
        if (mapped !== null) return { done: false, value: mapped };
      }
    },
    async return() {
      await source.return?.();
      return DONE;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
