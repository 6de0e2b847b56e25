/**
 * A GraphQL variable holding half of a UTF-16 surrogate pair (`"\ud800"` in
 * the JSON body, which JSON.parse turns into a lone surrogate) is refused up
 * front as a NUL character is: jsonb cannot hold it, so it would otherwise
 * fail deep in the store (a triage reason, a search's audited criteria).
 */
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';

describeEachStore('a lone surrogate in a GraphQL variable', (kind) => {
  let place: TestStorePlace;
  let gw: TestGateway;

  beforeAll(async () => {
    place = await createTestStorePlace(kind);
    gw = await startTestGateway(place);
  });
  afterAll(async () => {
    await gw.stop();
    await place.remove();
  });

  test('triageReferral with a reason holding \\ud800 is refused as bad input, not an internal error', async () => {
    const hub = await gw.token('HUB_COORDINATOR');
    const id = await gw.firstReferralId('RECEIVED');
    const response = await gw.graphql(
      `mutation($id: ID!, $reason: String!) { triageReferral(input: { referralId: $id, pathway: PATHWAY_1, priority: HIGH, reason: $reason }) { id } }`,
      { id, reason: 'needs carers \ud800 twice a day' },
      hub,
    );
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'LONE_SURROGATE' });
  });

  test('searchCustomers with text holding \\ud800 is refused as bad input, not 503 AUDIT_UNAVAILABLE', async () => {
    const hub = await gw.token('HUB_COORDINATOR');
    const response = await gw.graphql(`query($text: String!) { searchCustomers(text: $text, first: 5) { totalCount } }`, { text: 'Smith\ud800' }, hub);
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'LONE_SURROGATE' });
  });
});
