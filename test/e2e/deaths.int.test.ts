/**
 * Deaths through the real gateway, on both stores: a death reported on an
 * acute PAS's discharge, a community system's A08, a FHIR Patient's
 * deceased[x], recorded on the customer, shown on every referral of theirs,
 * stepped in their histories and listed on the hub board with the equipment
 * still to be delivered; nothing closed. A trust's later word against its
 * own report goes to review; a report through an unproven link waits for it;
 * hospital teams see only what their own trust sent. Synthetic people only.
 */
import { entryOf, r4EncounterMessage } from '../adapters/hospital-discharge/fhir/fixtures.js';
import { message, msh, segment } from '../adapters/hospital-discharge/hl7v2/synthetic-messages.js';
import { postFhir, postHl7 } from '../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';

/** Valid 999-range NHS numbers this suite alone uses. */
const DIES_IN_ACUTE = '9990770018';
const ADMITTED_AFTER = '9990770026';
const UNPROVEN = '9990770034';
const FHIR_DATED = '9990770042';
const FHIR_FLAGGED = '9990770050';

/** RA1: an acute trust (Cerner Millennium style, v2.3). RC2: a community and mental health trust (SystmOne style, v2.4). */
const ACUTE = 'RA1';
const COMMUNITY = 'RC2';

const DEATH = 'diedOn diedAt source reportedBy { odsCode } reportedAt recordedAt inboxMessageId';
const REFERRAL = `id status hospitalSpell { spellId } personDied { ${DEATH} } referredPerson { death { died diedOn diedAt source } }
  history { action toStatus by { role } reason }`;
const REFERRALS = `query($trust: String) { referrals(filter: { trustOdsCode: $trust }, first: 50) { edges { node { ${REFERRAL} } } } }`;
const CUSTOMER = `query($nhs: NHSNumber!) { customerByNhsNumber(nhsNumber: $nhs) { id death { ${DEATH} } } }`;
const BOARD = `{ hubBoard { referralsOfPeopleWhoDied(first: 100) { id hospitalSpell { spellId } } equipmentOrdersOfPeopleWhoDied(first: 100) { id status customer { id } } } }`;
const REVIEWS = `{ identityReviews(first: 200) { id kind basis identity { system localId } sender { odsCode } customer { id } sentPerson { death { died } } } }`;
const RESOLVE = `mutation($id: ID!, $decision: IdentityReviewDecision!) { resolveIdentityReview(input: { id: $id, decision: $decision }) { id death { source } } }`;

/** A PID as each product writes it, with the death fields given. */
function acutePid(mrn: string, nhsNumber: string, deathDate = '', indicator = '', verified = true): string {
  return segment('PID', { 1: '1', 3: `${mrn}^^^${ACUTE}^MR~${nhsNumber}^^^NHS^NH`, 5: 'DEATHTEST^Bernard^^^Mr^^L', 7: '19380211', 8: 'M', 11: '3 Test Row^^Exampleton^^LS2 7AA^GBR^H', 29: deathDate, 30: indicator, 32: verified ? 'NSTS01' : '' });
}
function communityPid(id: string, nhsNumber: string, deathDate = '', indicator = '', verified = true): string {
  // SystmOne puts the NHS number first, its own id typed PI, and sends PID-30 N for the living.
  return segment('PID', { 3: `${nhsNumber}^^^NHS^NH~${id}^^^${COMMUNITY}^PI`, 5: 'DeathTest^Bernard', 7: '19380211', 8: 'M', 29: deathDate, 30: indicator || 'N', 32: verified ? '01' : '' });
}
function acuteAdt(trigger: string, control: string, sentAt: string, ...rest: string[]): string {
  return message(msh(trigger, { 3: 'MILLENNIUM', 4: ACUTE, 7: sentAt, 9: `ADT^${trigger}`, 10: control, 12: '2.3' }), segment('EVN', { 1: trigger, 2: sentAt }), ...rest);
}
function communityAdt(trigger: string, control: string, sentAt: string, ...rest: string[]): string {
  return message(msh(trigger, { 3: 'SystmOne', 4: COMMUNITY, 7: sentAt, 9: `ADT^${trigger}^ADT_A01`, 10: control, 12: '2.4' }), segment('EVN', { 1: trigger, 2: sentAt }), ...rest);
}

