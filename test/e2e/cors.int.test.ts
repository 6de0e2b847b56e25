/**
 * CORS through the real server: a browser page on an allowed origin may call
 * /graphql (preflight and actual requests, errors included); any other origin
 * is told nothing; feeds and webhooks never answer a browser.
 */
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, type TestStorePlace } from '../support/stores.js';

const HUB_PAGE = 'https://hub.example.gov.uk';

function preflightFrom(gw: TestGateway, path: string, origin: string): Promise<Response> {
  return fetch(`${gw.url}${path}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
  });
}

function postFrom(gw: TestGateway, path: string, origin: string, body: string, token?: string): Promise<Response> {
  return fetch(`${gw.url}${path}`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
}

function accessControlHeaders(response: Response): string[] {
  return [...response.headers.keys()].filter((name) => name.startsWith('access-control-'));
}

const VIEWER_QUERY = JSON.stringify({ query: '{ viewer { role } }' });

describe('CORS with CORS_ORIGINS set', () => {
  let place: TestStorePlace;
  let gw: TestGateway;

  beforeAll(async () => {
    place = await createTestStorePlace('pglite');
    gw = await startTestGateway(place, { CORS_ORIGINS: HUB_PAGE, MAX_BODY_BYTES: '1024' });
  });
  afterAll(async () => {
    await gw.stop();
    await place.remove();
  });

  test('a preflight from an allowed origin is answered 204 with what the page may send', async () => {
    const response = await preflightFrom(gw, '/graphql', HUB_PAGE);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(HUB_PAGE);
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
    expect(response.headers.get('access-control-allow-headers')).toMatch(/\bauthorization\b.*\bcontent-type\b/);
    expect(response.headers.get('access-control-max-age')).toBe('600');
    expect(response.headers.get('vary')).toBe('Origin');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  test('an origin not allowed gets 403 naming it, and no Access-Control-* header', async () => {
    const response = await preflightFrom(gw, '/graphql', 'https://evil.example');
    expect(response.status).toBe(403);
    expect(accessControlHeaders(response)).toEqual([]);
    expect(await response.json()).toEqual({
      errors: [{ message: expect.stringContaining('https://evil.example'), extensions: { code: 'ORIGIN_NOT_ALLOWED' } }],
    });
    // Its actual requests still run (a server-side client sends no Origin), but the browser is not let read them.
    const actual = await postFrom(gw, '/graphql', 'https://evil.example', VIEWER_QUERY, await gw.token('VIEWER'));
    expect(actual.status).toBe(200);
    expect(accessControlHeaders(actual)).toEqual([]);
  });

  test('an OPTIONS with no Origin is not a preflight: still 405', async () => {
    const response = await fetch(`${gw.url}/graphql`, { method: 'OPTIONS' });
    expect(response.status).toBe(405);
    expect(accessControlHeaders(response)).toEqual([]);
  });

  test('a POST with a token from the allowed origin gets its data, readable by the page', async () => {
    const response = await postFrom(gw, '/graphql', HUB_PAGE, VIEWER_QUERY, await gw.token('HUB_COORDINATOR'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { viewer: { role: 'HUB_COORDINATOR' } } });
    expect(response.headers.get('access-control-allow-origin')).toBe(HUB_PAGE);
    expect(response.headers.get('access-control-expose-headers')).toBe('x-request-id');
    expect(response.headers.get('x-request-id')).toBeTruthy();
    expect(response.headers.get('vary')).toBe('Origin');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  test('errors the page must read carry the headers too: 401, 400, 413', async () => {
    const token = await gw.token('VIEWER');
    const cases = [
      { status: 401, response: await postFrom(gw, '/graphql', HUB_PAGE, VIEWER_QUERY) },
      { status: 400, response: await postFrom(gw, '/graphql', HUB_PAGE, '{not json', token) },
      { status: 413, response: await postFrom(gw, '/graphql', HUB_PAGE, JSON.stringify({ query: `{ viewer { role } } #${'x'.repeat(2_000)}` }), token) },
    ];
    for (const { status, response } of cases) {
      expect([response.status, response.headers.get('access-control-allow-origin')]).toEqual([status, HUB_PAGE]);
    }
  });

  test('feeds and the supplier webhook are server-to-server: no CORS, even for an allowed origin', async () => {
    const system = await gw.token('SYSTEM', { trust: 'R1A' });
    for (const path of ['/feeds/hl7v2', '/feeds/fhir', '/webhooks/equipment-supplier']) {
      const preflight = await preflightFrom(gw, path, HUB_PAGE);
      expect([path, preflight.status, accessControlHeaders(preflight)]).toEqual([path, 405, []]);
      const post = await fetch(`${gw.url}${path}`, { method: 'POST', headers: { origin: HUB_PAGE, authorization: `Bearer ${system}` }, body: 'x' });
      expect([path, accessControlHeaders(post), post.headers.get('vary')]).toEqual([path, [], null]);
    }
  });
});

describe('CORS on the embedded dev start', () => {
  let place: TestStorePlace;
  let gw: TestGateway;

  beforeAll(async () => {
    place = await createTestStorePlace('pglite');
    gw = await startTestGateway(place);
  });
  afterAll(async () => {
    await gw.stop();
    await place.remove();
  });

  test('a page on localhost or 127.0.0.1, on any port, may call /graphql; nothing else may', async () => {
    expect(gw.config.corsOrigins).toEqual(['http://localhost:*', 'http://127.0.0.1:*']);
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:8080', 'http://localhost:3000']) {
      const preflight = await preflightFrom(gw, '/graphql', origin);
      expect([origin, preflight.status, preflight.headers.get('access-control-allow-origin')]).toEqual([origin, 204, origin]);
      const post = await postFrom(gw, '/graphql', origin, VIEWER_QUERY, await gw.token('VIEWER'));
      expect([origin, post.status, post.headers.get('access-control-allow-origin')]).toEqual([origin, 200, origin]);
    }
    for (const origin of ['https://localhost:5173', 'http://localhost.evil.example', 'https://hub.example.gov.uk']) {
      const preflight = await preflightFrom(gw, '/graphql', origin);
      expect([origin, preflight.status, accessControlHeaders(preflight)]).toEqual([origin, 403, []]);
    }
  });
});
