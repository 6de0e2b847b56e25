/**
 * A casework mutation's idempotency key, read: the same request again is the
 * same key, the same caller and the same input (src/store/idempotent-request.ts
 * answers or refuses it).
 */
import type { Viewer } from '../auth/viewer.js';
import { requireText } from '../arguments.js';
import { requestFingerprint } from '../store/idempotent-request.js';

export interface IdempotentRequest {
  key: string;
  fingerprint: string;
}

export function readIdempotentRequest(idempotencyKey: string, viewer: Viewer, input: unknown): IdempotentRequest {
  return { key: requireText(idempotencyKey, 'idempotencyKey', 200), fingerprint: requestFingerprint({ input, by: viewer.subject }) };
}
