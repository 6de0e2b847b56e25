/**
 * A trust's A40 of its own records is made at once, or held for the hub when
 * the merged-away customer has anything that is not the trust's (another
 * trust's link or referral, hub records): the trust's view of its referrals
 * is the same either way, so it learns nothing of what others hold.
 */
import { segment } from '../../adapters/hospital-discharge/hl7v2/synthetic-messages.js';
import { postHl7 } from '../../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../../support/stores.js';
import { adt, pid, pv1 } from '../../support/trust-adt.js';

const TRUST = 'RZZ';
const OTHER = 'RYY';

describeEachStore('a trust merging its own records to see what others hold of them', (kind) => {
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

  test('the trust\'s history of its merge is the same whether or not another trust referred the person', async () => {
    const feed = await gw.token('SYSTEM', { trust: TRUST });
    const other = await gw.token('SYSTEM', { trust: OTHER });
    const ward = await gw.token('HOSPITAL_DISCHARGE', { trust: TRUST });
    const patient = (trust: string, mrn: string, family: string, given = 'Quentin') =>
      pid({ mrn, trust, family, given, dob: '19310505', address: '9 Probe Lane^^Testville^^LS6 2AA^GBR^H' });

    // Two patients of the trust's own, never known to anyone else.
    for (const [tag, family] of [['A', 'Mergeprobea'], ['B', 'Mergeprobeb']] as const) {
      expect((await postHl7(gw.url, feed, adt(TRUST, 'A01', `MP-${tag}-1`, patient(TRUST, `MP-${tag}`, family), pv1(`MP-SPELL-${tag}`)))).acks[0]!.code).toBe('AA');
    }
    // Another trust admits someone with B's name, birth date and postcode: linked to B's customer for review.
    expect((await postHl7(gw.url, other, adt(OTHER, 'A01', 'MP-OTHER-1', patient(OTHER, 'RYY-MP', 'Mergeprobeb'), pv1('MP-OTHER-SPELL')))).acks[0]!.code).toBe('AA');

    // The trust merges each of its temporary records into its main one (named a little differently, so no match joins them first).
    for (const [tag, family] of [['A', 'Mergeprobea'], ['B', 'Mergeprobeb']] as const) {
      const merge = adt(TRUST, 'A40', `MP-${tag}-2`, patient(TRUST, `MP-${tag}-MAIN`, family, 'Quinn'), segment('MRG', { 1: `MP-${tag}^^^${TRUST}^MR` }));
      expect((await postHl7(gw.url, feed, merge)).acks[0]!.code).toBe('AA');
    }

    const hub = await gw.token('HUB_COORDINATOR');
    const held = (await gw.graphql(`{ identityReviews(first: 200) { kind identity { localId } heldBecause } }`, {}, hub)).body.data!.identityReviews
      .find((r: any) => r.kind === 'MERGE' && r.identity.localId === 'MP-B');
    expect(held.heldBecause).toEqual(expect.arrayContaining(['OTHER_LINKS', 'OTHER_REFERRALS']));

    const { body } = await gw.graphql(`{ referrals(first: 100) { edges { node { hospitalSpell { spellId } history { action reason } } } } }`, {}, ward);
    const historyOf = (spell: string) => body.data!.referrals.edges.map((e: any) => e.node).find((r: any) => r.hospitalSpell?.spellId === spell).history;
    // Neither merge shows: which customer record holds a referral is the council's business.
    expect(historyOf('MP-SPELL-A')).toEqual([{ action: 'RECEIVED', reason: null }]);
    expect(historyOf('MP-SPELL-B')).toEqual(historyOf('MP-SPELL-A'));
  });
});
