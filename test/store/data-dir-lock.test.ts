import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirInUseError, lockDataDir } from '../../src/store/data-dir-lock.js';

describe('lockDataDir', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'care-gateway-lock-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  test('a folder held by a running process is refused, naming the process', async () => {
    // The parent of this test process is certainly running and is not us.
    await writeFile(join(dataDir, 'gateway.lock'), String(process.ppid));
    await expect(lockDataDir(dataDir)).rejects.toThrow(DataDirInUseError);
    await expect(lockDataDir(dataDir)).rejects.toThrow(`process ${process.ppid}`);
  });

  test('a lock left by a process that has gone is taken over, and released', async () => {
    await writeFile(join(dataDir, 'gateway.lock'), '999999999');
    const release = await lockDataDir(dataDir);
    expect(await readFile(join(dataDir, 'gateway.lock'), 'utf8')).toBe(String(process.pid));
    await release();
    const again = await lockDataDir(dataDir);
    await again();
  });
});
