/**
 * /graphql over HTTP (GraphQL over HTTP spec): GET for queries, POST with a
 * JSON body for anything. Authentication happens here, before GraphQL, so an
 * unauthenticated caller gets HTTP 401 and costs no parsing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { TokenVerifier } from '../../auth/token-verifier.js';
import { createContext, type ContextDependencies, type GatewayContext } from '../context.js';
import { authenticate } from './authenticate.js';
import { HttpError } from './http-error.js';
import type { RequestInfo } from './request-info.js';
import { readBody } from './read-body.js';

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
  const text = raw.toString('utf8');
  // Apollo reads the media type and refuses anything but JSON with its own clear error.
  if (!contentType || !/^application\/json\b/i.test(contentType.trim())) return text;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, 'BAD_REQUEST', `The request body is not valid JSON: ${(error as Error).message}`);
  }
}
