/**
 * The preflight of `npm start` and the scripts, imported before tsx
 * (`node --import ./src/node-version-check.js --import tsx …`): on an
 * unsupported Node the one line below is all anyone sees, rather than a stack
 * trace from whatever happens to fail first.
 */
import process from 'node:process';
import { isSupportedNode, unsupportedNodeMessage } from './node-version.js';

if (!isSupportedNode(process.versions.node)) {
  process.stderr.write(`${unsupportedNodeMessage(process.versions.node)}\n`);
  process.exit(1);
}
