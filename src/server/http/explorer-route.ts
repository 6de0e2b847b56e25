/**
 * The explorer: its page at /explorer (and at /graphql for a browser, see
 * http-server.ts) and its bundle's files under /explorer/assets/. No token is
 * needed to load the page; every request the page makes carries the one
 * pasted into it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import type { Role } from '../../generated/graphql.js';
import type { ExplorerBundle } from '../explorer/explorer-assets.js';
import { EXPLORER_ASSETS_PATH, EXPLORER_ASSET_HEADERS, EXPLORER_PAGE_HEADERS, explorerHtml } from '../explorer/explorer-page.js';
import { sendError, sendText } from './responses.js';
import type { RequestInfo } from './request-info.js';

export interface ExplorerRouteDependencies {
  /** Null when the bundle was never built. */
  bundle: ExplorerBundle | null;
  /** Mints a dev token per role; null where dev tokens are not offered (real tokens, production, or not printed). */
  devTokens: (() => Promise<ReadonlyMap<Role, string>>) | null;
}

const GRAPHQL_PATH = '/graphql';

export async function handleExplorerPage(deps: ExplorerRouteDependencies, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!deps.bundle) return notBuilt(res);
  // Dev tokens go to a browser on this machine only: a gateway listening on
  // every interface must not hand an ADMIN token to its whole network.
  const offerDevTokens = deps.devTokens !== null && isLoopback(req.socket.remoteAddress);
  const devTokens = offerDevTokens ? [...(await deps.devTokens!())].map(([role, token]) => ({ role, token })) : null;
  sendText(res, 200, 'text/html; charset=utf-8', explorerHtml(deps.bundle.manifest, { graphqlPath: GRAPHQL_PATH, devTokens }), EXPLORER_PAGE_HEADERS);
}

export async function handleExplorerAsset(deps: ExplorerRouteDependencies, res: ServerResponse, { url }: RequestInfo): Promise<void> {
  if (!deps.bundle) return notBuilt(res);
  const asset = deps.bundle.assets.get(url.pathname.slice(EXPLORER_ASSETS_PATH.length));
  if (!asset) return sendError(res, 404, 'NOT_FOUND', `No such explorer file: ${url.pathname}`);
  res.writeHead(200, { ...EXPLORER_ASSET_HEADERS, 'content-type': asset.contentType, 'content-length': asset.body.length });
  res.end(asset.body);
}

function notBuilt(res: ServerResponse): void {
  sendError(res, 503, 'EXPLORER_NOT_BUILT', 'The explorer is not built: run npm run build:explorer (npm start and npm run build run it)');
}

function isLoopback(address: string | undefined): boolean {
  if (!address || !isIP(address)) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}
