/**
 * The GraphQL over HTTP conformance audit (graphql-http) against the running
 * gateway, with a valid token on every request: every MUST holds.
 */
import { serverAudits } from 'graphql-http';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, type TestStorePlace } from '../support/stores.js';

describe('GraphQL over HTTP conformance', () => {
  let place: TestStorePlace;
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    place = await createTestStorePlace('pglite');
    gw = await startTestGateway(place);
    token = await gw.token('VIEWER');
  });
  afterAll(async () => {
    await gw.stop();
    await place.remove();
  });

  test('every MUST audit passes', async () => {
    const authorisedFetch = (input: Parameters<typeof fetch>[0], init: RequestInit = {}) =>
      fetch(input, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` } });
    const audits = serverAudits({ url: `${gw.url}/graphql`, fetchFn: authorisedFetch });
    const failures: string[] = [];
    for (const audit of audits) {
      const result = await audit.fn();
      if (audit.name.startsWith('MUST') && result.status !== 'ok') failures.push(`${audit.name}: ${result.reason}`);
    }
    expect(audits.filter((audit) => audit.name.startsWith('MUST')).length).toBeGreaterThan(10);
    expect(failures).toEqual([]);
  });
});
