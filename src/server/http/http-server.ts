/**
 * The gateway's one HTTP port: a small route table in front of Apollo.
 * Later areas (feeds, webhooks, metrics) add a route here and a handler file
 * beside this one.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { AllowedOrigins } from '../../config/allowed-origins.js';
import { GatewayError } from '../../errors.js';
import type { FeedEndpoint } from '../../inbox/hospital-feeds.js';
import { EXPLORER_ASSETS_PATH, EXPLORER_PATH, prefersHtml } from '../explorer/explorer-page.js';
import { handleExplorerAsset, handleExplorerPage, type ExplorerRouteDependencies } from './explorer-route.js';
import { corsResponseHeaders, preflight } from './cors.js';
import { handleDischargeTracker, TRACKER_FORMATS, type TrackerFormat } from './discharge-tracker-route.js';
import { handleFeed } from './feed-route.js';
import { handleGraphql, type GraphqlRouteDependencies } from './graphql-route.js';
import { handleSupplierWebhook, type WebhookRouteDependencies } from './webhook-route.js';
import { HttpError } from './http-error.js';
import { InFlightRequests } from './in-flight-requests.js';
import type { RequestInfo } from './request-info.js';
import { sendError, sendJson, sendText } from './responses.js';
import type { Database } from '../../store/database.js';
import type { OutsideCallMetrics } from '../../metrics/outside-call-metrics.js';

export interface HttpServerDependencies extends GraphqlRouteDependencies {
  logger: Logger;
  /** Hospital feed endpoints by path, and the body limit for them. */
  feeds: Readonly<Record<string, FeedEndpoint>>;
  feedMaxBodyBytes: number;
  /** The equipment supplier's status callbacks. */
  supplierWebhook: WebhookRouteDependencies;
  /** Resolves when the store answers; rejects or times out when it does not. */
  checkReady: () => Promise<void>;
  /** Served at GET /metrics. */
  metrics: OutsideCallMetrics;
  /** The explorer (EXPLORER=on); null: no explorer, and /graphql answers browsers as it answers anyone. */
  explorer: ExplorerRouteDependencies | null;
  /** Origins of browser pages that may call /graphql. */
  corsOrigins: AllowedOrigins;
  /** Subscriptions over Server-Sent Events. */
  sse: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** The store the discharge tracker's exports read. */
  db: Database;
}

type Handler = (req: IncomingMessage, res: ServerResponse, request: RequestInfo) => Promise<void>;

interface Route {
  methods: readonly string[];
  handle: Handler;
  /** Called by browser pages (CORS); every other route is server-to-server and never answers a browser's preflight. */
  browsers?: true;
}

const READY_TIMEOUT_MS = 2_000;
const UPSTREAM_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

export interface GatewayHttpServer {
  server: Server;
  inFlight: InFlightRequests;
}

