/**
 * Bearer token -> Viewer. Tokens are JWTs verified with jose: against the dev
 * key in DATA_DIR by default, or against a real issuer's JWKS when
 * AUTH_ISSUER/AUTH_JWKS_URL are set. Claims: `sub`, `role` (one of the Role
 * enum), `trust` (an ODS code; required for HOSPITAL_DISCHARGE), `name`; and
 * times: `exp` required, `nbf` and `exp` checked by jose, `iat` and the
 * lifetime by token-times.ts, all with the configured clock skew.
 */
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from '../config.js';
import { formatDuration } from '../duration.js';
import { GatewayError, UnauthenticatedError } from '../errors.js';
import { isStorableText } from '../store/storable-text.js';
import { DEV_ISSUER, type DevSigningKey } from './dev-signing-key.js';
import { checkTokenTimes } from './token-times.js';
import { isRole, ODS_CODE, ROLES, type Viewer } from './viewer.js';

export interface TokenVerifier {
  /** The viewer for an `Authorization` header value; throws UnauthenticatedError saying why not. */
  verify(authorization: string | undefined): Promise<Viewer>;
}

export class AuthUnavailableError extends GatewayError {
  readonly code = 'AUTH_UNAVAILABLE';
  constructor() {
    super('Tokens cannot be verified just now: the identity provider\'s keys could not be fetched');
  }
}

const ALGORITHMS = ['ES256', 'RS256', 'PS256', 'EdDSA'];

export function createTokenVerifier(auth: AuthConfig, devKey: DevSigningKey | null, clock: () => Date = () => new Date()): TokenVerifier {
  let key: JWTVerifyGetKey | DevSigningKey['publicKey'];
  let issuer: string;
  if (auth.mode === 'jwks') {
    key = createRemoteJWKSet(auth.jwksUrl);
    issuer = auth.issuer;
  } else {
    if (!devKey) throw new Error('dev auth needs the dev signing key');
    key = devKey.publicKey;
    issuer = DEV_ISSUER;
  }
  const { tokenLimits } = auth;
  return {
    async verify(authorization) {
      const token = bearerToken(authorization);
      const now = clock();
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, key as JWTVerifyGetKey, {
          issuer,
          audience: auth.audience,
          algorithms: ALGORITHMS,
          clockTolerance: tokenLimits.clockSkewSeconds,
          currentDate: now,
          requiredClaims: ['sub', 'exp'],
        }));
      } catch (error) {
        if (isIssuerFault(error)) throw new AuthUnavailableError();
        throw new UnauthenticatedError(`The bearer token was refused: ${describeJoseError(error as InstanceType<typeof joseErrors.JOSEError>, tokenLimits.clockSkewSeconds)}`);
      }
      const viewer = viewerFromClaims(payload);
      // Whole seconds, as jose and NumericDate (RFC 7519 §2) count them.
      checkTokenTimes(payload, viewer.role, tokenLimits, Math.floor(now.getTime() / 1_000));
      return viewer;
    },
  };
}

function bearerToken(authorization: string | undefined): string {
  if (!authorization) throw new UnauthenticatedError('No bearer token: send "Authorization: Bearer <token>"');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) throw new UnauthenticatedError('The Authorization header must be "Bearer <token>"');
  return match[1]!;
}

/**
 * Who the caller is goes into every look of the audit trail (its actor index
 * among them) and every change's history: a claim the store could not keep
 * would make each of their requests a 503 rather than their token's fault.
 */
const MAX_CLAIM_LENGTH = 200;

function isKeptClaim(text: string): boolean {
  return text.length <= MAX_CLAIM_LENGTH && isStorableText(text);
}

export function viewerFromClaims(payload: JWTPayload): Viewer {
  const { sub, role, trust, name } = payload;
  if (typeof sub !== 'string' || sub.trim() === '' || !isKeptClaim(sub)) {
    throw new UnauthenticatedError(`The token's "sub" claim must name the caller, in at most ${MAX_CLAIM_LENGTH} characters`);
  }
  if (name !== undefined && (typeof name !== 'string' || !isKeptClaim(name))) {
    throw new UnauthenticatedError(`The token's "name" claim must be text of at most ${MAX_CLAIM_LENGTH} characters`);
  }
  if (!isRole(role)) {
    throw new UnauthenticatedError(`The token's "role" claim must be one of ${ROLES.join(', ')}`);
  }
  if (trust !== undefined && (typeof trust !== 'string' || !ODS_CODE.test(trust))) {
    throw new UnauthenticatedError('The token\'s "trust" claim must be an ODS code such as RK9');
  }
  if (role === 'HOSPITAL_DISCHARGE' && trust === undefined) {
    throw new UnauthenticatedError('A HOSPITAL_DISCHARGE token must carry its trust\'s ODS code in a "trust" claim');
  }
  return {
    subject: sub,
    name: name ?? null,
    role,
    trustOdsCode: trust ?? null,
  };
}

/**
 * The issuer's key set could not be fetched or read (timeout, HTTP error,
 * junk): not the caller's fault, so not a 401. jose raises the plain
 * JOSEError for a non-200 answer and its own subclasses for token problems.
 */
function isIssuerFault(error: unknown): error is Error {
  if (!(error instanceof joseErrors.JOSEError)) return true;
  return error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid || error.code === 'ERR_JOSE_GENERIC';
}

function describeJoseError(error: InstanceType<typeof joseErrors.JOSEError>, skewSeconds: number): string {
  const skew = `the clock skew of ${formatDuration(skewSeconds)}`;
  if (error instanceof joseErrors.JWTExpired) return `it has expired ("exp" is past, beyond ${skew})`;
  if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'nbf' && error.reason === 'check_failed') {
    return `it is not valid yet ("nbf", not before, is ahead, beyond ${skew})`;
  }
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `claim "${error.claim}" ${error.reason}`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'its signature does not verify';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'no key of the issuer matches it';
  return (error as Error).message;
}
