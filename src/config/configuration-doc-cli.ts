/**
 * `npm run docs:config` writes docs/configuration.md from the table of
 * settings; `npm run docs:config:check` (part of `npm run build`) fails when
 * the committed file is not what the table gives.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { CommandError, runCommand } from '../command-line.js';
import { projectPath } from '../project-paths.js';
import { CONFIGURATION_DOC_PATH, renderConfigurationDoc } from './configuration-doc.js';

const USAGE = `Usage: npm run docs:config [-- --check]
Writes ${CONFIGURATION_DOC_PATH} from src/config/settings.ts; with --check, only says whether it is current.`;

await runCommand(USAGE, { check: { type: 'boolean' } }, async ({ check }) => {
  const file = projectPath(CONFIGURATION_DOC_PATH);
  const doc = renderConfigurationDoc();
  if (!check) {
    await writeFile(file, doc);
    return;
  }
  const committed = await readFile(file, 'utf8').catch(() => null);
  if (committed !== doc) throw new CommandError(`${CONFIGURATION_DOC_PATH} is not current: run npm run docs:config`);
});
