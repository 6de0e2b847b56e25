import { resolve } from 'node:path';
import { DEFAULT_LIMITS, DEFAULT_OUTBOX, DEFAULT_TOKEN_LIMITS, loadConfig, SETTINGS, type Setting } from '../../src/config.js';
import { ConfigError, ConfigErrors } from '../../src/errors.js';
import { DEFAULT_DISPATCHER_OPTIONS } from '../../src/outbox/outbox-dispatcher.js';

const REAL_SUPPLIER = {
  SUPPLIER_URL: 'https://supplier.example/api',
  SUPPLIER_CALLBACK_SECRET: 'a-secret-agreed-with-the-supplier',
  KEY_SAFE_KEY: Buffer.alloc(32, 7).toString('base64'),
};

const REAL_RECORDS = {
  CARE_RECORDS: 'LAS=https://las.example/api',
  CARE_RECORDS_API_KEY: 'las-key',
  COMMUNITY_HEALTH_URL: 'https://community.example/fhir/R4',
  COMMUNITY_HEALTH_API_KEY: 'community-key',
};

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
    const real = { DATABASE_URL: 'postgres://db/gw', AUTH_ISSUER: 'https://login.example/', AUTH_JWKS_URL: 'https://login.example/keys', ...REAL_SUPPLIER, ...REAL_RECORDS };
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

  test('a real deployment orders from the real supplier, with the callback secret and a key safe key set', () => {
    const real = { DATABASE_URL: 'postgres://db/gw', AUTH_ISSUER: 'https://login.example/', AUTH_JWKS_URL: 'https://login.example/keys', ...REAL_RECORDS };
    expect(() => loadConfig(real)).toThrow('SUPPLIER_URL: must be set when DATABASE_URL is set');
    expect(() => loadConfig({ ...real, SUPPLIER_URL: 'https://supplier.example/api' })).toThrow('SUPPLIER_CALLBACK_SECRET: must be set with SUPPLIER_URL');
    expect(() => loadConfig({ ...real, SUPPLIER_URL: REAL_SUPPLIER.SUPPLIER_URL, SUPPLIER_CALLBACK_SECRET: REAL_SUPPLIER.SUPPLIER_CALLBACK_SECRET })).toThrow('KEY_SAFE_KEY: must be set when DATABASE_URL is set');
    const config = loadConfig({ ...real, ...REAL_SUPPLIER, EQUIPMENT_COORDINATOR_LIMIT: '750' });
    expect(config.equipment).toMatchObject({ supplierUrl: new URL('https://supplier.example/api'), coordinatorLimitPence: 75_000 });
    // The embedded default runs the simulator.
    expect(loadConfig({}).equipment).toMatchObject({ supplierUrl: null, callbackSecret: null, keySafeKey: null, coordinatorLimitPence: 50_000 });
    expect(() => loadConfig({ SUPPLIER_DELIVERY_SPEEDS: '[{"code":"next day"}]' })).toThrow('SUPPLIER_DELIVERY_SPEEDS');
  });

  test('a real deployment reads and refers to the real record systems and community health, each with its key, never a simulator', () => {
    const real = { DATABASE_URL: 'postgres://db/gw', AUTH_ISSUER: 'https://login.example/', AUTH_JWKS_URL: 'https://login.example/keys', ...REAL_SUPPLIER, ...REAL_RECORDS };
    const without = (name: keyof typeof REAL_RECORDS) => Object.fromEntries(Object.entries(real).filter(([key]) => key !== name));
    expect(() => loadConfig(without('CARE_RECORDS'))).toThrow('CARE_RECORDS: must be set when DATABASE_URL is set: a real deployment reads and refers to the real record systems');
    expect(() => loadConfig(without('CARE_RECORDS_API_KEY'))).toThrow('CARE_RECORDS_API_KEY: must be set with CARE_RECORDS');
    expect(() => loadConfig(without('COMMUNITY_HEALTH_URL'))).toThrow('COMMUNITY_HEALTH_URL: must be set when DATABASE_URL is set');
    expect(() => loadConfig(without('COMMUNITY_HEALTH_API_KEY'))).toThrow('COMMUNITY_HEALTH_API_KEY: must be set with COMMUNITY_HEALTH_URL');
    expect(loadConfig(real).communityHealth).toEqual({ url: new URL('https://community.example/fhir/R4'), apiKey: 'community-key' });
    // Dev tokens on a shared store (a test or a demo) may still run the simulators.
    expect(loadConfig({ DATABASE_URL: 'postgres://db/gw', AUTH_MODE: 'dev' }).careRecords.systems).toBeNull();
  });

  test('AUTH_ISSUER with AUTH_JWKS_URL verifies real tokens and stops printing dev ones', () => {
    const config = loadConfig({ AUTH_ISSUER: 'https://login.example/', AUTH_JWKS_URL: 'https://login.example/keys' });
    expect(config.auth).toEqual({
      mode: 'jwks',
      issuer: 'https://login.example/',
      jwksUrl: new URL('https://login.example/keys'),
      audience: 'care-gateway',
      tokenLimits: { maxLifetimeSeconds: 43_200, maxMachineLifetimeSeconds: 86_400, clockSkewSeconds: 30 },
    });
    expect(config.printDevTokens).toBe(false);
  });

  test('NODE_ENV=production, and nothing else, is production: no introspection, no schema hints', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).production).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development' }).production).toBe(false);
    expect(loadConfig({}).production).toBe(false);
  });

  test('token lifetimes are durations with a unit, the clock skew seconds', () => {
    const { tokenLimits } = loadConfig({ AUTH_MAX_TOKEN_LIFETIME: '30m', AUTH_MAX_MACHINE_TOKEN_LIFETIME: '7d', AUTH_CLOCK_SKEW_SECONDS: '5' }).auth;
    expect(tokenLimits).toEqual({ maxLifetimeSeconds: 1_800, maxMachineLifetimeSeconds: 604_800, clockSkewSeconds: 5 });
  });

  test('the referral reopen window is a duration, four weeks unless set', () => {
    expect(loadConfig({}).referrals.reopenWindowSeconds).toBe(28 * 86_400);
    expect(loadConfig({ REFERRAL_REOPEN_WINDOW: '14d' }).referrals.reopenWindowSeconds).toBe(14 * 86_400);
  });

  test("the hub's response targets are the same London day unless set to a duration", () => {
    expect(loadConfig({}).referrals.targets).toEqual({ triage: { kind: 'SAME_DAY' }, decision: { kind: 'SAME_DAY' } });
    expect(loadConfig({ PERFORMANCE_TRIAGE_TARGET: '4h', PERFORMANCE_DECISION_TARGET: '2d' }).referrals.targets).toEqual({
      triage: { kind: 'WITHIN', seconds: 4 * 3_600 },
      decision: { kind: 'WITHIN', seconds: 2 * 86_400 },
    });
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
    [{ QUERY_MAX_TOKENS: '50000' }, 'QUERY_MAX_TOKENS: 50000 is outside 100..10000'],
    [{ AUTH_MAX_TOKEN_LIFETIME: '12' }, 'AUTH_MAX_TOKEN_LIFETIME: "12" is not a duration: a whole number and s, m, h or d (30m, 12h)'],
    [{ AUTH_MAX_TOKEN_LIFETIME: '31d' }, 'AUTH_MAX_TOKEN_LIFETIME: 31d is outside 1m..30d'],
    [{ AUTH_MAX_MACHINE_TOKEN_LIFETIME: '30s' }, 'AUTH_MAX_MACHINE_TOKEN_LIFETIME: 30s is outside 1m..30d'],
    [{ AUTH_CLOCK_SKEW_SECONDS: '600' }, 'AUTH_CLOCK_SKEW_SECONDS: 600 is outside 0..300'],
    [{ REFERRAL_REOPEN_WINDOW: '400d' }, 'REFERRAL_REOPEN_WINDOW: 400d is outside 1m..366d'],
    [{ PERFORMANCE_TRIAGE_TARGET: 'same day' }, 'PERFORMANCE_TRIAGE_TARGET: "same day" must be `SAME_DAY` or a duration'],
    [{ PERFORMANCE_DECISION_TARGET: '4' }, 'PERFORMANCE_DECISION_TARGET: "4" must be `SAME_DAY` or a duration'],
    // Its seconds would overflow the integer the figures' SQL takes.
    [{ PERFORMANCE_TRIAGE_TARGET: '30000d' }, 'PERFORMANCE_TRIAGE_TARGET: "30000d" must be `SAME_DAY` or a duration of up to 999 days'],
  ])('refuses %p, naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('the table of settings', () => {
  test('every bad setting is reported at once, one line each', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', QUERY_MAX_TOKENS: '50000', CARE_RECORDS: 'RIO=https://rio.example' });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigErrors);
    expect((error as ConfigErrors).message.split('\n')).toEqual([
      '4 settings are wrong:',
      '  PORT: "eighty" is not a whole number',
      '  QUERY_MAX_TOKENS: 50000 is outside 100..10000',
      '  LOG_LEVEL: "loud" is not one of fatal, error, warn, info, debug, trace, silent',
      '  CARE_RECORDS: "RIO" is not LAS or CAREFIRST',
    ]);
    expect((error as ConfigErrors).details).toEqual({ variables: ['PORT', 'QUERY_MAX_TOKENS', 'LOG_LEVEL', 'CARE_RECORDS'] });
  });

  test('a value that cannot be read is not reported again as missing', () => {
    expect(() => loadConfig({ AUTH_ISSUER: 'https://login.example/', AUTH_JWKS_URL: 'keys' })).toThrow(new ConfigError('AUTH_JWKS_URL', '"keys" is not a URL'));
  });

  test('a secret is never repeated back, even when it is wrong', () => {
    const secret = 'short-secret';
    const refused = () => loadConfig({ SUPPLIER_URL: 'https://supplier.example/api', SUPPLIER_CALLBACK_SECRET: secret, PORT: secret });
    expect(refused).toThrow('SUPPLIER_CALLBACK_SECRET: must be at least 16 characters');
    expect(refused).toThrow(`PORT: "${secret}" is not a whole number`);
    expect(refused).not.toThrow(new RegExp(`SUPPLIER_CALLBACK_SECRET.*${secret}`));
    const secrets = Object.entries(SETTINGS).filter(([, setting]: [string, Setting]) => setting.secret === true);
    expect(secrets.map(([name]) => name)).toEqual(expect.arrayContaining(['DATABASE_URL', 'KEY_SAFE_KEY', 'SUPPLIER_API_KEY', 'CARE_RECORDS_API_KEY']));
  });

  test('the defaults other modules use are the table\'s', () => {
    const defaults = loadConfig({});
    expect(DEFAULT_OUTBOX).toEqual(defaults.outbox);
    expect(DEFAULT_DISPATCHER_OPTIONS).toMatchObject(defaults.outbox);
    expect(DEFAULT_TOKEN_LIMITS).toEqual(defaults.auth.tokenLimits);
    expect(defaults.port).toBe(SETTINGS.PORT.default);
    expect(defaults.feeds.mllpPort).toBe(SETTINGS.MLLP_PORT.default);
  });
});
