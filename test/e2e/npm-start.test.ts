/**
 * The gateway as a newcomer runs it: `node --import tsx src/main.ts` (what
 * `npm start` runs) on a fresh data folder. The curl example it prints must
 * return customers with their referrals and equipment orders, and SIGTERM
 * must end it cleanly.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../src/project-paths.js';

const run = promisify(execFile);

function startMain(dataDir: string): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info', NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor(predicate: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('npm start on a fresh data folder', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'care-gateway-start-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  test('serves, prints a working curl example, and stops cleanly on SIGTERM', async () => {
    const gateway = startMain(dataDir);
    try {
      await waitFor(() => gateway.output().includes('More tokens:'), 30_000);
      const output = gateway.output();
      expect(output).toContain('"msg":"empty store filled with the synthetic hub"');
      for (const role of ['HOSPITAL_DISCHARGE', 'HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST', 'VIEWER', 'ADMIN', 'SYSTEM']) {
        expect(output).toMatch(new RegExp(`\\n  ${role} +eyJ`));
      }
      const curl = output.slice(output.indexOf('  curl -s')).split('\n').slice(0, 3).join('\n');
      const { stdout } = await run('bash', ['-c', curl]);
      const body = JSON.parse(stdout);
      expect(body.errors).toBeUndefined();
      const customers = body.data.equipmentOrders.edges.map((edge: any) => edge.node.customer);
      expect(customers).toHaveLength(3);
      for (const customer of customers) {
        expect(customer.name.family).toMatch(/\w/);
        expect(customer.referrals.edges.length).toBeGreaterThan(0);
        expect(customer.equipmentOrders.edges.length).toBeGreaterThan(0);
      }
    } finally {
      gateway.child.kill('SIGTERM');
    }
    await expect(gateway.exited).resolves.toBe(0);
    expect(gateway.output()).toContain('"msg":"shutting down"');
  });
});
