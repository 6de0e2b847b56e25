/**
 * GraphQL over WebSocket (graphql-ws) on the HTTP server's own port and
 * /graphql path. The token comes in `connection_init`
 * (`{ authorization: "Bearer …" }`), is verified as a request's would be,
 * and the socket is closed (4403) the moment it expires. Each subscription
 * gets a request context of its own; each event is audited before it is
 * sent; a socket whose unsent bytes pass the bound is closed (4429). A
 * browser page not on CORS_ORIGINS is refused the upgrade (403).
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { GraphQLError, Kind, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { CloseCode, type SubscribePayload } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { decodeJwt } from 'jose';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import type { TokenVerifier } from '../../auth/token-verifier.js';
import type { AllowedOrigins } from '../../config/allowed-origins.js';
import type { Viewer } from '../../auth/viewer.js';
import { auditedEvent } from '../graphql/audited-event.js';
import type { LiveOperationPreparer } from '../graphql/live-operation.js';
import { createContext, type ContextDependencies, type GatewayContext } from '../request/context.js';
import { isAllowedWebSocketOrigin } from './cors.js';
import type { SubscriptionCount, SubscriptionLimits } from './subscription-limits.js';

export interface WebSocketSubscriptionDependencies {
  schema: GraphQLSchema;
  /** Apollo's checks (tokens, validation, variables, cost), so a subscription is held to a query's limits. */
  prepare: LiveOperationPreparer;
  verifier: TokenVerifier;
  contextDependencies: ContextDependencies;
  limits: SubscriptionLimits;
  count: SubscriptionCount;
  maxMessageBytes: number;
  /** CORS_ORIGINS: the pages whose browsers may open a socket. */
  corsOrigins: AllowedOrigins;
  logger: Logger;
}

/** Closed for a slow reader: it fell too far behind. */
export const CLOSE_TOO_SLOW = 4429;

interface Connection {
  viewer: Viewer | null;
  expiry?: NodeJS.Timeout;
  operations: Map<string, GatewayContext>;
}

export function attachWebSocketSubscriptions(server: Server, deps: WebSocketSubscriptionDependencies): { close(): Promise<void> } {
  const wss = new WebSocketServer({
    server,
    path: '/graphql',
    maxPayload: deps.maxMessageBytes,
    verifyClient: ({ origin }: { origin?: string }, done: (allowed: boolean, status?: number, message?: string) => void) => {
      if (isAllowedWebSocketOrigin(origin, deps.corsOrigins)) return done(true);
      deps.logger.info({ origin }, 'WebSocket from a page on an origin not in CORS_ORIGINS refused');
      done(false, 403, 'Origin not allowed');
    },
  });
  const connections = new WeakMap<object, Connection>();
  const connectionOf = (extra: { socket: WebSocket }) => {
    let connection = connections.get(extra.socket);
    if (!connection) connections.set(extra.socket, (connection = { viewer: null, operations: new Map() }));
    return connection;
  };
  const disposable = useServer<Record<string, unknown>>(
    {
      schema: deps.schema,
      async onConnect(ctx) {
        const authorization = ctx.connectionParams?.authorization;
        try {
          const viewer = await deps.verifier.verify(typeof authorization === 'string' ? authorization : undefined);
          const connection = connectionOf(ctx.extra);
          connection.viewer = viewer;
          // Verified just now, so its exp is the one the issuer signed.
          const exp = decodeJwt((authorization as string).replace(/^Bearer\s+/i, '')).exp;
          if (exp !== undefined) {
            connection.expiry = setTimeout(() => ctx.extra.socket.close(CloseCode.Forbidden, 'Token expired'), Math.max(0, exp * 1_000 - Date.now()));
            connection.expiry.unref();
          }
          return true;
        } catch (error) {
          deps.logger.info({ reason: (error as Error).message }, 'subscription connection refused');
          return false;
        }
      },
      onSubscribe(ctx, _id, payload) {
        const connection = connectionOf(ctx.extra);
        const refused = deps.count.refusal(connection.operations.size);
        if (refused) return [new GraphQLError(refused, { extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } })];
        const prepared = deps.prepare(payload);
        // Arguments returned here are run as they are: graphql-ws neither parses nor validates them again.
        return prepared.errors ?? { schema: deps.schema, document: prepared.document, operationName: payload.operationName, variableValues: payload.variables };
      },
      context: (ctx, id) => {
        const connection = connectionOf(ctx.extra);
        const context = createContext(deps.contextDependencies, connection.viewer!, randomUUID());
        connection.operations.set(id, context);
        deps.count.take();
        return context;
      },
      async onNext(ctx, id, _payload: SubscribePayload, args, result) {
        const context = connectionOf(ctx.extra).operations.get(id);
        if (ctx.extra.socket.bufferedAmount > deps.limits.maxBufferedBytes) {
          ctx.extra.socket.close(CLOSE_TOO_SLOW, 'Too slow: events were not read');
          return { errors: [{ message: 'Too slow', extensions: { code: 'SLOW_SUBSCRIBER' } }] };
        }
        return context ? auditedEvent(context, args.document.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION), result, deps.logger) : undefined;
      },
      onComplete(ctx, id) {
        if (connectionOf(ctx.extra).operations.delete(id)) deps.count.release();
      },
      onClose(ctx) {
        const connection = connectionOf(ctx.extra);
        clearTimeout(connection.expiry);
        for (let i = 0; i < connection.operations.size; i++) deps.count.release();
        connection.operations.clear();
      },
    },
    wss,
  );
  return {
    async close() {
      for (const client of wss.clients) client.close(1001, 'Gateway stopping');
      await disposable.dispose();
    },
  };
}
