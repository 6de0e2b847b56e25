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

  test('a PostgreSQL server is never seeded with synthetic people unless asked', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://db/gw' }).seedOnEmptyStore).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/gw', SEED_ON_EMPTY_STORE: 'true' }).seedOnEmptyStore).toBe(true);
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
    [{ AUTH_ISSUER: 'https://login.example/' }, 'AUTH_JWKS_URL: must be set when AUTH_ISSUER is'],
    [{ AUTH_ISSUER: 'x', AUTH_JWKS_URL: 'not a url' }, 'AUTH_JWKS_URL: "not a url" is not a URL'],
    [{ MAX_BODY_BYTES: '10' }, 'MAX_BODY_BYTES: 10 is outside'],
  ])('refuses %p, naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
