import { DEV_ALLOWED_ORIGINS, isAllowedOrigin, parseAllowedOrigins } from '../../src/config/allowed-origins.js';
import { loadConfig } from '../../src/config.js';

describe('CORS_ORIGINS', () => {
  test('takes exact origins as browsers send them, trimmed, once each', () => {
    expect(parseAllowedOrigins(' https://hub.example.gov.uk , http://localhost:5173,https://hub.example.gov.uk,')).toEqual([
      'https://hub.example.gov.uk',
      'http://localhost:5173',
    ]);
    expect(parseAllowedOrigins('http://[::1]:*,https://board.example:8443')).toEqual(['http://[::1]:*', 'https://board.example:8443']);
  });

  test.each([
    ['*', 'is not an origin'],
    ['hub.example.gov.uk', 'is not an origin'],
    ['null', 'is not an origin'],
    ['ftp://hub.example', 'is not an http or https origin'],
    ['https://hub.example/', 'as a browser sends it (no path, lower case, no default port): "https://hub.example"?'],
    ['https://hub.example/board', '"https://hub.example"?'],
    ['https://Hub.Example', '"https://hub.example"?'],
    ['https://hub.example:443', '"https://hub.example"?'],
    ['https://someone@hub.example', '"https://hub.example"?'],
    ['https://hub.example:*', 'any port (:*) is allowed only on localhost, 127.0.0.1 or [::1]'],
    ['http://localhost:5173:*', 'names a port and any port (:*): one or the other'],
  ])('refuses %s, saying what is wrong', (entry, why) => {
    expect(() => parseAllowedOrigins(`https://fine.example,${entry}`)).toThrow(`CORS_ORIGINS: "${entry}"`);
    expect(() => parseAllowedOrigins(entry)).toThrow(why);
  });

  test('matches an origin exactly, and a loopback host on any port where :* says so', () => {
    const allowed = parseAllowedOrigins('https://hub.example.gov.uk,http://localhost:*');
    expect(isAllowedOrigin('https://hub.example.gov.uk', allowed)).toBe(true);
    expect(isAllowedOrigin('http://localhost:5173', allowed)).toBe(true);
    expect(isAllowedOrigin('http://localhost', allowed)).toBe(true);
    for (const stranger of [
      'http://hub.example.gov.uk',
      'https://hub.example.gov.uk:8443',
      'https://hub.example.gov.uk.evil.example',
      'https://evil.example',
      'http://localhost.evil.example',
      'http://localhost:5173.evil.example',
      'http://localhost:',
      'http://localhost:0',
      'http://127.0.0.1:5173',
      'https://localhost:5173',
      'null',
      'https://hub.example.gov.uk, https://evil.example',
    ]) {
      expect([stranger, isAllowedOrigin(stranger, allowed)]).toEqual([stranger, false]);
    }
  });

  test('none by default; the embedded dev start allows loopback pages on any port', () => {
    expect(loadConfig({}).corsOrigins).toEqual(DEV_ALLOWED_ORIGINS);
    expect(isAllowedOrigin('http://127.0.0.1:8080', DEV_ALLOWED_ORIGINS)).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production' }).corsOrigins).toEqual([]);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/gw', AUTH_MODE: 'dev' }).corsOrigins).toEqual([]);
    // Set, it replaces the dev start's loopback ports.
    expect(loadConfig({ CORS_ORIGINS: 'https://hub.example.gov.uk' }).corsOrigins).toEqual(['https://hub.example.gov.uk']);
  });

  test('a bad origin stops start-up, naming it', () => {
    expect(() => loadConfig({ CORS_ORIGINS: 'https://hub.example.gov.uk/' })).toThrow('CORS_ORIGINS: "https://hub.example.gov.uk/" is not an origin as a browser sends it');
  });
});
