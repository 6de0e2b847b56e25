/**
 * Review finding (wrong change / data loss): confirming a trust's held A40
 * (resolve-identity-review.ts decideMerge) moves links, referrals, orders
 * and the NHS number onto the trust's survivor, makes the survivor's
 * demographics the council's, and leaves everything else of the council's
 * record (name, date of birth, address, phones, next of kin, communication
 * needs, GP) on the emptied record, reachable by no link and no number. The
 * customer found by the NHS number afterwards is the person as the trust sent
 * them (a stranger trust's survivor included), with none of the council's
 * contacts.
 */
import { segment } from '../adapters/hospital-discharge/hl7v2/synthetic-messages.js';
import { postHl7 } from '../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';
import { adt, knownCustomers, pid } from './review-support.js';

const STRANGER = 'RZZ';
const RECORD = `{ id nhsNumber name { given family } dateOfBirth address { lines postcode } phones { number } contacts { name phone }
  communication { preferredLanguage interpreterRequired notes } gpPractice { odsCode } }`;

describeEachStore('review: a confirmed merge keeps the council\'s record of the person', (kind) => {
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

  test('after CONFIRM, the customer holding the NHS number still has the council\'s demographics and contacts', async () => {
    const [person] = await knownCustomers(gw);
    const hub = await gw.token('HUB_COORDINATOR');
    const before = (await gw.graphql(`query($id: ID!) { customer(id: $id) ${RECORD} }`, { id: person!.id }, hub)).body.data!.customer;
    const feed = await gw.token('SYSTEM', { trust: STRANGER });
    await postHl7(gw.url, feed, adt(STRANGER, 'A40', 'STRAND-1', pid({ mrn: 'RZZ-STRAND', trust: STRANGER, family: 'Stranger', given: 'Sid', dob: '19990101' }), segment('MRG', { 1: `${person!.nhsNumber}^^^NHS^NH` })));
    const review = (await gw.graphql(`{ identityReviews(first: 200) { id kind mergeFrom { id } } }`, {}, hub)).body.data!.identityReviews
      .find((r: any) => r.kind === 'MERGE' && r.mergeFrom?.id === person!.id);
    const confirmed = await gw.graphql(`mutation($id: ID!) { resolveIdentityReview(input: { id: $id, decision: CONFIRM }) { id } }`, { id: review.id }, hub);
    expect(confirmed.body.errors).toBeUndefined();

    const found = (await gw.graphql(`query($n: NHSNumber!) { customerByNhsNumber(nhsNumber: $n) ${RECORD} }`, { n: person!.nhsNumber }, hub)).body.data!.customerByNhsNumber;
    expect({ ...found, id: null }).toEqual({ ...before, id: null });
  });
});
