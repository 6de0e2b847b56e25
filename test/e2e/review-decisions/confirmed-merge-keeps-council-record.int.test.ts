/**
 * A coordinator confirms a trust's held A40 that names a council customer's
 * NHS number: the council's record (its demographics, phones, next of kin,
 * communication needs, GP) is what the NHS number finds afterwards, not the
 * person as the trust sent them.
 */
import { segment } from '../../adapters/hospital-discharge/hl7v2/synthetic-messages.js';
import { postHl7 } from '../../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../../support/stores.js';
import { knownCustomers } from '../../support/known-customers.js';
import { adt, pid } from '../../support/trust-adt.js';

const STRANGER = 'RZZ';
const RECORD = `{ id nhsNumber name { given family } dateOfBirth address { lines postcode } phones { number } contacts { name phone }
  communication { preferredLanguage interpreterRequired notes } gpPractice { odsCode } }`;

describeEachStore('a confirmed merge keeps the council\'s record of the person', (kind) => {
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
