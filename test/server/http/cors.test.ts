import { corsResponseHeaders, preflight } from '../../../src/server/http/cors.js';

const ALLOWED = ['https://hub.example.gov.uk', 'http://localhost:*'];

function accessControl(headers: Readonly<Record<string, string>>): string[] {
  return Object.keys(headers).filter((name) => name.startsWith('access-control-'));
}

describe('CORS headers for /graphql', () => {
  test('a preflight from an allowed origin names it, the methods and the headers a bearer-token client sends', () => {
    const answer = preflight('http://localhost:5173', ALLOWED);
    expect(answer.allowed).toBe(true);
    expect(answer.headers).toMatchObject({
      vary: 'Origin',
      'access-control-allow-origin': 'http://localhost:5173',
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-max-age': '600',
    });
    const allowedHeaders = answer.headers['access-control-allow-headers']!.split(', ');
    for (const header of ['authorization', 'content-type', 'accept', 'apollo-require-preflight', 'x-apollo-operation-name', 'x-graphql-event-stream-token']) {
      expect(allowedHeaders).toContain(header);
    }
    // Bearer tokens, never cookies: no credentials mode.
    expect(answer.headers).not.toHaveProperty('access-control-allow-credentials');
  });

  test('a preflight from any other origin gets no Access-Control-* header, and a reason naming the origin', () => {
    const answer = preflight('https://evil.example', ALLOWED);
    expect(answer).toMatchObject({ allowed: false, message: expect.stringContaining('https://evil.example') });
    expect(accessControl(answer.headers)).toEqual([]);
    expect(accessControl(preflight('http://localhost:5173', []).headers)).toEqual([]);
  });

  test('an actual response to an allowed origin echoes it and lets the page read the request id', () => {
    expect(corsResponseHeaders('https://hub.example.gov.uk', ALLOWED)).toEqual({
      vary: 'Origin',
      'access-control-allow-origin': 'https://hub.example.gov.uk',
      'access-control-expose-headers': 'x-request-id',
    });
  });

  test('an actual response to another origin, or to no browser at all, varies by Origin and allows nothing', () => {
    expect(corsResponseHeaders('https://evil.example', ALLOWED)).toEqual({ vary: 'Origin' });
    expect(corsResponseHeaders(undefined, ALLOWED)).toEqual({ vary: 'Origin' });
  });
});
