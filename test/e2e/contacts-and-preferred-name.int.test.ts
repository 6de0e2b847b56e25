/**
 * The person's contacts and "call me" name, through the real server: a
 * referral shows them as the trust sent them, a message without NK1 keeps
 * them, and where the customer is the council's the hub sees them as a
 * person update review and takes them field by field. Synthetic people only.
 */
import { entryOf, r4EncounterMessage } from '../adapters/hospital-discharge/fhir/fixtures.js';
import { segment } from '../adapters/hospital-discharge/hl7v2/synthetic-messages.js';
import { defaultSenderProfile } from '../../adapters/hospital-discharge/sender-profile.js';
import { postFhir, postHl7 } from '../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { knownCustomers } from '../support/known-customers.js';
import { readSample, SHARED_SAMPLES_DIR, sharedSamplesPresent } from '../support/shared-samples.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';
import { adt, pv1 } from '../support/trust-adt.js';

/** A Cerner-style acute trust: table 0063 and 0131 codes in NK1. */
const ACUTE = 'RZZ';
/** A community trust whose system marks the main carer in a ZNK after each NK1. */
const COMMUNITY = 'RYW';

const CONTACT_FIELDS = 'name relationship { code codeSystem display } phones { number use } address { lines town postcode } isNextOfKin isMainCarer';
const REFERRALS = `{ referrals(first: 20) { edges { node { hospitalSpell { spellId } referredPerson { name { given preferred } contacts { ${CONTACT_FIELDS} } } } } } }`;

const SPOUSE = segment('NK1', { 1: '1', 2: 'TESTER^Bob^^^Mr', 3: 'SPO^Spouse^HL70063', 4: '12 Test Street^^Exampleton^^LS1 4AP^GBR^H', 5: '01134960001~07700900789', 7: 'NOK^Next of Kin^HL70131' });

