/**
 * A trust's own patient, made from its messages without an NHS number, is
 * sent again once its PAS has traced one (A08 with PID-32 NSTS01): the
 * number is added to that patient, not made into a second customer that
 * takes the link and leaves the referral behind.
 */
import { postHl7 } from '../../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../../support/stores.js';
import { adt, pid, pv1 } from '../../support/trust-adt.js';

const TRUST = 'RZZ';
// Test range, valid check digit; the synthetic hub's numbers are 999 1xx xxx x.
const TRACED = '9990000018';

describeEachStore('a trust\'s traced NHS number is added to its own patient', (kind) => {
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

  test('A01 without a number, then A08 with the traced number: one customer, with the number and the referral', async () => {
    const feed = await gw.token('SYSTEM', { trust: TRUST });
    const hub = await gw.token('HUB_COORDINATOR');
    expect((await gw.graphql(`{ customerByNhsNumber(nhsNumber: "${TRACED}") { id } }`, {}, hub)).body.data!.customerByNhsNumber).toBeNull();
    const person = (nhsNumber?: string) => pid({ mrn: 'RZZ-TRACE', trust: TRUST, nhsNumber, family: 'Tracewell', given: 'Tess' });
    expect((await postHl7(gw.url, feed, adt(TRUST, 'A01', 'TRACE-1', person(), pv1('TRACE-SPELL')))).acks[0]!.code).toBe('AA');
    expect((await postHl7(gw.url, feed, adt(TRUST, 'A08', 'TRACE-2', person(TRACED)))).acks[0]!.code).toBe('AA');

    const { body } = await gw.graphql(`{ searchCustomers(text: "Tracewell", first: 10) { edges { node { id nhsNumber identities { localId } referrals { totalCount } } } } }`, {}, hub);
    expect(body.data!.searchCustomers.edges.map((e: any) => e.node)).toEqual([
      { id: expect.any(String), nhsNumber: TRACED, identities: [{ localId: 'RZZ-TRACE' }], referrals: { totalCount: 1 } },
    ]);
  });
});
