/**
 * This replica's hearing of live events: one LISTEN for the whole process,
 * fanned out to its subscribers in memory.
 */
import type { Database, Unlisten } from '../store/database.js';
import { decodeLiveEvent, LIVE_EVENTS_CHANNEL } from './live-event-codec.js';
import type { LiveEvent, LiveEvents } from './ports.js';

export class LiveEventBus implements LiveEvents {
  private readonly listeners = new Set<(event: LiveEvent) => void>();
  private unlisten: Unlisten | null = null;

  private constructor(private readonly onListenerError: (error: unknown) => void) {}

  /** Listens on the store; `onListenerError` is told of a subscriber that threw (the others still hear the event). */
  static async start(db: Pick<Database, 'listen'>, onListenerError: (error: unknown) => void): Promise<LiveEventBus> {
    const bus = new LiveEventBus(onListenerError);
    bus.unlisten = await db.listen(
      LIVE_EVENTS_CHANNEL,
      (payload) => {
        const event = decodeLiveEvent(payload);
        if (event !== null) bus.deliver(event);
      },
      () => bus.deliver({ kind: 'events.missed' }),
    );
    return bus;
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.unlisten?.();
    this.unlisten = null;
  }

  private deliver(event: LiveEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}
