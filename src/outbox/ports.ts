/**
 * What a sender of outbox calls (the supplier's client, a record system's,
 * a trust's business response endpoint) agrees with the dispatcher: how one
 * call is delivered, and the two errors that say "never" and "not yet"
 * rather than "try again".
 */
import { GatewayError } from '../errors.js';
import type { OutboxCall } from './outbox-repository.js';

export type { OutboxCall };

/** Delivers one call; throws to have it tried again, or a PermanentSendError to give up. */
export type OutboxSender = (call: OutboxCall, signal: AbortSignal) => Promise<void>;

/** A call that can never succeed as it stands (no endpoint configured, refused as invalid): kept as DEAD. */
export class PermanentSendError extends GatewayError {
  readonly code = 'OUTBOX_CALL_REFUSED';
  constructor(message: string) {
    super(message);
  }
}

/** A call that must wait for something else first (another call to settle): tried again later, and no sign the destination is unwell. */
export class DeferredSendError extends GatewayError {
  readonly code = 'OUTBOX_CALL_DEFERRED';
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, details);
  }
}
