/** Live events to and from NOTIFY payloads (pure). */
import type { LiveEvent } from './ports.js';

/** The store's channel for live events (scoped to its schema by the store). */
export const LIVE_EVENTS_CHANNEL = 'live_events';

/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more; events are ids, far below it. */
const MAX_PAYLOAD_BYTES = 7_999;

export function encodeLiveEvent(event: LiveEvent): string {
  const payload = JSON.stringify(event);
  if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) throw new Error(`live event ${event.kind} is ${Buffer.byteLength(payload)} bytes, over the NOTIFY limit`);
  return payload;
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/** The event a payload carries, or null for one this gateway does not know (a newer replica's, say). */
export function decodeLiveEvent(payload: string): LiveEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const event = value as Record<string, unknown>;
  if (event.kind === 'referral.changed' && isText(event.referralId) && (event.trust === null || isText(event.trust)) && Array.isArray(event.changes) && event.changes.every(isText)) {
    return value as LiveEvent;
  }
  if (event.kind === 'order.changed' && isText(event.orderId) && isText(event.customerId) && (event.referralId === null || isText(event.referralId))) {
    return value as LiveEvent;
  }
  return null;
}
