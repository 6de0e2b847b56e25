/**
 * GraphQL over Server-Sent Events (graphql-sse, distinct connections mode)
 * at /graphql/stream: the bearer token in the Authorization header, checked
 * before anything else as on /graphql, and the stream ended when it expires.
 * Each event is audited before it is written; the writer waits for each
 * write to be taken by the socket, so a slow reader backs up into its
 * bounded event queue (MAX_QUEUED_EVENTS) and is dropped there.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExecutionResult, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { createHandler } from 'graphql-sse';
import { decodeJwt } from 'jose';
import type { Logger } from 'pino';
import type { TokenVerifier } from '../../auth/token-verifier.js';
import type { Viewer } from '../../auth/viewer.js';
import { auditedEvent } from '../graphql/audited-event.js';
import type { LiveOperationPreparer } from '../graphql/live-operation.js';
import { createContext, type ContextDependencies, type GatewayContext } from '../request/context.js';
import { authenticate } from './authenticate.js';
import { readBody } from './read-body.js';
import type { SubscriptionCount } from './subscription-limits.js';

export interface SseRouteDependencies {
  schema: GraphQLSchema;
  /** Apollo's checks (tokens, validation, variables, cost), so a subscription is held to a query's limits. */
  prepare: LiveOperationPreparer;
  verifier: TokenVerifier;
  contextDependencies: ContextDependencies;
  count: SubscriptionCount;
  maxBodyBytes: number;
  logger: Logger;
}

type SseContext = GatewayContext & Record<PropertyKey, unknown>;

export function createSseRoute(deps: SseRouteDependencies): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const viewers = new WeakMap<IncomingMessage, Viewer>();
  // The operation each stream runs, so its audit rows name it.
  const operations = new WeakMap<SseContext, OperationDefinitionNode | undefined>();
  const handler = createHandler<IncomingMessage, undefined, SseContext>({
    schema: deps.schema,
    // graphql-sse validates even the arguments onSubscribe returns; prepare has validated them already.
    validate: () => [],
    onSubscribe: (req, params) => {
      const refused = deps.count.refusal(0);
      if (refused) return [null, { status: 503, statusText: refused }];
      const prepared = deps.prepare(params);
      if (prepared.errors) {
        return [JSON.stringify({ errors: prepared.errors }), { status: 400, statusText: 'Bad Request', headers: { 'content-type': 'application/json; charset=utf-8' } }];
      }
      const contextValue = createContext(deps.contextDependencies, viewers.get(req.raw)!, randomUUID()) as SseContext;
      operations.set(contextValue, prepared.operation);
      return { schema: deps.schema, document: prepared.document, operationName: params.operationName, variableValues: params.variables, contextValue };
    },
    onNext: (ctx, _req, result) => auditedEvent(ctx, operations.get(ctx), result as ExecutionResult, deps.logger) as never,
  });
  return async (req, res) => {
    const viewer = await authenticate(deps.verifier, req);
    viewers.set(req, viewer);
    const body = req.method === 'POST' ? (await readBody(req, deps.maxBodyBytes)).toString('utf8') : null;
    const [stream, init] = await handler({
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: { get: (name) => [req.headers[name]].flat().join(', ') || null },
      body,
      raw: req,
      context: undefined,
    });
    res.writeHead(init.status, init.statusText, { ...init.headers, 'cache-control': 'no-store' });
    if (stream === null || typeof stream === 'string') {
      res.end(stream ?? undefined);
      return;
    }
    deps.count.take();
    const exp = decodeJwt(req.headers.authorization!.replace(/^Bearer\s+/i, '')).exp;
    const expiry = exp === undefined ? undefined : setTimeout(() => void stream.return(), Math.max(0, exp * 1_000 - Date.now()));
    const hungUp = () => void stream.return();
    res.once('close', hungUp);
    try {
      for await (const chunk of stream) {
        if (res.destroyed) break;
        await new Promise<void>((resolve, reject) => res.write(chunk, (error) => (error ? reject(error) : resolve())));
      }
    } finally {
      clearTimeout(expiry);
      res.off('close', hungUp);
      deps.count.release();
      res.end();
    }
  };
}
