/**
 * A key safe code opens someone's front door, so it is sealed before it is
 * stored: AES-256-GCM under KEY_SAFE_KEY (32 bytes, base64), with a fresh
 * IV per code and the order id as associated data, so a sealed code copied
 * onto another order will not open. The embedded default keeps a generated
 * key in DATA_DIR, as it does its token key; production sets KEY_SAFE_KEY.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, GatewayError } from '../errors.js';

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** The sealed form's version, so that a later key or algorithm can be told apart. */
const VERSION = 'v1';
export const KEY_SAFE_KEY_FILE = 'key-safe-key';

export class KeySafeUnreadableError extends GatewayError {
  readonly code = 'KEY_SAFE_UNREADABLE';
  constructor(orderId: string) {
    super(`The key safe code of equipment order ${orderId} cannot be unsealed with this gateway's KEY_SAFE_KEY`, { orderId });
  }
}

export class KeySafeCipher {
  private constructor(private readonly key: Buffer) {}

  static fromBase64(base64: string, variable = 'KEY_SAFE_KEY'): KeySafeCipher {
    const key = Buffer.from(base64, 'base64');
    if (key.length !== KEY_BYTES) throw new ConfigError(variable, `must be ${KEY_BYTES} bytes in base64 (openssl rand -base64 32), not ${key.length}`);
    return new KeySafeCipher(key);
  }

  /** The key in DATA_DIR, made on first use (mode 0600); for the embedded default only. */
  static async loadOrCreate(dataDir: string): Promise<KeySafeCipher> {
    const path = join(dataDir, KEY_SAFE_KEY_FILE);
    try {
      return KeySafeCipher.fromBase64((await readFile(path, 'utf8')).trim(), path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await mkdir(dataDir, { recursive: true });
    try {
      // 'wx': if another process made the key first, use theirs.
      await writeFile(path, randomBytes(KEY_BYTES).toString('base64'), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    return KeySafeCipher.fromBase64((await readFile(path, 'utf8')).trim(), path);
  }

  seal(code: string, orderId: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key, iv).setAAD(Buffer.from(orderId));
    const sealed = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64')}`;
  }

  unseal(sealed: string, orderId: string): string {
    const [version, body] = sealed.split('.');
    const bytes = Buffer.from(body ?? '', 'base64');
    if (version !== VERSION || bytes.length < IV_BYTES + TAG_BYTES) throw new KeySafeUnreadableError(orderId);
    try {
      const decipher = createDecipheriv(ALGORITHM, this.key, bytes.subarray(0, IV_BYTES)).setAAD(Buffer.from(orderId));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new KeySafeUnreadableError(orderId);
    }
  }
}
