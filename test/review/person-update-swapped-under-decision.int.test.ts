/**
 * Review finding (wrong change): a person update review holds the sender's
 * LATEST message, and acceptPersonUpdate takes its fields by review id alone.
 * A trust whose difference a coordinator is looking at can send another A08
 * before the coordinator presses accept: the council's record then takes
 * values the coordinator never saw. The decision should be bound to what was
 * shown (a version, or the values), or refused when the review moved on.
 */
import { postHl7 } from '../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';
import { adt, knownCustomers, pid } from './review-support.js';

const STRANGER = 'RZZ';

describeEachStore('review: a person update accepted is what the coordinator saw', (kind) => {
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

  test('a later A08 from the trust does not change what an accept on the open review writes', async () => {
    const [person] = await knownCustomers(gw);
    const hub = await gw.token('HUB_COORDINATOR');
    const feed = await gw.token('SYSTEM', { trust: STRANGER });
    const send = (control: string, street: string) =>
      postHl7(gw.url, feed, adt(STRANGER, 'A08', control, pid({ mrn: 'RZZ-SWAP', trust: STRANGER, nhsNumber: person!.nhsNumber, family: person!.name.family, given: person!.name.given, address: `${street}^^Testville^^LS1 4AP^GBR^H` })));

    expect((await send('SWAP-1', '1 Honest Street')).acks[0]!.code).toBe('AA');
    const reviews = (await gw.graphql(`{ personUpdateReviews(first: 100) { id customer { id } sentPerson { address { lines } } differences } }`, {}, hub)).body.data!.personUpdateReviews;
    const shown = reviews.find((r: any) => r.customer.id === person!.id);
    // What the coordinator looks at and decides to take.
    expect(shown.sentPerson.address.lines).toEqual(['1 Honest Street']);
    expect(shown.differences).toContain('ADDRESS');

    // Meanwhile the trust sends something else.
    expect((await send('SWAP-2', '66 Mallory Road')).acks[0]!.code).toBe('AA');

    const accepted = await gw.graphql(`mutation($input: AcceptPersonUpdateInput!) { acceptPersonUpdate(input: $input) { id } }`, { input: { reviewId: shown.id, fields: ['ADDRESS'] } }, hub);
    const after = (await gw.graphql(`query($id: ID!) { customer(id: $id) { address { lines } } }`, { id: person!.id }, hub)).body.data!.customer;
    // Either the accept is refused as stale, or it writes what was shown: never what the coordinator did not see.
    expect({ accepted: accepted.body.errors === undefined, lines: after.address.lines }).not.toEqual({ accepted: true, lines: ['66 Mallory Road'] });
  });
});
