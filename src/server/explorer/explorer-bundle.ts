/**
 * Where the explorer's bundle lives and what its manifest says. The builder
 * (build-explorer.ts, at build time, with esbuild) writes it; the gateway
 * (explorer-assets.ts, at run time) only reads it, so esbuild and the
 * browser packages never load in the gateway's process.
 */
import { projectPath } from '../../project-paths.js';

/** Under dist/, like the compiled gateway: made by the build, never committed. */
export const EXPLORER_BUNDLE_DIR = projectPath('dist', 'explorer');
export const EXPLORER_MANIFEST_FILE = 'manifest.json';

export interface ExplorerManifest {
  /** SHA-256 of everything the bundle was made from: the builder skips a bundle already made from the same. */
  inputs: string;
  /** File names (with their content hash) in EXPLORER_BUNDLE_DIR. */
  script: string;
  stylesheet: string;
  files: string[];
}
