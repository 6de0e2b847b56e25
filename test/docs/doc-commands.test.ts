/**
 * Runs the commands the documentation shows, so that a page cannot go on
 * showing a command that no longer works. A ```sh block after a
 * `<!-- run -->` line is run in bash, in the order of the page, against a
 * gateway of the test's own (its URL and MLLP port put in place of the
 * documented ones; `npm run token` signs with its DATA_DIR), and what it
 * prints is compared with the ```text block after it: ids and times aside,
 * `…` standing for any text. The supplier simulator's URL goes where a page
 * says `http://127.0.0.1:<simulator port>`. A block after `<!-- start-gateway -->`
 * (`FEED_SENDERS_FILE=… npm start`) (re)starts that gateway with the sender
 * profiles of the file it names.
 *
 * `npm start` and `npm test` themselves, the README's two commands for a
 * fresh machine, are run by test/e2e/npm-start.test.ts and by .ci/run.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSenderProfiles } from '../../adapters/hospital-discharge/hospital-feeds.js';
import { PROJECT_ROOT } from '../../src/project-paths.js';
import { freePort } from '../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { documentationFiles, fencedBlocks, readDocumentation, type FencedBlock } from '../support/markdown.js';
import { createTestStorePlace, type TestStorePlace } from '../support/stores.js';

const DOCUMENTED_URL = 'http://127.0.0.1:4000';
const DOCUMENTED_MLLP = '127.0.0.1 2575';
/** The equipment supplier simulator's address, which `npm start` prints. */
const DOCUMENTED_SIMULATOR = 'http://127.0.0.1:<simulator port>';

// netcat is not on every machine CI runs on; where it is missing, `nc -q1 host port` is done by node.
const NC_FALLBACK = `command -v nc >/dev/null || nc() {
  node -e 'const s = require("node:net").connect(+process.argv[2], process.argv[1]);
    process.stdin.pipe(s); s.pipe(process.stdout);' "\${@: -2:1}" "\${@: -1}"
}`;

interface DocumentedRun {
  file: string;
  block: FencedBlock;
}

const runs: { file: string; blocks: FencedBlock[] }[] = documentationFiles()
  .map((file) => ({ file, blocks: fencedBlocks(readDocumentation(file)).filter((block) => block.marker !== null) }))
  .filter(({ blocks }) => blocks.length > 0);

/** What may differ from one run to the next: ids the gateway makes, and the times it stamps. */
function normalise(text: string): string[] {
  return text
    // MLLP's frame bytes, VT and FS, which the pages leave out.
    .replaceAll('\u000b', '')
    .replaceAll('\u001c', '')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
    .replace(/\d{14}[+-]\d{4}/g, '<time>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<instant>')
    .replace(/\|[0-9a-f]{20}\|/g, '|<control id>|')
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line !== '');
}

/** Whether a printed line is the documented one, where `…` stands for anything. */
function lineMatches(documented: string, printed: string): boolean {
  const [first = '', ...rest] = documented.split('…');
  if (!printed.startsWith(first)) return false;
  let from = first.length;
  for (const part of rest) {
    const at = printed.indexOf(part, from);
    if (at < 0) return false;
    from = at + part.length;
  }
  return rest.length > 0 || printed.length === first.length;
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', ['-c', script], { cwd, env, timeout: 30_000, maxBuffer: 1 << 24 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe('the commands in the documentation', () => {
  let place: TestStorePlace;
  let workDir: string;
  let mllpPort: number;
  let gateway: TestGateway | null = null;

  beforeAll(async () => {
    place = await createTestStorePlace('pglite');
    workDir = await mkdtemp(join(tmpdir(), 'care-gateway-docs-'));
    mllpPort = await freePort();
  });

  afterAll(async () => {
    await gateway?.stop();
    await rm(workDir, { recursive: true, force: true });
    await place.remove();
  });

  async function startGateway(sendersFile: string | null): Promise<TestGateway> {
    await gateway?.stop();
    const profiles = await loadSenderProfiles(sendersFile === null ? null : join(workDir, sendersFile));
    gateway = await startTestGateway(place, { MLLP_PORT: String(mllpPort) }, profiles);
    return gateway;
  }

  test('some blocks are marked to run, in README.md and in docs/', () => {
    const files = runs.map(({ file }) => file);
    expect(files).toContain('README.md');
    expect(files).toContain('docs/hospital-feeds.md');
  });

  test('the output check tells a changed line from the documented one', () => {
    expect(lineMatches('MSA|AA|R1A-0001', 'MSA|AA|R1A-0001')).toBe(true);
    expect(lineMatches('MSA|AA|R1A-0001', 'MSA|AE|R1A-0001')).toBe(false);
    expect(lineMatches('{"data":{"a":1}, …', '{"data":{"a":1}, "b":2}')).toBe(true);
    expect(lineMatches('{"data":{"a":1}, …', '{"data":{"a":2}, "b":2}')).toBe(false);
  });

  describe.each(runs)('$file', ({ file, blocks }) => {
    // Each page's commands share one shell's variables, as a reader's terminal would.
    const state = () => join(workDir, `${file.replace(/\W/g, '-')}.variables`);

    test.each(blocks.map((block): DocumentedRun => ({ file, block })))('the block at line $block.line', async ({ block }) => {
      if (block.marker === 'start-gateway') {
        const command = /^(?:FEED_SENDERS_FILE=(\S+) )?npm start$/.exec(block.text.trim());
        if (!command) throw new Error(`${file}:${block.line}: a start-gateway block says how npm start is run, and nothing else`);
        await startGateway(command[1] ?? null);
        return;
      }
      const running = gateway ?? (await startGateway(null));
      const script = [
        'set -eo pipefail',
        NC_FALLBACK,
        // The pages' commands run in a folder of the test's own, the npm scripts in the project.
        `npm() { command npm --prefix '${PROJECT_ROOT}' "$@"; }`,
        `[ -f '${state()}' ] && source '${state()}'`,
        block.text
          .replaceAll(DOCUMENTED_URL, running.url)
          .replaceAll(DOCUMENTED_MLLP, `127.0.0.1 ${mllpPort}`)
          .replaceAll(DOCUMENTED_SIMULATOR, running.simulator?.url ?? DOCUMENTED_SIMULATOR),
        // Only the reader's own variables: upper case, neither read-only nor bash's.
        `declare -p | grep -E '^declare -[-x]+ [A-Z][A-Z0-9_]*=' | grep -vE ' (BASH|PATH|HOME|PWD|OLDPWD|SHLVL|DATA_DIR)' > '${state()}'`,
      ].join('\n');
      const result = await bash(script, workDir, { ...process.env, DATA_DIR: place.dataDir });
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
      if (block.output === null) {
        // Without a documented output, what a curl prints must at least not be an error.
        expect(result.stdout).not.toMatch(/"errors"|MSA\|A[ER]/);
        return;
      }
      const printed = normalise(result.stdout);
      const documented = normalise(block.output);
      expect(printed).toHaveLength(documented.length);
      const differing = documented.filter((line, index) => !lineMatches(line, printed[index] ?? ''));
      expect({ differing, printed }).toEqual({ differing: [], printed });
    }, 90_000);
  });
});
