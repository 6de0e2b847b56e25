/**
 * How trusts' PASes really write identifiers and senders, through the real
 * gateway: NHS numbers typed NH with no assigning authority or in the PAS's
 * own slot, ODS site codes in MSH-4, spell numbers outside PV1-19.
 * Synthetic people only.
 */
import { defaultSenderProfile } from '../../adapters/hospital-discharge/sender-profile.js';
import { message, msh, pv1, segment, NHS_NUMBER, OTHER_NHS_NUMBER } from '../adapters/hospital-discharge/hl7v2/synthetic-messages.js';
import { postHl7 } from '../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';

/**
 * RX1 has no profile; RX2 lists its facilities, narrowing them to its own
 * code; RX3's PAS (System C Medway style, v2.3) puts the spell number in
 * PV1-50, RX4's (TrakCare style, v2.5.1) in PID-18; RX5 wants the ACKs of
 * a batch as a batch.
 */
const PROFILES = [
  { ...defaultSenderProfile('RX2'), facilities: ['RX2'] },
  { ...defaultSenderProfile('RX3'), spellIdField: { segment: 'PV1', field: 50 } },
  { ...defaultSenderProfile('RX4'), spellIdField: { segment: 'PID', field: 18 } },
  { ...defaultSenderProfile('RX5'), batchAcks: 'BATCH' as const },
];

/** Where a PAS writes the spell number: fields of PID and of PV1. */
interface SpellPlace {
  pid: Record<number, string>;
  pv1: Record<number, string>;
}

/** Valid 999-range NHS numbers this suite alone uses. */
const TRACED_NHS_NUMBER = '9990000328';
const NHS_NUMBER_IN_PI = '9990000336';
const NHS_NUMBER_IN_EPIC_PI = '9990000344';

const REVIEWS = `{ identityReviews(first: 200) { id kind basis identity { system localId needsReview } customer { id } } }`;
const INBOX = `{ inboxMessages(first: 100) { edges { node { controlId status note } } } }`;

const REFERRALS = `query($trust: String) { referrals(filter: { trustOdsCode: $trust }, first: 50) { edges { node {
  hospitalSpell { spellId } status dischargedAt referredPerson { nhsNumber } customer { id nhsNumber identities { system localId needsReview } }
  history { action hospitalEvent }
} } } }`;

