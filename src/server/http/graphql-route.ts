/**
 * /graphql over HTTP (GraphQL over HTTP spec): GET for queries, POST with a
 * JSON body for anything. Authentication happens here, before GraphQL, so an
 * unauthenticated caller gets HTTP 401 and costs no parsing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { TokenVerifier } from '../../auth/token-verifier.js';
import { createContext, type ContextDependencies, type GatewayContext } from '../request/context.js';
import { authenticate } from './authenticate.js';
import { HttpError } from './http-error.js';
import { checkQueryString } from './query-string.js';
import type { RequestInfo } from './request-info.js';
import { readBody } from './read-body.js';
import { firstInvalidUtf8Byte } from './utf8.js';

export interface GraphqlRouteDependencies {
  apollo: ApolloServer<GatewayContext>;
  verifier: TokenVerifier;
  contextDependencies: ContextDependencies;
  maxBodyBytes: number;
}

export async function handleGraphql(
  deps: GraphqlRouteDependencies,
  req: IncomingMessage,
  res: ServerResponse,
  { requestId, url }: RequestInfo,
): Promise<void> {
  const viewer = await authenticate(deps.verifier, req);
  const method = (req.method ?? 'GET').toUpperCase();
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  // Apollo reads the query string of a GET only.
  if (method === 'GET') checkQueryString(url.search);
  const body = method === 'POST' ? parseBody(await readBody(req, deps.maxBodyBytes), headers.get('content-type')) : undefined;
  const response = await deps.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method, headers, search: url.search, body },
    context: async () => createContext(deps.contextDependencies, viewer, requestId),
  });
  for (const [name, value] of response.headers) res.setHeader(name, value);
  // People's data: no browser or proxy may keep a copy.
  res.setHeader('cache-control', 'no-store');
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

function parseBody(raw: Buffer, contentType: string | undefined): unknown {
  // Apollo reads the media type and refuses anything but JSON with its own clear error.
  if (!contentType || !/^application\/json\b/i.test(contentType.trim())) return raw.toString('utf8');
  // RFC 8259 §8.1: JSON exchanged between systems is UTF-8. Decoding other bytes
  // would put U+FFFD where the client sent something else.
  const invalidByte = firstInvalidUtf8Byte(raw);
  if (invalidByte >= 0) {
    throw new HttpError(400, 'BAD_REQUEST', `The request body is not UTF-8, as JSON must be (RFC 8259 §8.1): byte ${invalidByte} does not belong to a UTF-8 character`);
  }
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw new HttpError(400, 'BAD_REQUEST', `The request body is not valid JSON: ${(error as Error).message}`);
  }
}
