/**
 * The explorer's page and the rules it is served under: pure functions, no I/O.
 */
import { EXPLORER_CONFIG_ELEMENT_ID, type ExplorerConfig } from './explorer-config.js';
import type { ExplorerManifest } from './explorer-bundle.js';

export const EXPLORER_PATH = '/explorer';
/** A folder route: every file of the bundle is under it, named with its content hash. */
export const EXPLORER_ASSETS_PATH = '/explorer/assets/';

/**
 * Everything from the gateway's own origin and nothing else: no CDN could be
 * reached even by mistake. `data:` serves only the fonts and images inlined
 * in GraphiQL's own stylesheet, which come with the bundle. 'self' covers
 * ws:/wss: to the same host for subscriptions (CSP Level 3).
 */
export const EXPLORER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers of the page itself: it may hold dev tokens, so no copy is kept anywhere. */
export const EXPLORER_PAGE_HEADERS = {
  'content-security-policy': EXPLORER_CSP,
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;

/** Headers of a bundle file: its name changes with its content, so a browser may keep it for a year. */
export const EXPLORER_ASSET_HEADERS = {
  'cache-control': 'public, max-age=31536000, immutable',
  'x-content-type-options': 'nosniff',
} as const;

export function explorerHtml(manifest: Pick<ExplorerManifest, 'script' | 'stylesheet'>, config: ExplorerConfig): string {
  // JSON in a script element ends at the first "</script": no "<" may appear as itself.
  const configJson = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Care Gateway explorer</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${EXPLORER_ASSETS_PATH}${manifest.stylesheet}">
<script type="module" src="${EXPLORER_ASSETS_PATH}${manifest.script}"></script>
</head>
<body>
<div id="explorer"></div>
<script type="application/json" id="${EXPLORER_CONFIG_ELEMENT_ID}">${configJson}</script>
</body>
</html>
`;
}

const HTML = 'text/html';
const JSON_TYPES = new Set(['application/json', 'application/graphql-response+json']);

/**
 * Whether an Accept header asks for a page rather than a GraphQL answer: it
 * names text/html with a higher weight than any JSON type it names. A
 * browser's navigation does; GraphQL clients name JSON, or nothing.
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  let html = 0;
  let json = 0;
  for (const range of accept.split(',')) {
    const [type = '', ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    const q = weight(params);
    if (type === HTML) html = Math.max(html, q);
    else if (JSON_TYPES.has(type)) json = Math.max(json, q);
  }
  return html > json;
}

function weight(params: readonly string[]): number {
  const q = params.find((param) => param.startsWith('q='));
  if (!q) return 1;
  const value = Number(q.slice(2));
  return Number.isFinite(value) && value >= 0 && value <= 1 ? value : 0;
}
