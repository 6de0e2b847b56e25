/**
 * A caller's idempotency key on a creating mutation: the same key again is
 * the same request (a retry, a double click) and answers with what the first
 * made; the same key with something else asked is a mistake, refused rather
 * than answered with a record the caller did not ask for.
 */
import { createHash } from 'node:crypto';
import { BadInputError } from '../errors.js';

/** What a request asked for, as a hash kept beside the key (never the request itself). */
export function requestFingerprint(request: unknown): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('hex');
}

/** The record the key's first request made, if this request asks the same; `what` names the kind in the refusal. */
export function sameRequest<T>(earlier: { made: T; fingerprint: string | null }, fingerprint: string, what: string): T {
  if (earlier.fingerprint !== fingerprint) {
    throw new BadInputError('idempotencyKey', `was already used for a different ${what}: use a new key for a new ${what}`);
  }
  return earlier.made;
}
