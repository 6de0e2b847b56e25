import { resolve } from 'node:path';
import { DEFAULT_LIMITS, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  test('defaults run the embedded store with dev tokens and seeding', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 4000,
      host: '127.0.0.1',
      dataDir: resolve('./data'),
      databaseUrl: null,
      seedOnEmptyStore: true,
      printDevTokens: true,
      auth: { mode: 'dev', audience: 'care-gateway' },
      limits: DEFAULT_LIMITS,
    });
  });

  test('a PostgreSQL server is never seeded with synthetic people, nor given dev tokens, unless asked', () => {
    const real = { DATABASE_URL: 'postgres://db/gw', AUTH_ISSUER: 'https://login.example/', AUTH_JWKS_URL: 'https://login.example/keys' };
    expect(loadConfig(real).seedOnEmptyStore).toBe(false);
    expect(loadConfig({ ...real, SEED_ON_EMPTY_STORE: 'true' }).seedOnEmptyStore).toBe(true);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/gw' })).toThrow(
      'AUTH_ISSUER: must be set when DATABASE_URL is set, since a shared store takes real tokens',
    );
    const dev = loadConfig({ DATABASE_URL: 'postgres://db/gw', AUTH_MODE: 'dev' });
    expect(dev.auth.mode).toBe('dev');
    // Dev tokens on a shared store are never printed where logs would collect them, unless asked.
    expect(dev.printDevTokens).toBe(false);
  });

  test('AUTH_ISSUER with AUTH_JWKS_URL verifies real tokens and stops printing dev ones', () => {
    const config = loadConfig({ AUTH_ISSUER: 'https://login.example/', AUTH_JWKS_URL: 'https://login.example/keys' });
    expect(config.auth).toEqual({
      mode: 'jwks',
      issuer: 'https://login.example/',
      jwksUrl: new URL('https://login.example/keys'),
      audience: 'care-gateway',
    });
    expect(config.printDevTokens).toBe(false);
  });

  test.each([
    [{ PORT: 'eighty' }, 'PORT: "eighty" is not a whole number'],
    [{ PORT: '70000' }, 'PORT: 70000 is outside 0..65535'],
    [{ SEED_ON_EMPTY_STORE: 'perhaps' }, 'SEED_ON_EMPTY_STORE: "perhaps" is not true or false'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL: "loud" is not one of'],
    [{ DATABASE_SCHEMA: 'Council-1' }, 'DATABASE_SCHEMA: "Council-1" must be'],
    [{ AUTH_ISSUER: 'https://login.example/' }, 'AUTH_JWKS_URL: must be set for real tokens'],
    [{ AUTH_MODE: 'jwks' }, 'AUTH_ISSUER: must be set for real tokens'],
    [{ AUTH_MODE: 'dev', AUTH_ISSUER: 'https://login.example/' }, 'AUTH_MODE: is dev, but AUTH_ISSUER is set'],
    [{ AUTH_MODE: 'maybe' }, 'AUTH_MODE: "maybe" is not one of dev, jwks'],
    [{ AUTH_ISSUER: 'x', AUTH_JWKS_URL: 'not a url' }, 'AUTH_JWKS_URL: "not a url" is not a URL'],
    [{ MAX_BODY_BYTES: '10' }, 'MAX_BODY_BYTES: 10 is outside'],
  ])('refuses %p, naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
