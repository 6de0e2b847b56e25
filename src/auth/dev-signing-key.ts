/**
 * The embedded default's own token issuer: an ES256 key pair kept in
 * DATA_DIR, so `npm start` works with no identity provider and tokens minted
 * by `npm run token` stay valid across restarts. Never used when
 * AUTH_ISSUER/AUTH_JWKS_URL point at a real issuer.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type CryptoKey, type JWK } from 'jose';
import { DEFAULT_TOKEN_LIMITS } from '../config.js';
import type { Role } from '../generated/graphql.js';

export const DEV_ISSUER = 'care-gateway-dev';
export const DEV_KEY_FILE = 'dev-signing-key.json';
const ALGORITHM = 'ES256';

export interface DevSigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

interface KeyFile {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

export async function loadOrCreateDevSigningKey(dataDir: string): Promise<DevSigningKey> {
  const path = join(dataDir, DEV_KEY_FILE);
  let file: KeyFile;
  try {
    file = JSON.parse(await readFile(path, 'utf8')) as KeyFile;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    file = await createKeyFile(path, dataDir);
  }
  return {
    kid: file.kid,
    privateKey: (await importJWK(file.privateJwk, ALGORITHM)) as CryptoKey,
    publicKey: (await importJWK(file.publicJwk, ALGORITHM)) as CryptoKey,
  };
}

async function createKeyFile(path: string, dataDir: string): Promise<KeyFile> {
  await mkdir(dataDir, { recursive: true });
  const { privateKey, publicKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  const file: KeyFile = { kid: randomUUID(), privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) };
  try {
    // 'wx': if another process created the file first, use theirs.
    await writeFile(path, JSON.stringify(file, null, 2), { mode: 0o600, flag: 'wx' });
    return file;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return JSON.parse(await readFile(path, 'utf8')) as KeyFile;
  }
}

export interface DevTokenClaims {
  role: Role;
  subject: string;
  name?: string;
  trustOdsCode?: string;
  /** Lifetime in hours; 12 unless given (a person's longest, by default). */
  hours?: number;
}

export async function mintDevToken(key: DevSigningKey, audience: string, claims: DevTokenClaims): Promise<string> {
  return new SignJWT({
    role: claims.role,
    ...(claims.name ? { name: claims.name } : {}),
    ...(claims.trustOdsCode ? { trust: claims.trustOdsCode } : {}),
  })
    .setProtectedHeader({ alg: ALGORITHM, kid: key.kid })
    .setIssuer(DEV_ISSUER)
    .setAudience(audience)
    .setSubject(claims.subject)
    .setIssuedAt()
    .setExpirationTime(`${claims.hours ?? DEFAULT_TOKEN_LIMITS.maxLifetimeSeconds / 3_600}h`)
    .sign(key.privateKey);
}
