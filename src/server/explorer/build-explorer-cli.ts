/**
 * `npm run build:explorer` (also run by `npm run build` and before `npm
 * start`): bundles the explorer into dist/explorer unless it is current.
 */
import { relative } from 'node:path';
import { runCommand } from '../../command-line.js';
import { PROJECT_ROOT } from '../../project-paths.js';
import { EXPLORER_BUNDLE_DIR } from './explorer-bundle.js';
import { buildExplorer } from './build-explorer.js';

const USAGE = `Usage: npm run build:explorer [-- --quiet]
Bundles the GraphiQL explorer (explorer/) into ${relative(PROJECT_ROOT, EXPLORER_BUNDLE_DIR)}, unless it is already current;
with --quiet (before npm start), says nothing when it is.`;

await runCommand(USAGE, { quiet: { type: 'boolean' } }, async ({ quiet }) => {
  const { built, bytes } = await buildExplorer();
  if (!built && quiet) return;
  const where = relative(PROJECT_ROOT, EXPLORER_BUNDLE_DIR);
  const size = `${(bytes / 1_024).toFixed(0)} KB`;
  process.stdout.write(built ? `Explorer bundled into ${where} (${size})\n` : `Explorer bundle in ${where} is current (${size})\n`);
});