export function createHttpServer(deps: HttpServerDependencies): GatewayHttpServer {
  const inFlight = new InFlightRequests();
  const { explorer } = deps;
  const routes: Record<string, Route> = {
    '/graphql': {
      methods: ['GET', 'POST'],
      browsers: true,
      handle: (req, res, request) =>
        explorer && req.method === 'GET' && prefersHtml(req.headers.accept) ? handleExplorerPage(explorer, req, res) : handleGraphql(deps, req, res, request),
    },
    '/graphql/stream': { methods: ['GET', 'POST'], browsers: true, handle: (req, res) => deps.sse(req, res) },
    '/healthz': { methods: ['GET'], handle: async (_req, res) => sendJson(res, 200, { status: 'ok' }) },
    '/readyz': { methods: ['GET'], handle: (_req, res) => handleReady(deps, res) },
    // Counts and timings only, no personal data: for a scraper on the internal network.
    '/metrics': { methods: ['GET'], handle: async (_req, res) => sendText(res, 200, deps.metrics.contentType, await deps.metrics.text()) },
    '/webhooks/equipment-supplier': { methods: ['POST'], handle: (req, res) => handleSupplierWebhook(deps.supplierWebhook, req, res) },
  };
  const trackerDeps = { verifier: deps.verifier, db: deps.db, logger: deps.logger };
  for (const format of Object.keys(TRACKER_FORMATS) as TrackerFormat[]) {
    routes[`/reports/discharge-tracker.${format}`] = { methods: ['GET'], handle: (req, res, request) => handleDischargeTracker(trackerDeps, format, req, res, request) };
  }
  if (explorer) {
    routes[EXPLORER_PATH] = { methods: ['GET'], handle: (req, res) => handleExplorerPage(explorer, req, res) };
    routes[EXPLORER_ASSETS_PATH] = { methods: ['GET'], handle: (_req, res, request) => handleExplorerAsset(explorer, res, request) };
  }
  const feedDeps = { verifier: deps.verifier, maxBodyBytes: deps.feedMaxBodyBytes };
  for (const [path, endpoint] of Object.entries(deps.feeds)) {
    routes[path] = { methods: ['POST'], handle: (req, res) => handleFeed(feedDeps, endpoint, req, res) };
  }

  const server = createServer((req, res) => {
    const requestId = randomUUID();
    res.setHeader('x-request-id', requestId);
    // A proxy's own request id is logged beside ours so the two can be matched up.
    const upstream = req.headers['x-request-id'];
    if (typeof upstream === 'string' && UPSTREAM_REQUEST_ID.test(upstream)) {
      deps.logger.debug({ requestId, upstreamRequestId: upstream }, 'request id from upstream');
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://gateway');
    } catch {
      return sendError(res, 400, 'BAD_REQUEST', 'The request target is not a valid URL path');
    }
    const path = url.pathname;
    // A key ending in / is a folder route: it takes the files directly in it.
    const route = routes[path] ?? routes[path.slice(0, path.lastIndexOf('/') + 1)];
    if (!route) return sendError(res, 404, 'NOT_FOUND', `No such endpoint: ${path}`);
    if (route.browsers) {
      const origin = req.headers.origin;
      if (req.method === 'OPTIONS' && origin !== undefined) {
        const answer = preflight(origin, deps.corsOrigins);
        if (!answer.allowed) return sendError(res, 403, 'ORIGIN_NOT_ALLOWED', answer.message, answer.headers);
        res.writeHead(204, answer.headers);
        return void res.end();
      }
      // Set now, so that every answer carries them: Apollo's, and the errors (401, 413) sent before it.
      for (const [name, value] of Object.entries(corsResponseHeaders(origin, deps.corsOrigins))) res.setHeader(name, value);
    }
    if (!route.methods.includes(req.method ?? '')) {
      return sendError(res, 405, 'METHOD_NOT_ALLOWED', `${path} takes ${route.methods.join(' or ')}`, {
        allow: route.methods.join(', '),
      });
    }
    void inFlight.track(route.handle(req, res, { requestId, url })).catch((error: unknown) => {
      // (req.destroyed alone means nothing: a request is destroyed once its body has been read.)
      if (req.socket.destroyed && !res.headersSent) {
        // The client hung up (mid-body, say): nobody to answer and nothing wrong here.
        deps.logger.info({ requestId, path }, 'client closed the connection before the response');
        return;
      }
      if (error instanceof HttpError) return sendError(res, error.status, error.code, error.message, error.headers);
      deps.logger.error({ requestId, err: error, path }, 'request failed');
      if (res.headersSent) return res.destroy();
      const code = error instanceof GatewayError ? error.code : 'INTERNAL_SERVER_ERROR';
      sendError(res, 500, code, 'Internal error: the gateway could not handle this request');
    });
  });
  // Slow-loris protection: a client must send its headers and body promptly.
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;
  return { server, inFlight };
}

async function handleReady(deps: HttpServerDependencies, res: ServerResponse): Promise<void> {
  try {
    await withTimeout(deps.checkReady(), READY_TIMEOUT_MS);
    sendJson(res, 200, { status: 'ready' });
  } catch (error) {
    sendJson(res, 503, { status: 'unavailable', reason: `store not reachable: ${(error as Error).message}` });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
