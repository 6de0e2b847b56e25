/**
 * How many subscriptions may be open at once, on one connection and on the
 * whole replica, and how far behind a socket may fall: each open one holds
 * memory, so none may grow without bound.
 */
export interface SubscriptionLimits {
  perConnection: number;
  total: number;
  /** Bytes a WebSocket may have waiting to be sent before its subscriber is dropped as too slow. */
  maxBufferedBytes: number;
}

export const DEFAULT_SUBSCRIPTION_LIMITS: SubscriptionLimits = { perConnection: 20, total: 5_000, maxBufferedBytes: 1_048_576 };

/** The replica's count of open subscriptions. */
export class SubscriptionCount {
  private open = 0;

  constructor(private readonly limits: SubscriptionLimits) {}

  /** Why a connection holding `onConnection` may not open another, or null if it may. */
  refusal(onConnection: number): string | null {
    if (onConnection >= this.limits.perConnection) return `At most ${this.limits.perConnection} subscriptions per connection`;
    if (this.open >= this.limits.total) return 'The gateway has as many subscriptions open as it takes: try again later';
    return null;
  }

  take(): void {
    this.open++;
  }

  release(): void {
    this.open = Math.max(0, this.open - 1);
  }
}
