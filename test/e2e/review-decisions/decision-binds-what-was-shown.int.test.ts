/**
 * A person update review holds the sender's latest message, and its id
 * names what it says: a trust that sends something else while a coordinator
 * looks at its difference gives the review a new id, so the coordinator's
 * accept is refused (NOT_FOUND) rather than writing values nobody saw, and
 * the new difference waits for a decision of its own.
 */
import { postHl7 } from '../../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../../support/stores.js';
import { knownCustomers } from '../../support/known-customers.js';
import { adt, pid } from '../../support/trust-adt.js';

const STRANGER = 'RZZ';

describeEachStore('a person update accepted is what the coordinator saw', (kind) => {
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
    expect(accepted.body.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    const after = (await gw.graphql(`query($id: ID!) { customer(id: $id) { address { lines } } }`, { id: person!.id }, hub)).body.data!.customer;
    expect(after.address.lines).toEqual(person!.address.lines);
    const waiting = (await gw.graphql(`{ personUpdateReviews(first: 100) { id customer { id } sentPerson { address { lines } } } }`, {}, hub)).body.data!.personUpdateReviews
      .filter((r: any) => r.customer.id === person!.id);
    expect(waiting).toEqual([{ id: expect.not.stringMatching(shown.id), customer: { id: person!.id }, sentPerson: { address: { lines: ['66 Mallory Road'] } } }]);
  });
});
