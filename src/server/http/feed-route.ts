/**
 * POST /feeds/*: a trust's feed messages over HTTP. The token says which
 * trust the caller speaks for (a SYSTEM or HOSPITAL_DISCHARGE token); the
 * adapter's endpoint checks each message's sender against it, stores it and
 * answers in the feed's own terms.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TokenVerifier } from '../../auth/token-verifier.js';
import type { FeedEndpoint, FeedReply } from '../../inbox/hospital-feeds.js';
import { authenticate } from './authenticate.js';
import { HttpError } from './http-error.js';
import { readBody } from './read-body.js';
import { sendText } from './responses.js';

export interface FeedRouteDependencies {
  verifier: TokenVerifier;
  maxBodyBytes: number;
}

const FEED_ROLES = ['SYSTEM', 'HOSPITAL_DISCHARGE'];

export async function handleFeed(
  deps: FeedRouteDependencies,
  endpoint: FeedEndpoint,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const contentType = mediaType(req.headers['content-type']);
  try {
    const viewer = await authenticate(deps.verifier, req);
    if (!FEED_ROLES.includes(viewer.role)) {
      return send(res, endpoint.refuse(403, `the ${viewer.role} role may not send feed messages (SYSTEM or HOSPITAL_DISCHARGE only)`, contentType));
    }
    if (!endpoint.contentTypes.includes(contentType)) {
      return send(res, endpoint.refuse(415, `Content-Type must be ${endpoint.contentTypes.join(' or ')}, not ${contentType || 'absent'}`, contentType));
    }
    const body = await readBody(req, deps.maxBodyBytes);
    send(res, await endpoint.receive(body, contentType, { transport: 'HTTP', trustOdsCode: viewer.trustOdsCode }));
  } catch (error) {
    // Token and size problems are answered in the feed's own format, so the sender's engine can read them.
    if (error instanceof HttpError && !res.headersSent) {
      for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
      return send(res, endpoint.refuse(error.status, error.message, contentType));
    }
    throw error;
  }
}

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

function send(res: ServerResponse, reply: FeedReply): void {
  sendText(res, reply.status, reply.contentType, reply.body, { 'cache-control': 'no-store' });
}
