/**
 * Reads the explorer's bundle (made by build-explorer.ts) into memory once at
 * start-up: a few files, served many times, none read from disk per request.
 */
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { EXPLORER_BUNDLE_DIR, EXPLORER_MANIFEST_FILE, type ExplorerManifest } from './explorer-bundle.js';

export interface ExplorerAsset {
  body: Buffer;
  contentType: string;
}

export interface ExplorerBundle {
  manifest: ExplorerManifest;
  assets: ReadonlyMap<string, ExplorerAsset>;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Null when there is no bundle (never built): the gateway still starts, and says how to build it. */
export async function loadExplorerBundle(dir = EXPLORER_BUNDLE_DIR): Promise<ExplorerBundle | null> {
  let manifest: ExplorerManifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, EXPLORER_MANIFEST_FILE), 'utf8')) as ExplorerManifest;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const assets = new Map<string, ExplorerAsset>();
  for (const file of manifest.files) {
    assets.set(file, { body: await readFile(join(dir, file)), contentType: CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
  }
  return { manifest, assets };
}