describeEachStore('deaths end to end', (kind) => {
  let place: TestStorePlace;
  let gw: TestGateway;
  let coordinator: string;
  let acuteTeam: string;
  let communityTeam: string;

  beforeAll(async () => {
    place = await createTestStorePlace(kind);
    gw = await startTestGateway(place);
    coordinator = await gw.token('HUB_COORDINATOR');
    acuteTeam = await gw.token('HOSPITAL_DISCHARGE', { trust: ACUTE });
    communityTeam = await gw.token('HOSPITAL_DISCHARGE', { trust: COMMUNITY });
  }, 60_000);
  afterAll(async () => {
    await gw?.stop();
    await place?.remove();
  });

  async function sendHl7(trust: string, text: string): Promise<void> {
    const { status, acks } = await postHl7(gw.url, await gw.token('SYSTEM', { trust }), text);
    expect([status, acks[0]!.code]).toEqual([200, 'AA']);
  }
  async function referral(trust: string, spellId: string, token = coordinator): Promise<any> {
    const { body } = await gw.graphql<any>(REFERRALS, { trust }, token);
    expect(body.errors).toBeUndefined();
    return body.data.referrals.edges.map((edge: any) => edge.node).find((node: any) => node.hospitalSpell.spellId === spellId);
  }
  async function customer(nhs: string): Promise<any> {
    const { body } = await gw.graphql<any>(CUSTOMER, { nhs }, coordinator);
    return body.data.customerByNhsNumber;
  }
  async function board(): Promise<{ referrals: string[]; orders: { id: string; status: string }[] }> {
    const { body } = await gw.graphql<any>(BOARD, undefined, coordinator);
    expect(body.errors).toBeUndefined();
    return { referrals: body.data.hubBoard.referralsOfPeopleWhoDied.map((r: any) => r.hospitalSpell.spellId), orders: body.data.hubBoard.equipmentOrdersOfPeopleWhoDied };
  }
  async function reviews(): Promise<any[]> {
    const { body } = await gw.graphql<any>(REVIEWS, undefined, coordinator);
    expect(body.errors).toBeUndefined();
    return body.data.identityReviews;
  }

  test('an acute discharge with discharge method 4 and PID-29/30 is recorded on the customer, told on every open referral, and boards the referrals and the pending delivery; nothing is closed', async () => {
    await sendHl7(ACUTE, acuteAdt('A01', 'RA1-D1', '20261129101500', acutePid('RA1000001', DIES_IN_ACUTE), segment('PV1', { 1: '1', 2: 'I', 3: 'WARD4^^^RA101', 19: 'RA1-V1', 44: '20261129101500' })));
    // A community bed the person also had: another trust's referral of the same customer.
    await sendHl7(COMMUNITY, communityAdt('A01', 'RC2-D1', '20261120090000', communityPid('C0001', DIES_IN_ACUTE), segment('PV1', { 1: '1', 2: 'I', 3: 'BIRCH^^^RC2', 19: 'RC2-V1', 44: '20261120090000' })));
    const person = await customer(DIES_IN_ACUTE);
    expect(person.death).toBeNull();
    const placed = await gw.graphql<any>(
      `mutation($input: PlaceEquipmentOrderInput!) { placeEquipmentOrder(input: $input, idempotencyKey: "deaths-${kind}-1") { id status } }`,
      { input: { customerId: person.id, deliverySpeed: 'NEXT_DAY', lines: [{ itemCode: 'BED-010', quantity: 1, fittingRequired: true }] } },
      coordinator,
    );
    expect(placed.body.errors).toBeUndefined();
    expect(placed.body.data.placeEquipmentOrder.status).toBe('AWAITING_AUTHORISATION');
    expect((await board()).referrals).not.toContain('RA1-V1');

    await sendHl7(
      ACUTE,
      acuteAdt(
        'A03',
        'RA1-D2',
        '20261203151000',
        acutePid('RA1000001', DIES_IN_ACUTE, '20261203143000', 'Y'),
        segment('PV1', { 1: '1', 2: 'I', 3: 'WARD4^^^RA101', 19: 'RA1-V1', 36: '4', 37: '79', 44: '20261129101500', 45: '20261203143000' }),
      ),
    );

    const died = (await customer(DIES_IN_ACUTE)).death;
    expect(died).toMatchObject({ diedOn: '2026-12-03', diedAt: '2026-12-03T14:30:00.000Z', source: 'HL7_PATIENT_DEATH', reportedBy: { odsCode: ACUTE }, reportedAt: '2026-12-03T15:10:00.000Z' });
    expect(died.inboxMessageId).not.toBeNull();
    for (const [trust, spell, status] of [[ACUTE, 'RA1-V1', 'RECEIVED'], [COMMUNITY, 'RC2-V1', 'RECEIVED']] as const) {
      const seen = await referral(trust, spell);
      expect(seen.status).toBe(status);
      expect(seen.personDied).toMatchObject({ diedOn: '2026-12-03', reportedBy: { odsCode: ACUTE } });
      expect(seen.history.map((step: any) => step.action)).toContain('PERSON_DIED');
      expect(seen.history.find((step: any) => step.action === 'PERSON_DIED')).toMatchObject({ toStatus: 'RECEIVED', by: { role: 'SYSTEM' } });
    }
    const { referrals, orders } = await board();
    expect(referrals).toEqual(expect.arrayContaining(['RA1-V1', 'RC2-V1']));
    expect(orders).toContainEqual({ id: placed.body.data.placeEquipmentOrder.id, status: 'AWAITING_AUTHORISATION', customer: { id: person.id } });
  });

  test('hospital teams see only what their own trust sent: the reporting trust its death and step, the other trust neither', async () => {
    const own = await referral(ACUTE, 'RA1-V1', acuteTeam);
    expect(own.personDied).toMatchObject({ source: 'HL7_PATIENT_DEATH', reportedBy: { odsCode: ACUTE } });
    expect(own.referredPerson.death).toEqual({ died: true, diedOn: '2026-12-03', diedAt: '2026-12-03T14:30:00.000Z', source: 'HL7_PATIENT_DEATH' });
    expect(own.history.map((step: any) => step.action)).toContain('PERSON_DIED');

    const other = await referral(COMMUNITY, 'RC2-V1', communityTeam);
    expect(other.personDied).toBeNull();
    // Its own messages said N: its view of its person is its own.
    expect(other.referredPerson.death).toEqual({ died: false, diedOn: null, diedAt: null, source: 'HL7_PATIENT_DEATH' });
    expect(other.history.map((step: any) => step.action)).not.toContain('PERSON_DIED');
    // The board and the customer are the hub's.
    const refused = await gw.graphql<any>(BOARD, undefined, communityTeam);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  test("another trust's habitual N says nothing of the death; the reporting trust's later N goes to review, and CONFIRM keeps the death", async () => {
    await sendHl7(COMMUNITY, communityAdt('A08', 'RC2-D2', '20261204090000', communityPid('C0001', DIES_IN_ACUTE), segment('PV1', { 1: '1', 2: 'I', 19: 'RC2-V1' })));
    expect((await reviews()).filter((review) => review.kind === 'DEATH' && review.sender.odsCode === COMMUNITY)).toEqual([]);

    await sendHl7(ACUTE, acuteAdt('A08', 'RA1-D3', '20261204100000', acutePid('RA1000001', DIES_IN_ACUTE, '', 'N'), segment('PV1', { 1: '1', 2: 'I', 19: 'RA1-V1' })));
    const person = await customer(DIES_IN_ACUTE);
    expect(person.death).toMatchObject({ reportedBy: { odsCode: ACUTE } });
    const review = (await reviews()).find((each) => each.kind === 'DEATH' && each.customer.id === person.id);
    expect(review).toMatchObject({ basis: 'DEATH_WITHDRAWN', sender: { odsCode: ACUTE }, identity: { system: `PAS:${ACUTE}:${ACUTE}`, localId: 'RA1000001' }, sentPerson: { death: { died: false } } });

    const confirmed = await gw.graphql<any>(RESOLVE, { id: review.id, decision: 'CONFIRM' }, coordinator);
    expect(confirmed.body.data.resolveIdentityReview).toEqual({ id: person.id, death: { source: 'HL7_PATIENT_DEATH' } });
    expect((await board()).referrals).toContain('RA1-V1');
  });

  test('an admission from the same trust after the date of death goes to review; SEPARATE takes the death off and tells the referrals', async () => {
    // A community system's A08 with PID-29/30 only: a day of death, no time.
    await sendHl7(COMMUNITY, communityAdt('A01', 'RC2-B1', '20261201080000', communityPid('C0002', ADMITTED_AFTER), segment('PV1', { 1: '1', 2: 'I', 19: 'RC2-V2', 44: '20261201080000' })));
    await sendHl7(COMMUNITY, communityAdt('A08', 'RC2-B2', '20261202160000', communityPid('C0002', ADMITTED_AFTER, '20261202', 'Y'), segment('PV1', { 1: '1', 2: 'N' })));
    expect((await customer(ADMITTED_AFTER)).death).toMatchObject({ diedOn: '2026-12-02', diedAt: null, reportedBy: { odsCode: COMMUNITY } });
    expect((await referral(COMMUNITY, 'RC2-V2')).history.map((step: any) => step.action)).toContain('PERSON_DIED');

    await sendHl7(COMMUNITY, communityAdt('A01', 'RC2-B3', '20261205110000', communityPid('C0002', ADMITTED_AFTER), segment('PV1', { 1: '1', 2: 'I', 19: 'RC2-V3', 44: '20261205110000' })));
    const person = await customer(ADMITTED_AFTER);
    // Neither is applied silently: the death stays, the admission is a referral, and a coordinator decides.
    expect(person.death).not.toBeNull();
    expect((await referral(COMMUNITY, 'RC2-V3')).status).toBe('RECEIVED');
    const review = (await reviews()).find((each) => each.kind === 'DEATH' && each.customer.id === person.id);
    expect(review).toMatchObject({ basis: 'SEEN_AFTER_DEATH', sender: { odsCode: COMMUNITY } });

    const separated = await gw.graphql<any>(RESOLVE, { id: review.id, decision: 'SEPARATE' }, coordinator);
    expect(separated.body.data.resolveIdentityReview).toEqual({ id: person.id, death: null });
    const after = await referral(COMMUNITY, 'RC2-V2');
    expect(after.personDied).toBeNull();
    expect(after.history.map((step: any) => step.action).slice(-2)).toEqual(['PERSON_DIED', 'PERSON_DEATH_REMOVED']);
    expect((await board()).referrals).not.toEqual(expect.arrayContaining(['RC2-V2']));
    // The removal is the council's business: the trust's team sees neither step of it.
    const seenByTeam = await referral(COMMUNITY, 'RC2-V2', communityTeam);
    expect(seenByTeam.history.map((step: any) => step.action)).toEqual(expect.arrayContaining(['PERSON_DIED']));
    expect(seenByTeam.history.map((step: any) => step.action)).not.toContain('PERSON_DEATH_REMOVED');
  });

  test('a death through a link waiting for review is not put on the customer; the referral shows it and is boarded; confirming the link records it', async () => {
    await sendHl7(ACUTE, acuteAdt('A01', 'RA1-U1', '20261201090000', acutePid('RA1000003', UNPROVEN), segment('PV1', { 1: '1', 2: 'I', 19: 'RA1-V3', 44: '20261201090000' })));
    // The community trust's number is not traced: its link to the acute trust's customer waits for review.
    await sendHl7(
      COMMUNITY,
      communityAdt('A08', 'RC2-U1', '20261203090000', communityPid('C0003', UNPROVEN, '20261202', 'Y', false), segment('PV1', { 1: '1', 2: 'I', 19: 'RC2-V4' })),
    );
    const person = await customer(UNPROVEN);
    expect(person.death).toBeNull();
    const theirs = await referral(COMMUNITY, 'RC2-V4');
    expect(theirs.referredPerson.death).toMatchObject({ died: true, diedOn: '2026-12-02' });
    expect(theirs.personDied).toBeNull();
    expect((await board()).referrals).toContain('RC2-V4');
    expect((await board()).referrals).not.toContain('RA1-V3');

    const link = (await reviews()).find((each) => each.kind === 'LINK' && each.customer.id === person.id && each.sender.odsCode === COMMUNITY);
    expect(link.sentPerson.death).toEqual({ died: true });
    await gw.graphql<any>(RESOLVE, { id: link.id, decision: 'CONFIRM' }, coordinator);
    expect((await customer(UNPROVEN)).death).toMatchObject({ diedOn: '2026-12-02', reportedBy: { odsCode: COMMUNITY } });
    expect((await referral(ACUTE, 'RA1-V3')).history.map((step: any) => step.action)).toContain('PERSON_DIED');
    expect((await board()).referrals).toContain('RA1-V3');
  });

  test('FHIR R4 Patients with deceasedDateTime and with deceasedBoolean true are recorded with their sources', async () => {
    const system = await gw.token('SYSTEM', { trust: 'RXX' });
    const send = async (nhs: string, spell: string, controlId: string, deceased: Record<string, unknown>) => {
      const bundle = r4EncounterMessage('finished', { start: '2026-11-28T10:00:00Z', end: '2026-12-03T12:00:00Z' });
      entryOf(bundle, 'MessageHeader').id = controlId;
      entryOf(bundle, 'Encounter').identifier[0].value = spell;
      Object.assign(entryOf(bundle, 'Patient'), deceased);
      entryOf(bundle, 'Patient').identifier[0].value = nhs;
      entryOf(bundle, 'Patient').identifier[1].value = `H-${spell}`;
      const reply = await postFhir(gw.url, system, JSON.stringify(bundle), 'json');
      expect(reply.status).toBe(200);
    };
    await send(FHIR_DATED, 'RXX-D1', 'mh-death-1', { deceasedDateTime: '2026-12-03T11:40:00+00:00' });
    await send(FHIR_FLAGGED, 'RXX-D2', 'mh-death-2', { deceasedBoolean: true });
    expect((await customer(FHIR_DATED)).death).toMatchObject({ diedOn: '2026-12-03', diedAt: '2026-12-03T11:40:00.000Z', source: 'FHIR_DECEASED_DATE_TIME', reportedBy: { odsCode: 'RXX' } });
    expect((await customer(FHIR_FLAGGED)).death).toMatchObject({ diedOn: null, diedAt: null, source: 'FHIR_DECEASED_BOOLEAN', reportedBy: { odsCode: 'RXX' } });
    const { referrals } = await board();
    expect(referrals).toEqual(expect.arrayContaining(['RXX-D1', 'RXX-D2']));
  });
});
