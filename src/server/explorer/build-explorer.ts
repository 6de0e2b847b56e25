/**
 * Bundles the explorer (explorer/: GraphiQL, React, graphql-ws and the token
 * box) into hashed files the gateway serves itself, so the page loads with
 * the network cut off. Run by `npm run build` and before `npm start`
 * (prestart); a bundle made from the same inputs is kept, so a start costs a
 * hash of the sources and nothing more.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import { projectPath } from '../../project-paths.js';
import { EXPLORER_BUNDLE_DIR, EXPLORER_MANIFEST_FILE, type ExplorerManifest } from './explorer-bundle.js';

const SOURCE_DIR = projectPath('src', 'server', 'explorer', 'browser');
/** What else the bundle depends on: the packages' versions (the lockfile), the page's contract, and this builder. */
const OTHER_INPUTS = ['package-lock.json', 'src/server/explorer/explorer-config.ts', 'src/server/explorer/build-explorer.ts'];

export interface ExplorerBuild {
  manifest: ExplorerManifest;
  /** False when the bundle on disk was already made from the same inputs. */
  built: boolean;
  bytes: number;
}

export async function buildExplorer(outDir = EXPLORER_BUNDLE_DIR): Promise<ExplorerBuild> {
  const inputs = await inputsHash();
  const current = await currentManifest(outDir);
  if (current?.inputs === inputs) return { manifest: current, built: false, bytes: await sizeOf(outDir, current.files) };

  // Built beside the old bundle and swapped in whole: a gateway never reads half a bundle.
  const staging = `${outDir}.staging-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const result = await build({
    entryPoints: [join(SOURCE_DIR, 'main.tsx')],
    tsconfig: join(SOURCE_DIR, 'tsconfig.json'),
    bundle: true,
    format: 'esm',
    minify: true,
    jsx: 'automatic',
    target: ['chrome109', 'edge109', 'firefox115', 'safari15.6'],
    define: { 'process.env.NODE_ENV': '"production"' },
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    // The licences go in a file of their own beside the script, not inline in it.
    legalComments: 'linked',
    outdir: staging,
    metafile: true,
    logLevel: 'warning',
  });
  const files = Object.keys(result.metafile.outputs).map((path) => basename(path));
  const manifest: ExplorerManifest = {
    inputs,
    script: only(files, '.js'),
    stylesheet: only(files, '.css'),
    files,
  };
  await writeFile(join(staging, EXPLORER_MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  await rm(outDir, { recursive: true, force: true });
  await rename(staging, outDir);
  return { manifest, built: true, bytes: await sizeOf(outDir, files) };
}

async function inputsHash(): Promise<string> {
  const hash = createHash('sha256');
  const sources = (await readdir(SOURCE_DIR, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
  for (const file of [...sources.sort(), ...OTHER_INPUTS.map((path) => projectPath(path))]) {
    hash.update(file).update('\0').update(await readFile(file)).update('\0');
  }
  return hash.digest('hex');
}

async function currentManifest(outDir: string): Promise<ExplorerManifest | null> {
  try {
    const manifest = JSON.parse(await readFile(join(outDir, EXPLORER_MANIFEST_FILE), 'utf8')) as ExplorerManifest;
    // A manifest whose files are gone (a half-cleaned folder) is no bundle.
    await sizeOf(outDir, manifest.files);
    return manifest;
  } catch {
    return null;
  }
}

async function sizeOf(dir: string, files: readonly string[]): Promise<number> {
  let bytes = 0;
  for (const file of files) bytes += (await stat(join(dir, file))).size;
  return bytes;
}

function only(files: readonly string[], extension: string): string {
  const matching = files.filter((file) => file.endsWith(extension));
  if (matching.length !== 1) throw new Error(`The explorer bundle should have one ${extension} file, not ${matching.length}: ${files.join(', ')}`);
  return matching[0]!;
}
