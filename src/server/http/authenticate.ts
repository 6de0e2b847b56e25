import type { IncomingMessage } from 'node:http';
import { AuthUnavailableError, type TokenVerifier } from '../../auth/token-verifier.js';
import type { Viewer } from '../../auth/viewer.js';
import { UnauthenticatedError } from '../../errors.js';
import { HttpError } from './http-error.js';

/** The caller from the request's bearer token, or the HTTP error (401, 503) to answer with. */
export async function authenticate(verifier: TokenVerifier, req: IncomingMessage): Promise<Viewer> {
  try {
    return await verifier.verify(req.headers.authorization);
  } catch (error) {
    if (error instanceof AuthUnavailableError) throw new HttpError(503, error.code, error.message, { 'retry-after': '5' });
    if (!(error instanceof UnauthenticatedError)) throw error;
    // RFC 6750 section 3: a 401 names the scheme, and the problem only when a token was sent.
    const challenge = req.headers.authorization
      ? `Bearer realm="care-gateway", error="invalid_token", error_description="${error.message.replace(/"/g, "'")}"`
      : 'Bearer realm="care-gateway"';
    throw new HttpError(401, error.code, error.message, { 'www-authenticate': challenge });
  }
}
