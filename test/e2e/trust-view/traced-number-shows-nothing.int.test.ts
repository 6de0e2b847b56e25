/**
 * A trust cannot probe whether the council knows an NHS number through its
 * own feed: admitting a made-up patient and then "tracing" them to a number
 * moves the referral to the customer holding it, if anyone does, and the
 * trust's view of its referral is the same either way (no CUSTOMER_CHANGED
 * step, no reason, no clock).
 */
import { nhsCheckDigit } from '../../../src/customers/nhs-number.js';
import { postHl7 } from '../../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { knownCustomers } from '../../support/known-customers.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../../support/stores.js';
import { adt, pid, pv1 } from '../../support/trust-adt.js';

const TRUST = 'RZZ';

describeEachStore('a trust probing NHS numbers through its own feed', (kind) => {
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

  async function unusedNhsNumber(): Promise<string> {
    const admin = await gw.token('ADMIN');
    for (let stem = 999_300_000; ; stem++) {
      const check = nhsCheckDigit(String(stem));
      if (check === null) continue;
      const candidate = `${stem}${check}`;
      const { body } = await gw.graphql(`query($n: NHSNumber!) { customerByNhsNumber(nhsNumber: $n) { id } }`, { n: candidate }, admin);
      if (body.data!.customerByNhsNumber === null) return candidate;
    }
  }

  test('the trust sees the same history whether or not the number it traced is known to the council', async () => {
    const known = (await knownCustomers(gw))[0]!;
    const unknown = await unusedNhsNumber();
    const feed = await gw.token('SYSTEM', { trust: TRUST });
    const ward = await gw.token('HOSPITAL_DISCHARGE', { trust: TRUST });

    async function probe(tag: string, nhsNumber: string) {
      const person = (withNumber: boolean) =>
        pid({ mrn: `PROBE-${tag}`, trust: TRUST, family: `Probe${tag}`, given: 'Zed', dob: '19300303', ...(withNumber ? { nhsNumber } : {}) });
      expect((await postHl7(gw.url, feed, adt(TRUST, 'A01', `PROBE-${tag}-1`, person(false), pv1(`PROBE-SPELL-${tag}`)))).acks[0]!.code).toBe('AA');
      expect((await postHl7(gw.url, feed, adt(TRUST, 'A08', `PROBE-${tag}-2`, person(true)))).acks[0]!.code).toBe('AA');
      const { body } = await gw.graphql(`{ referrals(first: 100) { edges { node { hospitalSpell { spellId } history { action reason } } } } }`, {}, ward);
      return body.data!.referrals.edges.map((e: any) => e.node).find((r: any) => r.hospitalSpell?.spellId === `PROBE-SPELL-${tag}`).history;
    }

    const ofUnknown = await probe('A', unknown);
    const ofKnown = await probe('B', known.nhsNumber);
    expect(ofUnknown).toEqual([{ action: 'RECEIVED', reason: null }]);
    expect(ofKnown).toEqual(ofUnknown);
  });
});
