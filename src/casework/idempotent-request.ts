/**
 * A casework mutation's idempotency key: the same request again (same key,
 * same caller, same input) returns what the first made; the key used for
 * another request is refused, naming the argument.
 */
import { createHash } from 'node:crypto';
import type { Viewer } from '../auth/viewer.js';
import { BadInputError } from '../errors.js';
import { requireText } from '../arguments.js';

export interface IdempotentRequest {
  key: string;
  fingerprint: string;
}

export function readIdempotentRequest(idempotencyKey: string, viewer: Viewer, input: unknown): IdempotentRequest {
  return {
    key: requireText(idempotencyKey, 'idempotencyKey', 200),
    fingerprint: createHash('sha256').update(JSON.stringify({ input, by: viewer.subject })).digest('hex'),
  };
}

/** What the key made before, if this is the same request; refused if it is another. */
export function sameRequest<T>(earlier: { fingerprint: string | null } & T, request: IdempotentRequest, what: string): T {
  if (earlier.fingerprint !== request.fingerprint) {
    throw new BadInputError('idempotencyKey', `was already used for a different ${what}: use a new key for a new ${what}`);
  }
  return earlier;
}
