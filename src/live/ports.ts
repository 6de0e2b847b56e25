/**
 * Live events: what changed, said after the change committed, heard by every
 * replica (PostgreSQL LISTEN/NOTIFY). An event names ids and what kind of
 * change it was, never a person's data: each subscriber re-reads what its
 * viewer may see, through the same policy and audit as a query.
 */
import type { ReferralAction } from '../generated/graphql.js';

export interface ReferralChanged {
  kind: 'referral.changed';
  referralId: string;
  /** The referring trust: a trust's subscribers skip other trusts' events without a read. */
  trust: string | null;
  /** The history steps the change wrote, in order. */
  changes: ReferralAction[];
}

export interface OrderChanged {
  kind: 'order.changed';
  orderId: string;
  customerId: string;
  referralId: string | null;
}

/**
 * Not said by any write: this replica stopped hearing the store for a while
 * (its LISTEN connection failed), so events were missed. Every stream is
 * told, so no board shows stale data as if it were current.
 */
export interface EventsMissed {
  kind: 'events.missed';
}

export type LiveEvent = ReferralChanged | OrderChanged | EventsMissed;

/** Where live events are heard. */
export interface LiveEvents {
  /** Calls `listener` with every event from now on, until the returned function is called. */
  subscribe(listener: (event: LiveEvent) => void): () => void;
}

/** What a write path needs to say something changed: a transaction's executor (SqlExecutor). */
export interface LiveEventSink {
  notify(channel: string, payloads: readonly string[]): Promise<void>;
}
