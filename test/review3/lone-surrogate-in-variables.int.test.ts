/**
 * Review 3 finding (5xx): a GraphQL variable holding half of a UTF-16
 * surrogate pair (`"\ud800"` in the JSON body, which JSON.parse turns into a
 * lone surrogate) is not refused up front like a NUL character is
 * (src/server/plugins/use-check-variables.ts checks NUL only). It reaches
 * jsonb, which refuses it deep in the store:
 *
 * - triageReferral's reason goes into referrals.triage (jsonb)
 *   (src/referrals/referral-repository.ts referralToRow): the mutation is an
 *   INTERNAL_SERVER_ERROR;
 * - searchCustomers' text goes into the SEARCH look's criteria (jsonb)
 *   (src/audit/audit-log.ts): the whole request is a 503 AUDIT_UNAVAILABLE,
 *   as if the audit store were down.
 *
 * docs/security.md "Bad input": no input is answered with a 5xx; GraphQL
 * request errors are 4xx with a code. src/store/storable-text.ts knows the
 * problem for feed messages, but nothing applies it to GraphQL input.
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
    expect(response.status).toBeLessThan(500);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('searchCustomers with text holding \\ud800 is refused as bad input, not 503 AUDIT_UNAVAILABLE', async () => {
    const hub = await gw.token('HUB_COORDINATOR');
    const response = await gw.graphql(`query($text: String!) { searchCustomers(text: $text, first: 5) { totalCount } }`, { text: 'Smith\ud800' }, hub);
    expect(response.status).toBeLessThan(500);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