describeEachStore('contacts and the preferred name', (kind) => {
  let place: TestStorePlace;
  let gw: TestGateway;

  beforeAll(async () => {
    place = await createTestStorePlace(kind);
    gw = await startTestGateway(place, {}, [{ ...defaultSenderProfile(COMMUNITY), mainCarerField: { segment: 'ZNK', field: 2 } }]);
  });
  afterAll(async () => {
    await gw.stop();
    await place.remove();
  });

  async function referralsSeenBy(trust: string | null) {
    const { body } = await gw.graphql(REFERRALS, {}, await (trust === null ? gw.token('HUB_COORDINATOR') : gw.token('HOSPITAL_DISCHARGE', { trust })));
    expect(body.errors).toBeUndefined();
    return body.data!.referrals.edges.map((edge: any) => edge.node);
  }

  test('an A01 with NK1s: the referral shows the contacts, to the trust as to the hub; an A08 without NK1 keeps them', async () => {
    const feed = await gw.token('SYSTEM', { trust: ACUTE });
    const person = segment('PID', { 1: '1', 3: `RZZ-NOK^^^${ACUTE}^MR`, 5: 'TESTER^Elizabeth^^^Mrs^^L~TESTER^Betty^^^^^N', 7: '19380214', 8: 'F' });
    const friend = segment('NK1', { 1: '2', 2: 'SAMPLE^Frank', 3: 'FND^Friend^HL70063', 5: '01134960321', 7: 'C^Emergency Contact^HL70131' });
    expect((await postHl7(gw.url, feed, adt(ACUTE, 'A01', 'NOK-1', person, SPOUSE, friend, pv1('RZZ-NOK-SPELL')))).acks[0]!.code).toBe('AA');
    expect((await postHl7(gw.url, feed, adt(ACUTE, 'A08', 'NOK-2', person, pv1('RZZ-NOK-SPELL')))).acks[0]!.code).toBe('AA');

    const [referral] = (await referralsSeenBy(ACUTE)).filter((r: any) => r.hospitalSpell.spellId === 'RZZ-NOK-SPELL');
    expect(referral.referredPerson.name).toEqual({ given: 'Elizabeth', preferred: 'Betty' });
    expect(referral.referredPerson.contacts).toEqual([
      {
        name: 'Mr Bob TESTER',
        relationship: { code: 'SPO', codeSystem: 'HL70063', display: 'Spouse' },
        phones: [{ number: '01134960001', use: 'HOME' }, { number: '07700900789', use: 'MOBILE' }],
        address: { lines: ['12 Test Street'], town: 'Exampleton', postcode: 'LS1 4AP' },
        isNextOfKin: true,
        isMainCarer: false,
      },
      { name: 'Frank SAMPLE', relationship: { code: 'FND', codeSystem: 'HL70063', display: 'Friend' }, phones: [{ number: '01134960321', use: 'HOME' }], address: null, isNextOfKin: false, isMainCarer: false },
    ]);
    const [seenByHub] = (await referralsSeenBy(null)).filter((r: any) => r.hospitalSpell?.spellId === 'RZZ-NOK-SPELL');
    expect(seenByHub.referredPerson).toEqual(referral.referredPerson);
    // Another trust sees nothing of it.
    expect((await referralsSeenBy('RYY')).filter((r: any) => r.hospitalSpell?.spellId === 'RZZ-NOK-SPELL')).toEqual([]);
    // The customer made from the trust's own message is the trust's: its contacts and preferred name are on the record.
    const hub = await gw.token('HUB_COORDINATOR');
    const { body } = await gw.graphql(`{ searchCustomers(text: "TESTER", first: 10) { edges { node { name { given preferred } contacts { name relationship phone isNextOfKin isMainCarer } } } } }`, {}, hub);
    expect(body.data!.searchCustomers.edges.map((e: any) => e.node)).toContainEqual({
      name: { given: 'Elizabeth', preferred: 'Betty' },
      contacts: [
        { name: 'Mr Bob TESTER', relationship: 'Spouse', phone: '01134960001', isNextOfKin: true, isMainCarer: false },
        { name: 'Frank SAMPLE', relationship: 'Friend', phone: '01134960321', isNextOfKin: false, isMainCarer: false },
      ],
    });
  });

  test('a council customer: the contacts are a CONTACTS difference for the hub, and accepting CONTACTS writes them and nothing else', async () => {
    const [known] = await knownCustomers(gw);
    const hub = await gw.token('HUB_COORDINATOR');
    const before = (await gw.graphql(`query($id: ID!) { customer(id: $id) { name { preferred } contacts { name } } }`, { id: known!.id }, hub)).body.data!.customer;
    const feed = await gw.token('SYSTEM', { trust: COMMUNITY });
    const person = segment('PID', {
      1: '1',
      3: `RYW-CARE^^^${COMMUNITY}^MR~${known!.nhsNumber}^^^NHS^NH`,
      5: `${known!.name.family}^${known!.name.given}^^^^^L~${known!.name.family}^Sunny^^^^^N`,
      32: 'NSTS01',
    });
    const carer = segment('NK1', { 1: '1', 2: 'SAMPLE^Cara', 3: '16^Relative', 5: '07700900111' });
    const sent = adt(COMMUNITY, 'A01', 'CARE-1', person, carer, segment('ZNK', { 1: '1', 2: 'Y' }), pv1('RYW-CARE-SPELL'));
    expect((await postHl7(gw.url, feed, sent)).acks[0]!.code).toBe('AA');

    const reviews = (await gw.graphql(`{ personUpdateReviews(first: 100) { id customer { id } differences sentPerson { name { preferred } contacts { name isMainCarer } } } }`, {}, hub)).body.data!.personUpdateReviews;
    const review = reviews.find((r: any) => r.customer.id === known!.id);
    expect(review.differences).toEqual(expect.arrayContaining(['PREFERRED_NAME', 'CONTACTS']));
    expect(review.differences).not.toContain('NAME');
    expect(review.sentPerson).toEqual({ name: { preferred: 'Sunny' }, contacts: [{ name: 'Cara SAMPLE', isMainCarer: true }] });
    // The record is the council's until a coordinator takes the difference.
    const unchanged = (await gw.graphql(`query($id: ID!) { customer(id: $id) { name { preferred } contacts { name } } }`, { id: known!.id }, hub)).body.data!.customer;
    expect(unchanged).toEqual(before);

    const accepted = await gw.graphql(`mutation($input: AcceptPersonUpdateInput!) { acceptPersonUpdate(input: $input) { id name { preferred } contacts { name relationship phone address { postcode } isNextOfKin isMainCarer } } }`, { input: { reviewId: review.id, fields: ['CONTACTS'] } }, hub);
    expect(accepted.body.errors).toBeUndefined();
    expect(accepted.body.data!.acceptPersonUpdate).toEqual({
      id: known!.id,
      name: { preferred: before.name.preferred },
      contacts: [{ name: 'Cara SAMPLE', relationship: 'Relative', phone: '07700900111', address: null, isNextOfKin: false, isMainCarer: true }],
    });
  });

  test('an R4 Patient.contact: v2-0131 `N` next of kin and `C` emergency contact on the referral', async () => {
    const bundle = r4EncounterMessage('in-progress');
    const patient = entryOf(bundle, 'Patient');
    patient.name.push({ use: 'usual', family: 'Testwoman', given: ['Addie'] });
    patient.contact = [
      {
        relationship: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0131', code: 'N' }] }, { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'SONC', display: 'son' }] }],
        name: { family: 'Testwoman', given: ['Sam'] },
        telecom: [{ system: 'phone', value: '07700900222', use: 'mobile' }],
      },
      { relationship: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0131', code: 'C' }] }], name: { text: 'Nell Neighbour' } },
    ];
    expect((await postFhir(gw.url, await gw.token('SYSTEM', { trust: 'RXX' }), JSON.stringify(bundle), 'json')).status).toBe(200);

    const [referral] = (await referralsSeenBy('RXX')).filter((r: any) => r.hospitalSpell.spellId === 'SPELL-900');
    expect(referral.referredPerson.name.preferred).toBe('Addie');
    expect(referral.referredPerson.contacts).toEqual([
      { name: 'Sam Testwoman', relationship: { code: 'SONC', codeSystem: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', display: 'son' }, phones: [{ number: '07700900222', use: 'MOBILE' }], address: null, isNextOfKin: true, isMainCarer: false },
      { name: 'Nell Neighbour', relationship: { code: 'C', codeSystem: 'http://terminology.hl7.org/CodeSystem/v2-0131', display: 'Emergency contact' }, phones: [], address: null, isNextOfKin: false, isMainCarer: false },
    ]);
  });

  const withSamples = sharedSamplesPresent ? test : test.skip;
  withSamples(`the public ITK A01 sample's NK1 (NHS relationship \`1\`, Spouse) is on its referral [read from ${SHARED_SAMPLES_DIR}; skipped where absent]`, async () => {
    const sample = readSample('hl7v2', 'nhse-tie-itk-adt-a01-zu-segments-v24.hl7');
    expect((await postHl7(gw.url, await gw.token('SYSTEM', { trust: 'RCB' }), sample)).acks[0]!.code).toBe('AA');
    const [referral] = (await referralsSeenBy('RCB')).filter((r: any) => r.hospitalSpell.spellId === '2139');
    expect(referral.referredPerson.contacts).toEqual([
      expect.objectContaining({ name: 'MR ALBERT J SMITH', relationship: { code: '1', codeSystem: null, display: 'Spouse' }, isNextOfKin: false, isMainCarer: false }),
    ]);
  });
});
