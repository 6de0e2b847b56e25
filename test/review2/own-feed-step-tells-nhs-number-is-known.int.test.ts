/**
 * Review 2 finding (leak): a trust's feed learns whether the council (or any
 * other trust) knows an NHS number, from its own referral's history.
 *
 * The trust admits a made-up patient under its own hospital number with no NHS
 * number (a new customer of its own), then sends an A08 for the same hospital
 * number with a "traced" NHS number (PID-32 NSTS01). Where no customer holds
 * that number, it is added to the trust's own patient and nothing shows.
 * Where some customer holds it, the link moves there and the trust's referral
 * gets a CUSTOMER_CHANGED step made by the trust's own feed actor, which
 * showsHistoryStep (src/auth/policy.ts) lets the trust see, with its reason
 * ("the trust's verified NHS number shows the patient is another customer",
 * PROVED_ELSEWHERE in src/referrals/discharge-intake.ts, via followMovedLinks
 * -> moveReferralsToCustomer in src/customers/merge-customers.ts).
 *
 * So any NHS number can be probed, one throwaway patient each: a membership
 * oracle for "is this person known to adult social care", which is exactly
 * what commit 09d1810 gives as the reason to hide a coordinator's moves, and
 * what the trust model treats as a look ("whether a person is known").
 * The trust's view of the two probes should be the same.
 */
import { nhsCheckDigit } from '../../src/customers/nhs-number.js';
import { postHl7 } from '../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { knownCustomers } from '../support/known-customers.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';
import { adt, pid, pv1 } from '../support/trust-adt.js';

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
    // Fails: [RECEIVED, CUSTOMER_CHANGED "the trust's verified NHS number shows the patient is another customer"].
    expect(ofKnown).toEqual(ofUnknown);
  });
});
