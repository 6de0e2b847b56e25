/**
 * Signing and checking the supplier's status callbacks (README.md, "Status
 * callbacks"): HMAC-SHA256 under the shared secret of the timestamp, a full
 * stop and the body bytes exactly as sent, as `sha256=<hex>`. The timestamp
 * is inside the signature and must be near the receiver's clock, so a
 * captured callback cannot be replayed later.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/;
const UNIX_SECONDS = /^[0-9]{1,15}$/;

export function signCallback(
  secret: string,
  body: Buffer | string,
  timestampSeconds: number,
): { 'x-supplier-timestamp': string; 'x-supplier-signature': string } {
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) {
    throw new RangeError(`a callback timestamp is whole Unix seconds, not ${timestampSeconds}`);
  }
  const timestamp = String(timestampSeconds);
  return { 'x-supplier-timestamp': timestamp, 'x-supplier-signature': `sha256=${mac(secret, timestamp, body).toString('hex')}` };
}

export function verifyCallback(
  secret: string,
  body: Buffer,
  headers: { timestamp: string | undefined; signature: string | undefined },
  now: Date,
  toleranceSeconds = 300,
): { ok: true } | { ok: false; reason: string } {
  const { timestamp, signature } = headers;
  if (timestamp === undefined) return { ok: false, reason: 'X-Supplier-Timestamp is missing' };
  if (signature === undefined) return { ok: false, reason: 'X-Supplier-Signature is missing' };
  if (!UNIX_SECONDS.test(timestamp)) return { ok: false, reason: 'X-Supplier-Timestamp is not Unix seconds' };
  const hex = SIGNATURE.exec(signature)?.[1];
  if (hex === undefined) return { ok: false, reason: 'X-Supplier-Signature is not sha256=<64 hex digits>' };
  const skew = Number(timestamp) - Math.floor(now.getTime() / 1000);
  if (Math.abs(skew) > toleranceSeconds) {
    return { ok: false, reason: `X-Supplier-Timestamp is ${Math.abs(skew)} s ${skew < 0 ? 'old' : 'ahead'}, beyond the ${toleranceSeconds} s allowed` };
  }
  // Constant time, so that the time taken does not tell a forger how many leading bytes were right.
  if (!timingSafeEqual(Buffer.from(hex, 'hex'), mac(secret, timestamp, body))) {
    return { ok: false, reason: 'X-Supplier-Signature does not match the body and timestamp' };
  }
  return { ok: true };
}

function mac(secret: string, timestamp: string, body: Buffer | string): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
}
