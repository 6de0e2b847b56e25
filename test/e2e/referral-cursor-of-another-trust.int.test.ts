/**
 * A hospital team paging its referrals with another trust's referral id as
 * the cursor is answered as if the id were made up: it learns neither that
 * the referral exists nor when it was received (which of its own come
 * after it).
 */
import { encodeCursor } from '../../src/store/pagination.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';

describeEachStore('a referral cursor of another trust says nothing', (kind) => {
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

  test('R1A paging after R1B\'s referral id is answered as after a made-up id', async () => {
    const hub = await gw.token('HUB_COORDINATOR');
    const theirs = (await gw.graphql(`{ referrals(filter: { trustOdsCode: "R1B" }, first: 1) { edges { node { id } } } }`, {}, hub)).body.data!.referrals.edges[0].node.id;
    const ward = await gw.token('HOSPITAL_DISCHARGE', { trust: 'R1A' });
    const page = (id: string) => gw.graphql(`query($after: String) { referrals(first: 3, after: $after) { edges { node { id receivedAt } } pageInfo { hasNextPage } } }`, { after: encodeCursor(id) }, ward);

    const madeUp = await page('00000000-0000-4000-8000-00000000beef');
    expect(madeUp.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const foreign = await page(theirs);
    expect({ data: foreign.body.data, code: foreign.body.errors?.[0]?.extensions?.code }).toEqual({ data: madeUp.body.data, code: 'BAD_USER_INPUT' });
  });
});
