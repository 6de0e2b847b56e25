/**
 * `npm run token` never mints a token the gateway would refuse: it lives as
 * long as the gateway takes for its role, or less when asked.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { PROJECT_ROOT } from '../../src/project-paths.js';

const run = promisify(execFile);

describe('npm run token', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'care-gateway-token-cli-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  const token = (args: string[], env: Record<string, string> = {}) =>
    run('node', ['--import', 'tsx', 'src/auth/token-cli.ts', ...args], { cwd: PROJECT_ROOT, env: { ...process.env, DATA_DIR: dataDir, NODE_OPTIONS: '', ...env } });
  const lifetime = (jwt: string) => {
    const { iat, exp } = decodeJwt(jwt.trim());
    return exp! - iat!;
  };

  test('by default a token lives as long as its role may: 12h for a person, 1d for a machine, or as configured', async () => {
    expect(lifetime((await token(['--role', 'VIEWER'])).stdout)).toBe(12 * 3_600);
    expect(lifetime((await token(['--role', 'SYSTEM', '--trust', 'R1A'])).stdout)).toBe(24 * 3_600);
    expect(lifetime((await token(['--role', 'VIEWER'], { AUTH_MAX_TOKEN_LIFETIME: '90m' })).stdout)).toBe(90 * 60);
  }, 60_000);

  test('--hours over the role\'s lifetime is refused, saying the limit and how to change it', async () => {
    const refusal = token(['--role', 'HUB_COORDINATOR', '--hours', '13']);
    await expect(refusal).rejects.toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringContaining(
        '--hours 13 is longer than the gateway takes for a HUB_COORDINATOR token: 12h (AUTH_MAX_TOKEN_LIFETIME). Ask for 12 or fewer',
      ),
    });
    expect(lifetime((await token(['--role', 'SYSTEM', '--trust', 'R1A', '--hours', '20'])).stdout)).toBe(20 * 3_600);
  }, 60_000);
});
