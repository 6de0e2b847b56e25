/**
 * A local time in the hour the clocks go back (2026-10-25 01:30) or skip
 * (2026-03-29 01:30) means the same instant whichever way it comes in: an
 * HL7 v2 ADT message (two PAS styles), a FHIR R4 Encounter message, or the
 * GraphQL form with the offset the rule gives. Through the real gateway, on
 * each store: the feeds once disagreed by an hour (HL7 00:30Z, FHIR 01:30Z).
 */
import { entryOf, r4EncounterMessage } from '../adapters/hospital-discharge/fhir/fixtures.js';
import { message, msh, segment } from '../adapters/hospital-discharge/hl7v2/synthetic-messages.js';
import { postFhir, postHl7 } from '../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';
import { pid } from '../support/trust-adt.js';

const TRUST = 'RZZ';
const SKIPPED = '2026-03-29T01:30:00.000Z';
const REPEATED_FIRST = '2026-10-25T00:30:00.000Z';

const SPELLS = `query($trust: String) { referrals(filter: { trustOdsCode: $trust }, first: 50) { edges { node {
  admittedAt dischargedAt hospitalSpell { spellId } customer { dateOfBirth } } } } }`;

describeEachStore('local times in the hours the clocks change', (kind) => {
  let place: TestStorePlace;
  let gw: TestGateway;
  let feed: string;
  let admin: string;

  beforeAll(async () => {
    place = await createTestStorePlace(kind);
    gw = await startTestGateway(place, { SEED_ON_EMPTY_STORE: 'false' });
    feed = await gw.token('SYSTEM', { trust: TRUST });
    admin = await gw.token('ADMIN');
  });
  afterAll(async () => {
    await gw.stop();
    await place.remove();
  });

  async function spell(spellId: string) {
    const { body } = await gw.graphql(SPELLS, { trust: TRUST }, admin);
    return body.data!.referrals.edges.map((e: any) => e.node).find((r: any) => r.hospitalSpell?.spellId === spellId);
  }

  test.each([
    // Cerner Millennium style: v2.3, minute precision, no offset; a first-century birth date typed as written.
    ['Cerner Millennium (v2.3, minutes)', '2.3', '202603290130', '202610250130', '00500620'],
    // System C Medway style: v2.4, seconds, no offset.
    ['System C Medway (v2.4, seconds)', '2.4', '20260329013000', '20261025013000', '19380412'],
  ])('HL7 v2, %s: admitted in the skipped hour, discharged in the repeated hour', async (style, version, admitted, discharged, dob) => {
    const spellId = `LT-${version}`;
    const body = message(
      msh('A03', { 4: TRUST, 10: `LT-CTRL-${version}`, 12: version, 7: '20261025020000' }),
      segment('EVN', { 1: 'A03', 2: '20261025020000' }),
      pid({ mrn: `LT${version}`, trust: TRUST, family: 'Clockchange', given: style.split(' ')[0], dob }),
      segment('PV1', { 2: 'I', 3: 'WARD7', 19: spellId, 36: '1', 37: '19', 44: admitted, 45: discharged }),
    );
    const sent = await postHl7(gw.url, feed, body);
    expect(sent.acks[0]!.code).toBe('AA');
    expect(await spell(spellId)).toMatchObject({
      admittedAt: SKIPPED,
      dischargedAt: REPEATED_FIRST,
      customer: { dateOfBirth: `${dob.slice(0, 4)}-${dob.slice(4, 6)}-${dob.slice(6, 8)}` },
    });
  });

  test('FHIR R4 (JSON): the same local times without an offset are the same instants', async () => {
    const bundle = r4EncounterMessage('finished', { start: '2026-03-29T01:30:00', end: '2026-10-25T01:30:00' });
    entryOf(bundle, 'MessageHeader').id = 'fhir-local-times';
    entryOf(bundle, 'MessageHeader').sender.identifier.value = TRUST;
    entryOf(bundle, 'Encounter').identifier[0].value = 'LT-FHIR';
    const sent = await postFhir(gw.url, feed, JSON.stringify(bundle), 'json');
    expect(sent.status).toBe(200);
    expect(await spell('LT-FHIR')).toMatchObject({ admittedAt: SKIPPED, dischargedAt: REPEATED_FIRST });
  });

  test("GraphQL: the form's admittedAt with the rule's offset (+01:00 in the repeated hour) is the same instant", async () => {
    const ward = await gw.token('HOSPITAL_DISCHARGE', { trust: TRUST });
    const { body } = await gw.graphql(`mutation($i: SubmitDischargeInput!) { submitDischarge(input: $i) { admittedAt } }`, {
      i: { spellId: 'LT-FORM', needsSummary: 'Walking frame', admittedAt: '2026-10-25T01:30:00+01:00', person: { familyName: 'Clockchange', dateOfBirth: '1950-01-01', sex: 'FEMALE' } },
    }, ward);
    expect(body.errors).toBeUndefined();
    expect(body.data!.submitDischarge.admittedAt).toBe(REPEATED_FIRST);
  });

  test("GraphQL: an expected discharge day is checked against the admission's UK day, not its UTC day", async () => {
    const ward = await gw.token('HOSPITAL_DISCHARGE', { trust: TRUST });
    const submit = (spellId: string, expectedDischargeOn: string) => gw.graphql(`mutation($i: SubmitDischargeInput!) { submitDischarge(input: $i) { expectedDischargeOn } }`, {
      // 00:30 BST on 2 June 2026.
      i: { spellId, needsSummary: 'Walking frame', admittedAt: '2026-06-01T23:30:00Z', expectedDischargeOn, person: { familyName: 'Clockchange', dateOfBirth: '1950-01-01', sex: 'FEMALE' } },
    }, ward);
    const before = await submit('LT-DAY-1', '2026-06-01');
    expect(before.body.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['BAD_USER_INPUT', expect.stringMatching(/is before the admission/)]]);
    const sameDay = await submit('LT-DAY-2', '2026-06-02');
    expect(sameDay.body.data!.submitDischarge.expectedDischargeOn).toBe('2026-06-02');
  });
});
