/**
 * When one of a trust's links to a customer moves away (a coordinator
 * separates it, or a verified number proves it someone else), the trust's
 * update sent under its other, sure link to the customer stays offered to
 * the hub: nothing disproved it. (An update sent under the moved link, or
 * with no other link left, is withdrawn: disproved-link-moves-referral.)
 */
import { knownCustomers } from '../../support/known-customers.js';
import { postHl7 } from '../../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../../support/stores.js';
import { adt, pid, pv1 } from '../../support/trust-adt.js';

const TRUST = 'RZZ';

describeEachStore("a trust's other link moving away from a customer", (kind) => {
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

  async function setUp(tag: string, which: number) {
    const hub = await gw.token('HUB_COORDINATOR');
    const feed = await gw.token('SYSTEM', { trust: TRUST });
    const known = (await knownCustomers(gw)).filter((c) => c.name.given);
    const customer = known[which]!;
    const other = known.find((c) => c.id !== customer.id && c.nhsNumber !== customer.nhsNumber)!;
    const details = (await gw.graphql(`query($id: ID!) { customer(id: $id) { dateOfBirth } }`, { id: customer.id }, hub)).body.data!.customer;
    const dob = details.dateOfBirth.replaceAll('-', '');
    const person = (mrn: string, street: string, nhsNumber?: string) =>
      pid({ mrn, trust: TRUST, nhsNumber, family: customer.name.family, given: customer.name.given, dob, address: `${street}^^Town^^${customer.address.postcode}^GBR^H` });
    const ack = async (control: string, ...segments: string[]) =>
      (await postHl7(gw.url, feed, adt(TRUST, segments.length > 1 ? 'A01' : 'A08', control, ...segments))).acks[0]!.code;

    // The trust's own patient record of the customer, traced: a sure link.
    expect(await ack(`${tag}-1`, person(`${tag}-SURE`, customer.address.lines[0] ?? '1 Any Road', customer.nhsNumber), pv1(`${tag}-SPELL-1`))).toBe('AA');
    // The trust says the customer moved: the record is the council's, so the hub is offered it.
    expect(await ack(`${tag}-2`, person(`${tag}-SURE`, '99 New Street', customer.nhsNumber))).toBe('AA');
    const offered = async () =>
      (await gw.graphql(`{ personUpdateReviews(first: 200) { id sender { odsCode } customer { id } } }`, {}, hub)).body.data!.personUpdateReviews
        .filter((r: any) => r.customer.id === customer.id && r.sender.odsCode === TRUST);
    expect(await offered()).toHaveLength(1);
    // A second patient record of the trust matches the customer's demographics only: a guessed link, for review.
    expect(await ack(`${tag}-3`, person(`${tag}-GUESS`, '99 New Street'), pv1(`${tag}-SPELL-2`))).toBe('AA');
    const review = (await gw.graphql(`{ identityReviews(first: 200) { id kind identity { localId } } }`, {}, hub)).body.data!.identityReviews
      .find((r: any) => r.kind === 'LINK' && r.identity.localId === `${tag}-GUESS`);
    expect(review).toBeDefined();
    return { hub, customer, other, person, ack, offered, review };
  }

  test('a coordinator separating the guessed link leaves the sure link\'s update offered', async () => {
    const { hub, offered, review } = await setUp('RZZ-SEP', 0);
    const separated = await gw.graphql(`mutation($id: ID!) { resolveIdentityReview(input: { id: $id, decision: SEPARATE }) { id } }`, { id: review.id }, hub);
    expect(separated.body.errors).toBeUndefined();
    // Nothing disproved the traced record: its news of the customer still waits for the hub.
    expect(await offered()).toHaveLength(1);
  });

  test('a verified number moving the guessed link elsewhere leaves the sure link\'s update offered', async () => {
    const { other, person, ack, offered } = await setUp('RZZ-MOV', 1);
    expect(await ack('RZZ-MOV-4', person('RZZ-MOV-GUESS', '99 New Street', other.nhsNumber))).toBe('AA');
    expect(await offered()).toHaveLength(1);
  });
});
