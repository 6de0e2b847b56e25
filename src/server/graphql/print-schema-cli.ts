/**
 * `npm run schema:print` writes the whole schema as one file for clients;
 * `npm run schema:print:check` (part of `npm run build`) fails when the
 * committed file is not what schema/*.graphql gives.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CommandError, runCommand } from '../../command-line.js';
import { projectPath } from '../../project-paths.js';
import { PRINTED_SCHEMA_PATH, renderPrintedSchema } from './schema-files.js';

const USAGE = `Usage: npm run schema:print [-- --check]
Writes ${PRINTED_SCHEMA_PATH} from schema/*.graphql; with --check, only says whether it is current.`;

await runCommand(USAGE, { check: { type: 'boolean' } }, async ({ check }) => {
  const file = projectPath(PRINTED_SCHEMA_PATH);
  const printed = renderPrintedSchema();
  if (!check) {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, printed);
    return;
  }
  const committed = await readFile(file, 'utf8').catch(() => null);
  if (committed !== printed) throw new CommandError(`${PRINTED_SCHEMA_PATH} is not current: run npm run schema:print`);
});
