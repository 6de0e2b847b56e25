import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/errors.js';
import { KEY_SAFE_KEY_FILE, KeySafeCipher, KeySafeUnreadableError } from '../../src/equipment/key-safe-cipher.js';

const ORDER = '00000000-0000-4000-8000-0000000000aa';
const OTHER_ORDER = '00000000-0000-4000-8000-0000000000ab';
const CODE = '4821';

function newCipher(): KeySafeCipher {
  return KeySafeCipher.fromBase64(randomBytes(32).toString('base64'));
}

/** Flips one bit of the decoded body at `index` (negative counts from the end) and re-encodes it. */
function tamper(sealed: string, index: number): string {
  const [version, body] = sealed.split('.');
  const bytes = Buffer.from(body!, 'base64');
  const at = index < 0 ? bytes.length + index : index;
  bytes[at] = bytes[at]! ^ 0x01;
  return `${version}.${bytes.toString('base64')}`;
}

describe('KeySafeCipher', () => {
  const cipher = newCipher();

  test('unseals what it sealed', () => {
    expect(cipher.unseal(cipher.seal(CODE, ORDER), ORDER)).toBe(CODE);
  });

  test.each(['', '0000', 'C1234X', 'code with spaces and ünïcödé 🔑', 'x'.repeat(500)])('round-trips %p', (code) => {
    expect(cipher.unseal(cipher.seal(code, ORDER), ORDER)).toBe(code);
  });

  test('the sealed text does not contain the code, in plain or base64', () => {
    const code = '987654321';
    const sealed = cipher.seal(code, ORDER);
    expect(sealed).not.toContain(code);
    expect(sealed).not.toContain(Buffer.from(code).toString('base64').slice(0, 8));
    expect(sealed).toMatch(/^v1\./);
  });

  test('two seals of one code differ (a fresh IV each time)', () => {
    const first = cipher.seal(CODE, ORDER);
    const second = cipher.seal(CODE, ORDER);
    expect(first).not.toBe(second);
    // The IV is the first 12 bytes of the body.
    expect(Buffer.from(first.split('.')[1]!, 'base64').subarray(0, 12)).not.toEqual(Buffer.from(second.split('.')[1]!, 'base64').subarray(0, 12));
    expect(cipher.unseal(first, ORDER)).toBe(CODE);
    expect(cipher.unseal(second, ORDER)).toBe(CODE);
  });

  test('a code sealed for one order will not unseal for another', () => {
    const sealed = cipher.seal(CODE, ORDER);
    expect(() => cipher.unseal(sealed, OTHER_ORDER)).toThrow(KeySafeUnreadableError);
  });

  test('a code sealed under another key will not unseal, and the error names the order', () => {
    const sealed = newCipher().seal(CODE, ORDER);
    let caught: unknown;
    try {
      cipher.unseal(sealed, ORDER);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(KeySafeUnreadableError);
    expect((caught as KeySafeUnreadableError).code).toBe('KEY_SAFE_UNREADABLE');
    expect((caught as KeySafeUnreadableError).details).toEqual({ orderId: ORDER });
    expect((caught as Error).message).not.toContain(CODE);
  });

  test.each([
    ['the IV', 0],
    ['the tag', 12],
    ['the ciphertext', -1],
  ])('tampering with %s is detected', (_part, index) => {
    const sealed = cipher.seal(CODE, ORDER);
    expect(() => cipher.unseal(tamper(sealed, index), ORDER)).toThrow(KeySafeUnreadableError);
  });

  test.each([
    ['an unknown version', (s: string) => s.replace(/^v1\./, 'v2.')],
    ['no version', (s: string) => s.split('.')[1]!],
    ['a truncated body', (s: string) => `v1.${Buffer.from(s.split('.')[1]!, 'base64').subarray(0, 20).toString('base64')}`],
    ['an empty string', () => ''],
    ['a ciphertext cut short', (s: string) => `v1.${Buffer.from(s.split('.')[1]!, 'base64').subarray(0, 28 + 1).toString('base64')}`],
  ])('%s is unreadable', (_what, mangle) => {
    const sealed = cipher.seal(CODE, ORDER);
    expect(() => cipher.unseal(mangle(sealed), ORDER)).toThrow(KeySafeUnreadableError);
  });

  describe('fromBase64', () => {
    test.each([0, 16, 31, 33, 64])('refuses a %i-byte key with a ConfigError naming the variable', (bytes) => {
      const act = () => KeySafeCipher.fromBase64(randomBytes(bytes).toString('base64'), 'MY_KEY');
      expect(act).toThrow(ConfigError);
      expect(act).toThrow(/^MY_KEY: /);
      try {
        act();
      } catch (error) {
        expect((error as ConfigError).details).toEqual({ variable: 'MY_KEY' });
        expect((error as ConfigError).message).toContain(`not ${bytes}`);
      }
    });

    test('names KEY_SAFE_KEY by default', () => {
      expect(() => KeySafeCipher.fromBase64('c2hvcnQ=')).toThrow(/^KEY_SAFE_KEY: /);
    });

    test('the same key gives ciphers that read each other', () => {
      const key = randomBytes(32).toString('base64');
      const sealed = KeySafeCipher.fromBase64(key).seal(CODE, ORDER);
      expect(KeySafeCipher.fromBase64(key).unseal(sealed, ORDER)).toBe(CODE);
    });
  });

  describe('loadOrCreate', () => {
    let dataDir: string;
    beforeEach(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'care-gateway-key-safe-'));
    });
    afterEach(() => rm(dataDir, { recursive: true, force: true }));

    test('creates a 0600 key file on first use and reads the same key on the second', async () => {
      const first = await KeySafeCipher.loadOrCreate(dataDir);
      const path = join(dataDir, KEY_SAFE_KEY_FILE);
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      const stored = await readFile(path, 'utf8');
      expect(Buffer.from(stored.trim(), 'base64')).toHaveLength(32);

      const second = await KeySafeCipher.loadOrCreate(dataDir);
      expect(await readFile(path, 'utf8')).toBe(stored);
      expect(second.unseal(first.seal(CODE, ORDER), ORDER)).toBe(CODE);
    });

    test('creates the data folder when it does not exist yet', async () => {
      const nested = join(dataDir, 'a', 'b');
      const cipher = await KeySafeCipher.loadOrCreate(nested);
      expect((await stat(join(nested, KEY_SAFE_KEY_FILE))).isFile()).toBe(true);
      expect(cipher.unseal(cipher.seal(CODE, ORDER), ORDER)).toBe(CODE);
    });

    test('concurrent first uses agree on one key', async () => {
      const [a, b, c] = await Promise.all([1, 2, 3].map(() => KeySafeCipher.loadOrCreate(dataDir)));
      const sealed = a!.seal(CODE, ORDER);
      expect(b!.unseal(sealed, ORDER)).toBe(CODE);
      expect(c!.unseal(sealed, ORDER)).toBe(CODE);
    });

    test('uses a key already in the file', async () => {
      const key = randomBytes(32).toString('base64');
      await writeFile(join(dataDir, KEY_SAFE_KEY_FILE), `${key}\n`, { mode: 0o600 });
      const sealed = KeySafeCipher.fromBase64(key).seal(CODE, ORDER);
      expect((await KeySafeCipher.loadOrCreate(dataDir)).unseal(sealed, ORDER)).toBe(CODE);
    });

    test('refuses a key file of the wrong length, naming the file, and leaves it alone', async () => {
      const path = join(dataDir, KEY_SAFE_KEY_FILE);
      await writeFile(path, 'c2hvcnQ=', { mode: 0o600 });
      await expect(KeySafeCipher.loadOrCreate(dataDir)).rejects.toThrow(ConfigError);
      await expect(KeySafeCipher.loadOrCreate(dataDir)).rejects.toThrow(path);
      expect(await readFile(path, 'utf8')).toBe('c2hvcnQ=');
    });
  });
});
