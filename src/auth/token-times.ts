/**
 * The bounds on a token's times that jose leaves to us: when it was issued,
 * and how long it lives. (jose checks `exp` and `nbf` against the same clock
 * skew; see token-verifier.ts.)
 */
import type { JWTPayload } from 'jose';
import type { TokenLimits } from '../config.js';
import { formatDuration } from '../duration.js';
import { UnauthenticatedError } from '../errors.js';
import type { Role } from '../generated/graphql.js';

/** The longest a token for this role may live: SYSTEM tokens are machines'. */
export function maxTokenLifetime(role: Role, limits: TokenLimits): number {
  return role === 'SYSTEM' ? limits.maxMachineLifetimeSeconds : limits.maxLifetimeSeconds;
}

/**
 * Refuses a token issued in the future, or living longer than its role may.
 * RFC 7519 §4.1.6: `iat` is when the token was issued, so one later than now
 * (beyond the clock skew) names a time that has not come: a wrong clock at
 * the issuer, or a lifetime stretched by dating the token ahead. A token's
 * lifetime is `exp - iat`, both on the issuer's clock; without `iat` it is
 * judged by what it has left, `exp - now`, with the skew allowed.
 * `exp` is there and numeric, and `iat` numeric if there: jose checked.
 */
export function checkTokenTimes(claims: JWTPayload, role: Role, limits: TokenLimits, nowSeconds: number): void {
  const { iat, exp } = claims as { iat?: number; exp: number };
  const skew = limits.clockSkewSeconds;
  if (iat !== undefined && iat > nowSeconds + skew) {
    throw refused(`its "iat" (issued at) is ${formatDuration(iat - nowSeconds)} ahead, beyond the clock skew of ${formatDuration(skew)}`);
  }
  const max = maxTokenLifetime(role, limits);
  const holder = role === 'SYSTEM' ? "a machine's (SYSTEM)" : "a person's";
  if (iat !== undefined && exp - iat > max) {
    throw refused(`it lives ${formatDuration(exp - iat)} from "iat" to "exp", over the ${formatDuration(max)} ${holder} token may`);
  }
  if (iat === undefined && exp - nowSeconds > max + skew) {
    throw refused(`it has no "iat" and ${formatDuration(exp - nowSeconds)} to live, over the ${formatDuration(max)} ${holder} token may`);
  }
}

function refused(why: string): UnauthenticatedError {
  return new UnauthenticatedError(`The bearer token was refused: ${why}`);
}
