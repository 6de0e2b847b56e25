/**
 * CORS for /graphql: the headers that let a browser page on an allowed origin
 * call the gateway, decided from the request's `Origin` alone. Clients send a
 * bearer token, never cookies, so there is no credentials mode
 * (Access-Control-Allow-Credentials is never sent) and a page on another
 * origin gains nothing it could not do with the token itself.
 */
import { isAllowedOrigin, type AllowedOrigins } from '../../config/allowed-origins.js';

export type Headers = Readonly<Record<string, string>>;

/** What a bearer-token client sends: Apollo Client's headers, graphql-sse's stream token, a request id to trace by. */
const ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'accept',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'apollographql-client-name',
  'apollographql-client-version',
  'x-graphql-event-stream-token',
  'last-event-id',
  'x-request-id',
].join(', ');

// Ten minutes: a browser asks again soon after CORS_ORIGINS changes (Chromium caps it at two hours anyway).
const MAX_AGE_SECONDS = 600;

// Every answer from /graphql depends on Origin, whether or not it is allowed, so no cache may serve one origin's to another.
const VARY = { vary: 'Origin' } as const;

export type Preflight = { allowed: true; headers: Headers } | { allowed: false; headers: Headers; message: string };

/** Headers for any response to an actual request (errors included): the allowed origin echoed, the request id readable. */
export function corsResponseHeaders(origin: string | undefined, allowed: AllowedOrigins): Headers {
  if (origin === undefined || !isAllowedOrigin(origin, allowed)) return VARY;
  return { ...VARY, 'access-control-allow-origin': origin, 'access-control-expose-headers': 'x-request-id' };
}

/** The answer to a preflight (OPTIONS with an Origin): what may be sent, or why not, with no Access-Control-* header. */
export function preflight(origin: string, allowed: AllowedOrigins): Preflight {
  if (!isAllowedOrigin(origin, allowed)) {
    return { allowed: false, headers: VARY, message: `Origin ${origin} may not call /graphql from a browser: it is not in CORS_ORIGINS` };
  }
  return {
    allowed: true,
    headers: {
      ...VARY,
      'access-control-allow-origin': origin,
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': ALLOWED_HEADERS,
      'access-control-max-age': String(MAX_AGE_SECONDS),
    },
  };
}

/**
 * Whether a WebSocket upgrade may go ahead. A browser opens a WebSocket to
 * any origin without CORS, sending its page's Origin, so the gateway checks
 * it itself; a client without a page (a server, a script) sends none.
 */
export function isAllowedWebSocketOrigin(origin: string | undefined, allowed: AllowedOrigins): boolean {
  return origin === undefined || isAllowedOrigin(origin, allowed);
}
