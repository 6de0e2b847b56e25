import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import nock from 'nock';
import { loadOrCreateDevSigningKey, mintDevToken, type DevSigningKey } from '../../src/auth/dev-signing-key.js';
import { DEFAULT_TOKEN_LIMITS, type TokenLimits } from '../../src/config.js';
import { AuthUnavailableError, createTokenVerifier } from '../../src/auth/token-verifier.js';
import { UnauthenticatedError } from '../../src/errors.js';
import { interceptHttpInThisFile } from '../support/intercept-http.js';

describe('dev tokens', () => {
  let dataDir: string;
  let key: DevSigningKey;
  const verifier = () => createTokenVerifier({ mode: 'dev', audience: 'care-gateway', tokenLimits: DEFAULT_TOKEN_LIMITS }, key);

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
    await expect(verifier().verify(`Bearer ${token}`)).rejects.toThrow('it has expired ("exp" is past, beyond the clock skew of 30s)');
  });

  describe('times: lifetime, iat, nbf and exp within the clock skew', () => {
    const HOUR = 3_600;
    const YEAR = 365 * 24 * HOUR;
    const NOW = new Date('2026-12-07T09:00:00Z');
    const now = () => NOW.getTime() / 1_000;
    /** A token with exactly these times, offsets in seconds from now; no iat unless given. */
    const tokenWith = (role: string, times: { iat?: number; nbf?: number; exp: number }) => {
      const jwt = new SignJWT({ role, ...(role === 'SYSTEM' ? { trust: 'R1A' } : {}) })
        .setProtectedHeader({ alg: 'ES256' })
        .setIssuer('care-gateway-dev')
        .setAudience('care-gateway')
        .setSubject('s')
        .setExpirationTime(now() + times.exp);
      if (times.iat !== undefined) jwt.setIssuedAt(now() + times.iat);
      if (times.nbf !== undefined) jwt.setNotBefore(now() + times.nbf);
      return jwt.sign(key.privateKey);
    };
    const verify = async (token: string, limits: TokenLimits = DEFAULT_TOKEN_LIMITS) =>
      createTokenVerifier({ mode: 'dev', audience: 'care-gateway', tokenLimits: limits }, key, () => NOW).verify(`Bearer ${token}`);

    test.each([
      ['a person\'s token of exactly 12 hours', 'VIEWER', { iat: 0, exp: 12 * HOUR }],
      ['a machine\'s token of 20 hours', 'SYSTEM', { iat: 0, exp: 20 * HOUR }],
      ['a token issued 20 s ahead (within the skew)', 'VIEWER', { iat: 20, exp: HOUR }],
      ['a token valid from 20 s ahead (within the skew)', 'VIEWER', { iat: 0, nbf: 20, exp: HOUR }],
      ['a token 20 s past its exp (within the skew)', 'VIEWER', { iat: -HOUR, exp: -20 }],
      ['a token without iat and 11 hours to live', 'VIEWER', { exp: 11 * HOUR }],
      ['a token issued 11 hours ago for 12', 'HUB_COORDINATOR', { iat: -11 * HOUR, exp: HOUR }],
    ])('takes %s', async (_name, role, times) => {
      await expect(verify(await tokenWith(role, times))).resolves.toMatchObject({ role });
    });

    test.each([
      ['a century-long token', 'ADMIN', { iat: 0, exp: 100 * YEAR }, /it lives 36500d from "iat" to "exp", over the 12h a person's token may$/],
      ['a person\'s token of 20 hours', 'VIEWER', { iat: 0, exp: 20 * HOUR }, /it lives 20h from "iat" to "exp", over the 12h a person's token may$/],
      ['a machine\'s token of 25 hours', 'SYSTEM', { iat: 0, exp: 25 * HOUR }, /it lives 25h from "iat" to "exp", over the 1d a machine's \(SYSTEM\) token may$/],
      ['a token issued a year ahead', 'VIEWER', { iat: YEAR, exp: YEAR + HOUR }, /its "iat" \(issued at\) is 365d ahead, beyond the clock skew of 30s$/],
      ['a token issued a minute ahead', 'VIEWER', { iat: 60, exp: HOUR }, /its "iat" \(issued at\) is 1m ahead, beyond the clock skew of 30s$/],
      ['a token not valid for an hour yet', 'VIEWER', { iat: 0, nbf: HOUR, exp: 2 * HOUR }, /it is not valid yet \("nbf", not before, is ahead, beyond the clock skew of 30s\)$/],
      ['a token a minute past its exp', 'VIEWER', { iat: -HOUR, exp: -60 }, /it has expired/],
      ['a token without iat and 13 hours to live', 'VIEWER', { exp: 13 * HOUR }, /it has no "iat" and 13h to live, over the 12h a person's token may$/],
      ['a century-long token without iat', 'SYSTEM', { exp: 100 * YEAR }, /it has no "iat" and 36500d to live, over the 1d a machine's \(SYSTEM\) token may$/],
    ])('refuses %s, saying which bound it broke', async (_name, role, times, why) => {
      const refusal = verify(await tokenWith(role, times));
      await expect(refusal).rejects.toThrow(UnauthenticatedError);
      await expect(refusal).rejects.toThrow(why);
    });

    test('the bounds are the configured ones', async () => {
      const limits = { maxLifetimeSeconds: HOUR, maxMachineLifetimeSeconds: 2 * HOUR, clockSkewSeconds: 0 };
      await expect(verify(await tokenWith('VIEWER', { iat: 0, exp: 2 * HOUR }), limits)).rejects.toThrow('over the 1h a person\'s token may');
      await expect(verify(await tokenWith('SYSTEM', { iat: 0, exp: 2 * HOUR }), limits)).resolves.toMatchObject({ role: 'SYSTEM' });
      await expect(verify(await tokenWith('VIEWER', { iat: 5, exp: HOUR }), limits)).rejects.toThrow('beyond the clock skew of 0s');
    });

    test('a dev token minted for the longest a role may live is taken', async () => {
      const person = await mintDevToken(key, 'care-gateway', { role: 'VIEWER', subject: 'v' });
      await expect(verifier().verify(`Bearer ${person}`)).resolves.toMatchObject({ role: 'VIEWER' });
      const machine = await mintDevToken(key, 'care-gateway', { role: 'SYSTEM', subject: 'feed', trustOdsCode: 'R1A', hours: 24 });
      await expect(verifier().verify(`Bearer ${machine}`)).resolves.toMatchObject({ role: 'SYSTEM' });
      const tooLong = await mintDevToken(key, 'care-gateway', { role: 'VIEWER', subject: 'v', hours: 13 });
      await expect(verifier().verify(`Bearer ${tooLong}`)).rejects.toThrow('it lives 13h');
    });
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

describe('the subject and name claims', () => {
  test.each([[123], [''], [undefined], ['x'.repeat(201)], ['nul\u0000'], ['half \ud800']])('a token whose sub is %p is refused', async (sub) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'care-gateway-keys-'));
    try {
      const key = await loadOrCreateDevSigningKey(dataDir);
      const token = await new SignJWT({ role: 'VIEWER', ...(sub === undefined ? {} : { sub }) } as Record<string, unknown>)
        .setProtectedHeader({ alg: 'ES256' })
        .setIssuer('care-gateway-dev')
        .setAudience('care-gateway')
        .setExpirationTime('1h')
        .sign(key.privateKey);
      await expect(createTokenVerifier({ mode: 'dev', audience: 'care-gateway', tokenLimits: DEFAULT_TOKEN_LIMITS }, key).verify(`Bearer ${token}`)).rejects.toThrow(
        UnauthenticatedError,
      );
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the name claim', () => {
  test.each([[42], ['n'.repeat(201)], ['nul\u0000']])('a token whose name is %p is refused; a plain name is taken', async (name) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'care-gateway-keys-'));
    try {
      const key = await loadOrCreateDevSigningKey(dataDir);
      const sign = (claims: Record<string, unknown>) =>
        new SignJWT({ role: 'VIEWER', sub: 'someone', ...claims }).setProtectedHeader({ alg: 'ES256' }).setIssuer('care-gateway-dev').setAudience('care-gateway').setExpirationTime('1h').sign(key.privateKey);
      const verifier = createTokenVerifier({ mode: 'dev', audience: 'care-gateway', tokenLimits: DEFAULT_TOKEN_LIMITS }, key);
      await expect(verifier.verify(`Bearer ${await sign({ name })}`)).rejects.toThrow(UnauthenticatedError);
      await expect(verifier.verify(`Bearer ${await sign({ name: 'Alex Morgan' })}`)).resolves.toMatchObject({ name: 'Alex Morgan' });
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
    const verifier = createTokenVerifier({ mode: 'jwks', issuer, jwksUrl, audience: 'care-gateway', tokenLimits: DEFAULT_TOKEN_LIMITS }, null);
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
    const verifier = createTokenVerifier({ mode: 'jwks', issuer, jwksUrl, audience: 'care-gateway', tokenLimits: DEFAULT_TOKEN_LIMITS }, null);
    await expect(verifier.verify(`Bearer ${token}`)).rejects.toThrow(AuthUnavailableError);
  });
});