describeEachStore('HL7 v2 identifiers and senders as PASes write them', (kind) => {
  let place: TestStorePlace;
  let gw: TestGateway;
  let admin: string;

  beforeAll(async () => {
    place = await createTestStorePlace(kind);
    gw = await startTestGateway(place, {}, PROFILES);
    admin = await gw.token('ADMIN');
  });
  afterAll(async () => {
    await gw.stop();
    await place.remove();
  });

  async function referral(trust: string, spellId: string) {
    const { body } = await gw.graphql(REFERRALS, { trust }, admin);
    return body.data!.referrals.edges.map((e: any) => e.node).find((r: any) => r.hospitalSpell.spellId === spellId);
  }

  test('a Lorenzo-style A01 from a site (MSH-4 RX1AB), NHS number typed NH with no assigning authority, is RX1\'s', async () => {
    const token = await gw.token('SYSTEM', { trust: 'RX1' });
    const a01 = message(
      msh('A01', { 3: 'LORENZO', 4: 'RX1AB', 9: 'ADT^A01', 10: 'RX1-SITE-1', 12: '2.4' }),
      segment('EVN', { 1: 'A01', 2: '20261120093000' }),
      segment('PID', { 1: '1', 3: `RX1000123^^^RX1^MR~${NHS_NUMBER}^^^^NH`, 5: 'SITEWARD^Ada', 7: '19400101', 8: 'F', 32: 'NSTS01' }),
      pv1({ 3: 'ELM^^^RX1AB', 19: 'RX1-V1' }),
    );
    const { status, acks } = await postHl7(gw.url, token, a01);
    expect([status, acks[0]!.code]).toEqual([200, 'AA']);
    const found = await referral('RX1', 'RX1-V1');
    expect(found).toMatchObject({ status: 'RECEIVED', referredPerson: { nhsNumber: NHS_NUMBER }, customer: { nhsNumber: NHS_NUMBER } });
    // The NHS number is no hospital number: the only link is the MR one.
    expect(found.customer.identities).toEqual([{ system: 'PAS:RX1:RX1', localId: 'RX1000123', needsReview: false }]);
  });

  test("another trust's token may not send as RX1's site; a trust that lists its facilities may not send from an unlisted site", async () => {
    const a01 = (facility: string, control: string) =>
      message(
        msh('A01', { 4: facility, 10: control }),
        segment('PID', { 3: `${OTHER_NHS_NUMBER}^^^NHS^NH`, 5: 'ELSEWHERE^Bo' }),
        pv1({ 19: control }),
      );
    const rx2 = await gw.token('SYSTEM', { trust: 'RX2' });
    const foreign = await postHl7(gw.url, rx2, a01('RX1AB', 'RX2-AS-RX1'));
    expect([foreign.status, foreign.acks[0]!.code]).toEqual([403, 'AR']);
    expect(foreign.acks[0]!.field('MSA', 3)).toContain('the message is from RX1, but the caller speaks for RX2');
    const unlisted = await postHl7(gw.url, rx2, a01('RX2AB', 'RX2-SITE'));
    expect([unlisted.status, unlisted.acks[0]!.code]).toEqual([403, 'AR']);
    const listed = await postHl7(gw.url, rx2, a01('RX2', 'RX2-OWN'));
    expect([listed.status, listed.acks[0]!.code]).toEqual([200, 'AA']);
  });

  describe.each([
    ['RX3', 'a Medway-style PAS (v2.3) with the spell in PV1-50', '2.3', (spell: string): SpellPlace => ({ pid: {}, pv1: { 50: `${spell}^^^RX3^VN` } })],
    ['RX4', 'a TrakCare-style PAS (v2.5.1) with the spell in PID-18', '2.5.1', (spell: string): SpellPlace => ({ pid: { 18: `${spell}^^^RX4^AN` }, pv1: {} })],
  ])('%s, %s and PV1-19 empty', (trust, _style, version, spellAt) => {
    const event = (trigger: string, control: string, at: string, pv1Fields: Record<number, string> = {}) => {
      const place = spellAt(`${trust}-SP1`);
      return message(
        msh(trigger, { 4: trust, 10: control, 12: version, 9: trigger === 'A11' ? 'ADT^A11^ADT_A09' : `ADT^${trigger}` }),
        segment('EVN', { 1: trigger, 2: at, 6: at }),
        segment('PID', { 1: '1', 3: `${trust}55501^^^${trust}^MR`, 5: 'SPELLFIELD^Cy', 7: '19380202', 8: 'M', ...place.pid }),
        pv1({ 19: '', 44: '20261120090000', ...place.pv1, ...pv1Fields }),
      );
    };

    test('admit, discharge and both cancels find the spell they undo', async () => {
      const token = await gw.token('SYSTEM', { trust });
      const send = async (body: string) => (await postHl7(gw.url, token, body)).acks[0]!.code;
      expect(await send(event('A01', `${trust}-1`, '20261120090000'))).toBe('AA');
      expect(await send(event('A03', `${trust}-2`, '20261122110000', { 45: '20261122110000' }))).toBe('AA');
      expect(await referral(trust, `${trust}-SP1`)).toMatchObject({ status: 'RECEIVED', dischargedAt: '2026-11-22T11:00:00.000Z' });
      expect(await send(event('A13', `${trust}-3`, '20261122120000'))).toBe('AA');
      expect(await referral(trust, `${trust}-SP1`)).toMatchObject({ status: 'RECEIVED', dischargedAt: null });
      expect(await send(event('A11', `${trust}-4`, '20261122130000'))).toBe('AA');
      const cancelled = await referral(trust, `${trust}-SP1`);
      expect(cancelled.status).toBe('WITHDRAWN');
      expect(cancelled.history.map((step: any) => step.hospitalEvent)).toEqual(['ADMITTED', 'DISCHARGED', 'DISCHARGE_CANCELLED', 'ADMISSION_CANCELLED']);
    });
  });

  test('without a spellIdField, an empty PV1-19 is AE 101 as before', async () => {
    const token = await gw.token('SYSTEM', { trust: 'RX1' });
    const a03 = message(msh('A03', { 4: 'RX1', 10: 'RX1-NO-VISIT' }), segment('PID', { 3: 'RX1000999^^^RX1^MR', 5: 'NOVISIT^Di', 18: 'ACC-1' }), pv1({ 19: '', 50: 'ALT-1' }));
    const { status, acks } = await postHl7(gw.url, token, a03);
    expect([status, acks[0]!.code, acks[0]!.field('ERR', 1)]).toEqual([200, 'AE', 'PV1^1^19^101&Required field missing&HL70357']);
  });

  describe('an NHS number where the PAS sends a local id', () => {
    // A TrakCare-style v2.5.1 A01: a traced NHS number typed NH, and another number in the PAS's own PI slot.
    const a01 = (control: string, trigger = 'A01') =>
      message(
        msh(trigger, { 3: 'TRAKCARE', 4: 'RX1', 10: control, 12: '2.5.1' }),
        segment('EVN', { 1: trigger, 2: '20261123080000' }),
        segment('PID', { 1: '1', 3: `RX1000777^^^RX1^MR~${NHS_NUMBER_IN_PI}^^^RX1^PI~${TRACED_NHS_NUMBER}^^^NHS^NH`, 5: 'SLOTWRONG^Eve', 7: '19420505', 8: 'F', 32: 'NSTS01' }),
        pv1({ 19: 'RX1-V-PI' }),
      );
    const inboxNote = async (control: string) => {
      const { body } = await gw.graphql(INBOX, {}, admin);
      return body.data!.inboxMessages.edges.map((e: any) => e.node).find((m: any) => m.controlId === control);
    };

    test('is kept as the local id it was sent as; the ACK warns (W), the inbox notes it, and the link goes to identity review', async () => {
      const token = await gw.token('SYSTEM', { trust: 'RX1' });
      const { status, acks } = await postHl7(gw.url, token, a01('RX1-PI-1'));
      expect([status, acks[0]!.code]).toEqual([200, 'AA']);
      const err = acks[0]!.segments.find((fields) => fields[0] === 'ERR')!;
      expect([err[2], err[3], err[4]]).toEqual(['PID^1^3^2', '0^Message accepted^HL70357', 'W']);
      expect(err[8]).toContain('shaped and checked like an NHS number');

      const found = await referral('RX1', 'RX1-V-PI');
      // The traced number is the customer's; the other stays a hospital number, and every link of the person waits.
      expect(found.customer.nhsNumber).toBe(TRACED_NHS_NUMBER);
      expect(found.customer.identities).toEqual(
        expect.arrayContaining([
          { system: 'PAS:RX1:RX1', localId: 'RX1000777', needsReview: true },
          { system: 'PAS:RX1:RX1', localId: NHS_NUMBER_IN_PI, needsReview: true },
        ]),
      );
      expect(await inboxNote('RX1-PI-1')).toMatchObject({ status: 'APPLIED', note: expect.stringContaining('PID-3[2]: shaped and checked like an NHS number') });

      const hub = await gw.token('HUB_COORDINATOR');
      const reviews = (await gw.graphql(REVIEWS, {}, hub)).body.data!.identityReviews.filter((r: any) => r.customer.id === found.customer.id);
      expect(reviews.map((r: any) => [r.kind, r.basis, r.identity.localId]).sort()).toEqual([
        ['LINK', 'NHS_NUMBER_AS_LOCAL_ID', NHS_NUMBER_IN_PI],
        ['LINK', 'NHS_NUMBER_AS_LOCAL_ID', 'RX1000777'],
      ]);
      // The trust's own team does not see the council's queue.
      const ward = await gw.token('HOSPITAL_DISCHARGE', { trust: 'RX1' });
      expect((await gw.graphql(REVIEWS, {}, ward)).body.errors![0]!.extensions!.code).toBe('FORBIDDEN');

      // Once a coordinator confirms the links, the next message still warns but raises no review again.
      for (const review of reviews) {
        const decided = await gw.graphql(`mutation($id: ID!) { resolveIdentityReview(input: { id: $id, decision: CONFIRM }) { id } }`, { id: review.id }, hub);
        expect(decided.body.errors).toBeUndefined();
      }
      expect((await postHl7(gw.url, token, a01('RX1-PI-2', 'A08'))).acks[0]!.code).toBe('AA');
      expect((await gw.graphql(REVIEWS, {}, hub)).body.data!.identityReviews.filter((r: any) => r.customer.id === found.customer.id)).toEqual([]);
      expect((await inboxNote('RX1-PI-2')).note).toContain('PID-3[2]');
    });

    test('an Epic-style v2.3 message gets a plain AA: its ERR has no severity to say W with', async () => {
      const token = await gw.token('SYSTEM', { trust: 'RX1' });
      const a04 = message(
        msh('A04', { 3: 'EPIC', 4: 'RX1', 10: 'RX1-EPIC-PI', 12: '2.3' }),
        segment('EVN', { 1: 'A04', 2: '20261123090000' }),
        segment('PID', { 1: '1', 3: `${NHS_NUMBER_IN_EPIC_PI}^^^RX1^PI`, 5: 'EPICSLOT^Fay', 7: '19500606', 8: 'F' }),
        pv1({ 19: 'RX1-V-EPIC' }),
      );
      const { acks } = await postHl7(gw.url, token, a04);
      expect(acks[0]!.code).toBe('AA');
      expect(acks[0]!.segments.map((fields) => fields[0])).toEqual(['MSH', 'MSA']);
      const found = await referral('RX1', 'RX1-V-EPIC');
      expect(found.customer).toMatchObject({ nhsNumber: null, identities: [{ system: 'PAS:RX1:RX1', localId: NHS_NUMBER_IN_EPIC_PI, needsReview: true }] });
      expect((await inboxNote('RX1-EPIC-PI')).note).toContain('PID-3[1]');
    });
  });

  describe('a batch (FHS, BHS ... BTS, FTS)', () => {
    const batch = (trust: string, prefix: string) =>
      [
        `FHS|^~\\&|PAS|${trust}|GATEWAY|COUNCIL|20261124020000||||${prefix}-FILE`,
        `BHS|^~\\&|PAS|${trust}|GATEWAY|COUNCIL|20261124020000||||${prefix}-BATCH`,
        message(
          msh('A01', { 4: trust, 10: `${prefix}-1` }),
          segment('EVN', { 2: '20261124010000' }),
          segment('PID', { 3: `${trust}7001^^^${trust}^MR`, 5: 'BATCHED^Gil' }),
          pv1({ 19: `${prefix}-V` }),
        ).slice(0, -1),
        message(msh('A03', { 4: trust, 10: `${prefix}-2` }), segment('PID', { 3: `${trust}7001^^^${trust}^MR`, 5: 'BATCHED^Gil' }), pv1({ 19: '' })).slice(0, -1),
        'BTS|2',
        'FTS|1',
      ].join('\r') + '\r';

    test('is answered with a batch of ACKs for a trust whose profile asks, referring to the batch and file it answers', async () => {
      const { status, text, acks } = await postHl7(gw.url, await gw.token('SYSTEM', { trust: 'RX5' }), batch('RX5', 'RX5B'));
      expect(status).toBe(200);
      const segments = text.split('\r').filter(Boolean).map((line) => line.split('|'));
      expect(segments.map((fields) => fields[0])).toEqual(['FHS', 'BHS', 'MSH', 'MSA', 'MSH', 'MSA', 'ERR', 'BTS', 'FTS']);
      const [fhs, bhs] = segments;
      expect([fhs![2], fhs![3], fhs![4], fhs![5], fhs![11]]).toEqual(['GATEWAY', 'COUNCIL', 'PAS', 'RX5', 'RX5B-FILE']);
      expect([bhs![3], bhs![5], bhs![11]]).toEqual(['COUNCIL', 'RX5', 'RX5B-BATCH']);
      expect(bhs![10]).not.toBe('');
      expect(segments.at(-2)).toEqual(['BTS', '2']);
      expect(segments.at(-1)).toEqual(['FTS', '1']);
      expect(acks.map((ack) => [ack.code, ack.acknowledges])).toEqual([
        ['AA', 'RX5B-1'],
        ['AE', 'RX5B-2'],
      ]);
    });

    test('is answered with the ACKs alone, as before, for a trust whose profile does not ask', async () => {
      const { status, text, acks } = await postHl7(gw.url, await gw.token('SYSTEM', { trust: 'RX1' }), batch('RX1', 'RX1B'));
      expect(status).toBe(200);
      expect(text.startsWith('MSH|')).toBe(true);
      expect(text).not.toMatch(/(^|\r)(FHS|BHS|BTS|FTS)\|/);
      expect(acks.map((ack) => ack.acknowledges)).toEqual(['RX1B-1', 'RX1B-2']);
    });
  });
});
