import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import nock from 'nock';
import { loadOrCreateDevSigningKey, mintDevToken, type DevSigningKey } from '../../src/auth/dev-signing-key.js';
import { AuthUnavailableError, createTokenVerifier } from '../../src/auth/token-verifier.js';
import { UnauthenticatedError } from '../../src/errors.js';
import { interceptHttpInThisFile } from '../support/intercept-http.js';

describe('dev tokens', () => {
  let dataDir: string;
  let key: DevSigningKey;
  const verifier = () => createTokenVerifier({ mode: 'dev', audience: 'care-gateway' }, key);

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'care-gateway-keys-'));
    key = await loadOrCreateDevSigningKey(dataDir);
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  test('the key is kept in DATA_DIR, private to its owner, and reused', async () => {
    const file = await stat(join(dataDir, 'dev-signing-key.json'));
    expect(file.mode & 0o077).toBe(0);
    const again = await loadOrCreateDevSigningKey(dataDir);
    expect(again.kid).toBe(key.kid);
  });

  test('a minted token verifies to its viewer', async () => {
    const token = await mintDevToken(key, 'care-gateway', { role: 'HOSPITAL_DISCHARGE', subject: 'ward7', name: 'Ward 7', trustOdsCode: 'R1A' });
    await expect(verifier().verify(`Bearer ${token}`)).resolves.toEqual({
      subject: 'ward7',
      name: 'Ward 7',
      role: 'HOSPITAL_DISCHARGE',
      trustOdsCode: 'R1A',
    });
  });

  test.each([
    [undefined, 'No bearer token'],
    ['', 'No bearer token'],
    ['Basic dXNlcjpwYXNz', 'must be "Bearer <token>"'],
    ['Bearer not.a.jwt', 'The bearer token was refused'],
  ])('refuses %p', async (header, message) => {
    await expect(verifier().verify(header)).rejects.toThrow(message);
  });

  test('refuses a token for another audience', async () => {
    const token = await mintDevToken(key, 'someone-else', { role: 'VIEWER', subject: 'v' });
    await expect(verifier().verify(`Bearer ${token}`)).rejects.toThrow('claim "aud"');
  });

  test('refuses an expired token', async () => {
    const token = await new SignJWT({ role: 'VIEWER' })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer('care-gateway-dev')
      .setAudience('care-gateway')
      .setSubject('v')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 120)
      .sign(key.privateKey);
    await expect(verifier().verify(`Bearer ${token}`)).rejects.toThrow('it has expired');
  });

  test('refuses a token signed by another key', async () => {
    const other = await generateKeyPair('ES256');
    const token = await new SignJWT({ role: 'ADMIN' })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer('care-gateway-dev')
      .setAudience('care-gateway')
      .setSubject('intruder')
      .setExpirationTime('1h')
      .sign(other.privateKey);
    await expect(verifier().verify(`Bearer ${token}`)).rejects.toThrow('signature does not verify');
  });

  test.each([
    [{ role: 'SUPERUSER' }, '"role" claim must be one of'],
    [{ role: 'HOSPITAL_DISCHARGE' }, 'must carry its trust'],
    [{ role: 'HOSPITAL_DISCHARGE', trust: 'not an ods code' }, '"trust" claim must be an ODS code'],
  ])('refuses claims %p', async (claims, message) => {
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer('care-gateway-dev')
      .setAudience('care-gateway')
      .setSubject('s')
      .setExpirationTime('1h')
      .sign(key.privateKey);
    await expect(verifier().verify(`Bearer ${token}`)).rejects.toThrow(UnauthenticatedError);
    await expect(verifier().verify(`Bearer ${token}`)).rejects.toThrow(message);
  });
});

describe('the subject claim', () => {
  test.each([[123], [''], [undefined]])('a token whose sub is %p is refused', async (sub) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'care-gateway-keys-'));
    try {
      const key = await loadOrCreateDevSigningKey(dataDir);
      const token = await new SignJWT({ role: 'VIEWER', ...(sub === undefined ? {} : { sub }) } as Record<string, unknown>)
        .setProtectedHeader({ alg: 'ES256' })
        .setIssuer('care-gateway-dev')
        .setAudience('care-gateway')
        .setExpirationTime('1h')
        .sign(key.privateKey);
      await expect(createTokenVerifier({ mode: 'dev', audience: 'care-gateway' }, key).verify(`Bearer ${token}`)).rejects.toThrow(
        UnauthenticatedError,
      );
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('tokens from a real issuer (JWKS)', () => {
  const issuer = 'https://login.council.example/';
  const jwksUrl = new URL('https://login.council.example/.well-known/jwks.json');

  interceptHttpInThisFile();

  test('verifies against the issuer\'s published keys', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const scope = nock('https://login.council.example').get('/.well-known/jwks.json').reply(200, { keys: [jwk] });
    const token = await new SignJWT({ role: 'HUB_COORDINATOR', name: 'Alex Morgan' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(issuer)
      .setAudience('care-gateway')
      .setSubject('alex.morgan')
      .setExpirationTime('10m')
      .sign(privateKey);
    const verifier = createTokenVerifier({ mode: 'jwks', issuer, jwksUrl, audience: 'care-gateway' }, null);
    await expect(verifier.verify(`Bearer ${token}`)).resolves.toMatchObject({ subject: 'alex.morgan', role: 'HUB_COORDINATOR' });
    expect(scope.isDone()).toBe(true);
  });

  test('an unreachable issuer is "unavailable", not the caller\'s fault', async () => {
    nock('https://login.council.example').get('/.well-known/jwks.json').reply(503, 'down');
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ role: 'VIEWER' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k9' })
      .setIssuer(issuer)
      .setAudience('care-gateway')
      .setSubject('v')
      .setExpirationTime('10m')
      .sign(privateKey);
    const verifier = createTokenVerifier({ mode: 'jwks', issuer, jwksUrl, audience: 'care-gateway' }, null);
    await expect(verifier.verify(`Bearer ${token}`)).rejects.toThrow(AuthUnavailableError);
  });
});
