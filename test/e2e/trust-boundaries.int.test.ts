/**
 * The trust model tried as an attacker would, through the real gateway on
 * each store: a stranger trust (RZZ, which never referred anyone) and a
 * curious hospital team go after people the council knows. Each test is one
 * of the ways in that were once open, and asserts that it is refused or
 * contained: nothing of the council's record shown, nothing of another
 * trust's moved, every look on record. Synthetic people only.
 */
import { nhsCheckDigit } from '../../src/customers/nhs-number.js';
import { segment } from '../adapters/hospital-discharge/hl7v2/synthetic-messages.js';
import { entryOf, r4EncounterMessage } from '../adapters/hospital-discharge/fhir/fixtures.js';
import { postFhir, postHl7 } from '../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';
import { councilCustomers } from '../support/known-customers.js';
import { adt, pid } from '../support/trust-adt.js';

/** A trust that never referred anyone, and another. */
const STRANGER = 'RZZ';
const OTHER_STRANGER = 'RYY';

interface KnownPerson {
  id: string;
  nhsNumber: string;
  name: { given: string; family: string };
  dateOfBirth: string;
  address: { lines: string[]; postcode: string };
  phones: { number: string }[];
  contacts: { name: string; phone: string | null }[];
  identities: { system: string; localId: string }[];
  referrals: { id: string; trust: string | null }[];
}

const KNOWN = `{
  id nhsNumber name { given family } dateOfBirth address { lines postcode } phones { number } contacts { name phone }
  identities { system localId } referrals(first: 50) { edges { node { id referringTrust { odsCode } } } } }`;

const CUSTOMER = `query($id: ID!) { customer(id: $id) {
  id nhsNumber name { given family } dateOfBirth address { lines postcode } phones { number }
  identities { system localId } referrals(first: 50) { edges { node { id customer { id } } } } } }`;

const REVIEWS = `{ identityReviews(first: 200) { id kind identity { system localId } basis heldBecause sender { odsCode }
  sentPerson { name { family } } customer { id nhsNumber } mergeFrom { id } } }`;

const PERSON_UPDATES = `{ personUpdateReviews(first: 200) { id sender { odsCode } differences sentPerson { name { family } address { postcode } }
  customer { id } referral { id } } }`;

describeEachStore('trust boundaries, tried as an attacker would', (kind) => {
  let place: TestStorePlace;
  let gw: TestGateway;
  let hub: string;
  let admin: string;
  let people: KnownPerson[];

  beforeAll(async () => {
    place = await createTestStorePlace(kind);
    gw = await startTestGateway(place);
    hub = await gw.token('HUB_COORDINATOR', { subject: 'coordinator-under-test' });
    admin = await gw.token('ADMIN', { subject: 'admin-under-test' });
    // Council customers with everything a leak would show: an NHS number, phones, next of kin, a record system link.
    people = (await councilCustomers<any>(gw, KNOWN))
      .filter((c: any) => c.nhsNumber && c.phones.length > 0 && c.contacts.length > 0 && c.address?.postcode && c.name.given && c.dateOfBirth)
      .filter((c: any) => c.identities.some((i: any) => i.system === 'LAS' || i.system === 'CAREFIRST'))
      .map((c: any) => ({ ...c, referrals: c.referrals.edges.map((e: any) => ({ id: e.node.id, trust: e.node.referringTrust?.odsCode ?? null })) }));
    expect(people.length).toBeGreaterThan(6);
  });
  afterAll(async () => {
    await gw.stop();
    await place.remove();
  });

  /** Whether a response body holds anything of the council's record of the person. */
  function leaks(body: unknown, person: KnownPerson): string[] {
    const text = JSON.stringify(body);
    const secrets = [person.id, ...person.phones.map((p) => p.number), ...person.contacts.map((c) => c.name), ...person.address.lines, ...person.identities.map((i) => i.localId)];
    return secrets.filter((secret) => secret && text.includes(secret));
  }

  /** A valid test-range NHS number no customer holds (the synthetic hub's are random within the range). */
  async function unusedNhsNumber(): Promise<string> {
    for (let stem = 999_200_000; ; stem++) {
      const check = nhsCheckDigit(String(stem));
      if (check === null) continue;
      const candidate = `${stem}${check}`;
      const { body } = await gw.graphql(`query($n: NHSNumber!) { customerByNhsNumber(nhsNumber: $n) { id } }`, { n: candidate }, admin);
      if (body.data!.customerByNhsNumber === null) return candidate;
    }
  }

  async function customer(id: string) {
    return (await gw.graphql(CUSTOMER, { id }, admin)).body.data!.customer;
  }

  describe('a hospital team reads nothing of the council\'s record', () => {
    const SUBMIT = `mutation($input: SubmitDischargeInput!) { submitDischarge(input: $input) {
      id status referredPerson { nhsNumber nhsNumberVerified name { family } }
      customer { id nhsNumber phones { number } contacts { name phone } address { lines postcode } communication { notes }
        gpPractice { odsCode } identities { system localId } equipmentOrders { totalCount } careRecord { caseStatus } } } }`;

    test('a form naming a known NHS number links to the customer, and its answer shows nothing of them', async () => {
      const person = people[0]!;
      const ward = await gw.token('HOSPITAL_DISCHARGE', { trust: STRANGER });
      const { body } = await gw.graphql(SUBMIT, {
        input: { spellId: 'ATTACK-NHS', needsSummary: 'Curious', person: { nhsNumber: person.nhsNumber, familyName: 'Anybody', dateOfBirth: '1950-01-01', sex: 'UNKNOWN' } },
      }, ward);
      expect(body.data!.submitDischarge).toMatchObject({
        status: 'RECEIVED',
        referredPerson: { nhsNumber: person.nhsNumber, nhsNumberVerified: false, name: { family: 'Anybody' } },
        customer: null,
      });
      expect(body.errors!.map((e) => [e.path!.join('.'), e.extensions!.code])).toEqual([['submitDischarge.customer', 'FORBIDDEN']]);
      expect(leaks(body, person)).toEqual([]);
      // The link was made, for the hub to review: the council knows who it is, the trust does not.
      const reviews = (await gw.graphql(REVIEWS, {}, hub)).body.data!.identityReviews;
      expect(reviews.find((r: any) => r.identity.localId === 'ATTACK-NHS')).toMatchObject({ kind: 'LINK', basis: 'UNVERIFIED_NHS_NUMBER_MATCH', customer: { id: person.id } });
    });

    test('a form matching a person by name, birth date and postcode shows nothing of them either, then or later', async () => {
      const person = people[1]!;
      const ward = await gw.token('HOSPITAL_DISCHARGE', { trust: STRANGER });
      const { body } = await gw.graphql(SUBMIT, {
        input: {
          spellId: 'ATTACK-DEMOGRAPHICS',
          needsSummary: 'Curious',
          person: { familyName: person.name.family, givenName: person.name.given, dateOfBirth: person.dateOfBirth, sex: 'UNKNOWN', postcode: person.address.postcode },
        },
      }, ward);
      expect(body.data!.submitDischarge.customer).toBeNull();
      expect(leaks(body, person)).toEqual([]);
      const later = await gw.graphql(`{ referrals(first: 50) { edges { cursor node { id customer { id name { family } phones { number } } referredPerson { name { family } } } } } }`, {}, ward);
      expect(later.body.data!.referrals.edges.map((e: any) => e.node.customer)).toEqual(later.body.data!.referrals.edges.map(() => null));
      expect(leaks(later.body, person)).toEqual([]);
      const byId = await gw.graphql(`query($id: ID!) { referral(id: $id) { customer { id } } }`, { id: body.data!.submitDischarge.id }, ward);
      expect(byId.body.data!.referral.customer).toBeNull();
      expect(byId.body.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', permission: 'customer:read' });
    });

    test('a trust\'s feed token, after its message links to a known person, sees nothing of the council\'s record', async () => {
      const person = people[2]!;
      const feed = await gw.token('SYSTEM', { trust: STRANGER });
      const admitted = await postHl7(gw.url, feed, adt(STRANGER, 'A01', 'ATTACK-FEED-1', pid({ mrn: 'RZZ-FEED', trust: STRANGER, nhsNumber: person.nhsNumber, family: 'Whoever' }), segment('PV1', { 2: 'I', 19: 'ATTACK-FEED-SPELL' })));
      expect(admitted.acks[0]!.code).toBe('AA');
      const { body } = await gw.graphql(`{ referrals(first: 50) { edges { node { hospitalSpell { spellId } customer { id phones { number } contacts { name } } } } } }`, {}, feed);
      const spell = body.data!.referrals.edges.find((e: any) => e.node.hospitalSpell?.spellId === 'ATTACK-FEED-SPELL');
      expect(spell.node.customer).toBeNull();
      expect(leaks(body, person)).toEqual([]);
      // It is the known person, as the hub sees it: a verified NHS number is proof.
      const asHub = await gw.graphql(`{ referrals(filter: { trustOdsCode: "${STRANGER}" }, first: 50) { edges { node { hospitalSpell { spellId } customer { id } } } } }`, {}, hub);
      expect(asHub.body.data!.referrals.edges.find((e: any) => e.node.hospitalSpell?.spellId === 'ATTACK-FEED-SPELL').node.customer.id).toBe(person.id);
    });

    test('the referral\'s history shows the hub\'s steps by role only, and the trust\'s own steps in full', async () => {
      const ward = await gw.token('HOSPITAL_DISCHARGE', { trust: STRANGER });
      const submitted = await gw.graphql(SUBMIT, { input: { spellId: 'HISTORY-1', needsSummary: 'Needs a frame', person: { familyName: 'Historian', dateOfBirth: '1944-04-04', sex: 'FEMALE' } } }, ward);
      const id = submitted.body.data!.submitDischarge.id;
      await gw.graphql(`mutation($id: ID!) { triageReferral(input: { referralId: $id, pathway: PATHWAY_1, priority: URGENT, reason: "Known to LAS: daughter is main carer" }) { id } }`, { id }, hub);
      await gw.graphql(`mutation($id: ID!) { acceptReferral(input: { referralId: $id, assignedTeam: "Reablement North", assignedWorker: "Jo Worker" }) { id } }`, { id }, hub);
      const { body } = await gw.graphql(`query($id: ID!) { referral(id: $id) { status pathway priority assignedTeam assignedWorker
        triage { reason } history { action reason inboxMessageId by { subject name role } } } }`, { id }, ward);
      const referral = body.data!.referral;
      expect(referral).toMatchObject({ status: 'ACCEPTED', pathway: 'PATHWAY_1', priority: 'URGENT', assignedTeam: 'Reablement North', assignedWorker: null, triage: null });
      expect(referral.history[0]).toMatchObject({ action: 'RECEIVED', by: { subject: `feed:${STRANGER}`, role: 'SYSTEM' } });
      expect(referral.history[0].inboxMessageId).toMatch(/^[0-9a-f-]{36}$/);
      for (const step of referral.history.slice(1)) {
        expect(step).toEqual({ action: step.action, reason: null, inboxMessageId: null, by: { subject: null, name: null, role: 'HUB_COORDINATOR' } });
      }
      expect(JSON.stringify(body)).not.toMatch(/coordinator-under-test|Jo Worker|Known to LAS/);
      // Hub staff see who and why.
      const asHub = await gw.graphql(`query($id: ID!) { referral(id: $id) { history { reason by { subject } } } }`, { id }, hub);
      expect(asHub.body.data!.referral.history[1]).toEqual({ reason: 'Known to LAS: daughter is main carer', by: { subject: 'coordinator-under-test' } });
    });

    test('another trust\'s referral reads as absent by id, and cannot be listed', async () => {
      const other = await gw.token('HOSPITAL_DISCHARGE', { trust: OTHER_STRANGER });
      const theirs = (await gw.graphql(`{ referrals(filter: { trustOdsCode: "${STRANGER}" }, first: 1) { edges { node { id } } } }`, {}, hub)).body.data!.referrals.edges[0].node.id;
      expect((await gw.graphql(`query($id: ID!) { referral(id: $id) { id referredPerson { name { family } } } }`, { id: theirs }, other)).body).toEqual({ data: { referral: null } });
      const listed = await gw.graphql(`{ referrals(first: 500) { edges { node { id referringTrust { odsCode } } } } }`, {}, other);
      expect(listed.body.data!.referrals.edges.map((e: any) => e.node.id)).not.toContain(theirs);
    });
  });

  describe('a trust changes only its own people', () => {
    test('a stranger trust\'s A08 claiming a verified NHS number changes nothing; the hub takes what it chooses, field by field', async () => {
      const person = people[3]!;
      const feed = await gw.token('SYSTEM', { trust: STRANGER });
      const before = await customer(person.id);
      const rewrite = (control: string, postcode: string) =>
        adt(STRANGER, 'A08', control, pid({ mrn: 'RZZ-REWRITE', trust: STRANGER, nhsNumber: person.nhsNumber, family: 'REWRITTEN', given: 'Mallory', dob: '19990101', address: `1 Elsewhere Road^^Faraway^^${postcode}^GBR^H`, phone: '07700900999^PRN^CP' }));
      const sent = await postHl7(gw.url, feed, rewrite('REWRITE-1', 'LS1 4AP'));
      expect(sent.acks[0]!.code).toBe('AA');
      // The verified NHS number is proof of who the patient is: the trust's own number is linked, and nothing else changes.
      const { identities, ...demographics } = await customer(person.id);
      expect(demographics).toEqual({ ...before, identities: undefined });
      expect(identities).toEqual([...before.identities, { system: `PAS:${STRANGER}:${STRANGER}`, localId: 'RZZ-REWRITE' }]);

      const review = (await gw.graphql(PERSON_UPDATES, {}, hub)).body.data!.personUpdateReviews.find((r: any) => r.customer.id === person.id && r.sender.odsCode === STRANGER);
      expect(review.differences).toEqual(expect.arrayContaining(['NAME', 'DATE_OF_BIRTH', 'ADDRESS', 'PHONES']));
      expect(review.sentPerson).toEqual({ name: { family: 'REWRITTEN' }, address: { postcode: 'LS1 4AP' } });
      const inbox = (await gw.graphql(`{ inboxMessages(first: 50) { edges { node { controlId status note } } } }`, {}, admin)).body.data!.inboxMessages.edges;
      expect(inbox.find((e: any) => e.node.controlId === 'REWRITE-1').node).toMatchObject({ status: 'APPLIED', note: expect.stringContaining('person update review') });

      // A ward cannot decide it; a coordinator takes the address only.
      const refused = await gw.graphql(`mutation($id: ID!) { dismissPersonUpdate(reviewId: $id) { id } }`, { id: review.id }, await gw.token('HOSPITAL_DISCHARGE', { trust: STRANGER }));
      expect(refused.body.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', permission: 'identity:review' });
      const taken = await gw.graphql(`mutation($input: AcceptPersonUpdateInput!) { acceptPersonUpdate(input: $input) { id name { family } dateOfBirth address { postcode } } }`,
        { input: { reviewId: review.id, fields: ['ADDRESS'] } }, hub);
      expect(taken.body.data!.acceptPersonUpdate).toEqual({ id: person.id, name: { family: before.name.family }, dateOfBirth: before.dateOfBirth, address: { postcode: 'LS1 4AP' } });
      const open = () => gw.graphql(PERSON_UPDATES, {}, hub).then((r) => r.body.data!.personUpdateReviews.filter((x: any) => x.customer.id === person.id));
      expect(await open()).toEqual([]);

      // The same person sent again is not put to the hub again; something new is.
      await postHl7(gw.url, feed, rewrite('REWRITE-2', 'LS1 4AP'));
      expect(await open()).toEqual([]);
      await postHl7(gw.url, feed, rewrite('REWRITE-3', 'LS2 9JT'));
      expect((await open()).map((r: any) => r.differences)).toEqual([expect.arrayContaining(['ADDRESS'])]);
      expect((await customer(person.id)).address.postcode).toBe('LS1 4AP');
    });

    test('the trust that made a record keeps it up to date, until the hub confirms it; another trust\'s changes always wait', async () => {
      const feed = await gw.token('SYSTEM', { trust: STRANGER });
      const other = await gw.token('SYSTEM', { trust: OTHER_STRANGER });
      const nhsNumber = await unusedNhsNumber();
      const person = (trust: string, address: string) => pid({ mrn: `${trust}-OWN`, trust, nhsNumber, family: 'Ownership', given: 'Olive', address: `${address}^^Testville^^LS1 4AP^GBR^H` });
      await postHl7(gw.url, feed, adt(STRANGER, 'A01', 'OWN-1', person(STRANGER, '1 First Street'), segment('PV1', { 2: 'I', 19: 'OWN-SPELL' })));
      const made = (await gw.graphql(`query($n: NHSNumber!) { customerByNhsNumber(nhsNumber: $n) { id address { lines } } }`, { n: nhsNumber }, hub)).body.data!.customerByNhsNumber;
      expect(made.address.lines).toEqual(['1 First Street']);

      await postHl7(gw.url, feed, adt(STRANGER, 'A08', 'OWN-2', person(STRANGER, '2 Second Street')));
      expect((await customer(made.id)).address.lines).toEqual(['2 Second Street']);

      await postHl7(gw.url, other, adt(OTHER_STRANGER, 'A08', 'OWN-3', person(OTHER_STRANGER, '3 Third Street')));
      expect((await customer(made.id)).address.lines).toEqual(['2 Second Street']);
      const reviews = (await gw.graphql(PERSON_UPDATES, {}, hub)).body.data!.personUpdateReviews.filter((r: any) => r.customer.id === made.id);
      expect(reviews.map((r: any) => [r.sender.odsCode, r.differences])).toEqual([[OTHER_STRANGER, ['ADDRESS']]]);

      // The hub keeps its record as it is: from now on it is the council's, and the trust that made it asks too.
      await gw.graphql(`mutation($id: ID!) { dismissPersonUpdate(reviewId: $id) { id } }`, { id: reviews[0].id }, hub);
      await postHl7(gw.url, feed, adt(STRANGER, 'A08', 'OWN-4', person(STRANGER, '4 Fourth Street')));
      expect((await customer(made.id)).address.lines).toEqual(['2 Second Street']);
      const after = (await gw.graphql(PERSON_UPDATES, {}, hub)).body.data!.personUpdateReviews.filter((r: any) => r.customer.id === made.id);
      expect(after.map((r: any) => r.sender.odsCode)).toEqual([STRANGER]);
    });

    test('a stranger trust\'s A40 naming a known person\'s NHS number moves nothing; it waits for a coordinator, who may refuse it', async () => {
      const person = people[4]!;
      const feed = await gw.token('SYSTEM', { trust: STRANGER });
      const before = await customer(person.id);
      const merge = adt(STRANGER, 'A40', 'MERGE-NHS', pid({ mrn: 'RZZ-SURVIVOR', trust: STRANGER, family: 'Survivor', given: 'Sam' }), segment('MRG', { 1: `${person.nhsNumber}^^^NHS^NH` }));
      const sent = await postHl7(gw.url, feed, merge);
      expect(sent.acks[0]!.code).toBe('AA');
      expect(await customer(person.id)).toEqual(before);

      const review = (await gw.graphql(REVIEWS, {}, hub)).body.data!.identityReviews.find((r: any) => r.kind === 'MERGE' && r.mergeFrom?.id === person.id);
      expect(review).toMatchObject({ identity: { system: 'NHS', localId: person.nhsNumber }, sender: { odsCode: STRANGER }, sentPerson: { name: { family: 'Survivor' } }, customer: { nhsNumber: null } });
      expect(review.heldBecause).toEqual(expect.arrayContaining(['NHS_NUMBER', 'HOLDS_NHS_NUMBER', 'OTHER_LINKS', 'OTHER_REFERRALS', 'CONFIRMED_PERSON']));
      const note = (await gw.graphql(`{ inboxMessages(first: 50) { edges { node { controlId note } } } }`, {}, admin)).body.data!.inboxMessages.edges.find((e: any) => e.node.controlId === 'MERGE-NHS').node.note;
      expect(note).toContain(review.id);

      const separated = await gw.graphql(`mutation($id: ID!) { resolveIdentityReview(input: { id: $id, decision: SEPARATE }) { id } }`, { id: review.id }, hub);
      expect(separated.body.errors).toBeUndefined();
      expect(await customer(person.id)).toEqual(before);
      expect((await gw.graphql(REVIEWS, {}, hub)).body.data!.identityReviews.find((r: any) => r.id === review.id)).toBeUndefined();
    });

    test('a held merge a coordinator confirms joins the trust\'s survivor onto the council\'s record, which it keeps', async () => {
      const person = people[5]!;
      const feed = await gw.token('SYSTEM', { trust: STRANGER });
      const before = await customer(person.id);
      await postHl7(gw.url, feed, adt(STRANGER, 'A40', 'MERGE-CONFIRM', pid({ mrn: 'RZZ-KEEP', trust: STRANGER, family: 'Keeper', given: 'Kim' }), segment('MRG', { 1: `${person.nhsNumber}^^^NHS^NH` })));
      const review = (await gw.graphql(REVIEWS, {}, hub)).body.data!.identityReviews.find((r: any) => r.kind === 'MERGE' && r.mergeFrom?.id === person.id);
      const confirmed = await gw.graphql(`mutation($id: ID!) { resolveIdentityReview(input: { id: $id, decision: CONFIRM }) { id nhsNumber name { family } identities { system localId } } }`, { id: review.id }, hub);
      const kept = confirmed.body.data!.resolveIdentityReview;
      expect(kept).toMatchObject({ id: person.id, nhsNumber: person.nhsNumber, name: { family: before.name.family } });
      expect(kept.identities.map((i: any) => i.localId)).toEqual(expect.arrayContaining([...person.identities.map((i) => i.localId), 'RZZ-KEEP']));
      expect((await customer(person.id)).referrals.edges.map((e: any) => e.node.id)).toEqual(expect.arrayContaining(person.referrals.map((r) => r.id)));
      expect(await customer(review.customer.id)).toMatchObject({ nhsNumber: null, identities: [], referrals: { edges: [] } });
    });

    test('an A40 of the trust\'s own records alone is made at once', async () => {
      const feed = await gw.token('SYSTEM', { trust: STRANGER });
      const admit = (mrn: string, spell: string, control: string) =>
        adt(STRANGER, 'A01', control, pid({ mrn, trust: STRANGER, family: 'Duplicate', given: mrn }), segment('PV1', { 2: 'I', 19: spell }));
      await postHl7(gw.url, feed, admit('RZZ-TEMP', 'SPELL-TEMP', 'OWN-MERGE-1'));
      await postHl7(gw.url, feed, admit('RZZ-MAIN', 'SPELL-MAIN', 'OWN-MERGE-2'));
      const merged = await postHl7(gw.url, feed, adt(STRANGER, 'A40', 'OWN-MERGE-3', pid({ mrn: 'RZZ-MAIN', trust: STRANGER, family: 'Duplicate', given: 'RZZ-MAIN' }), segment('MRG', { 1: `RZZ-TEMP^^^${STRANGER}^MR` })));
      expect(merged.acks[0]!.code).toBe('AA');
      const spells = (await gw.graphql(`{ referrals(filter: { trustOdsCode: "${STRANGER}" }, first: 100) { edges { node { hospitalSpell { spellId } customer { id } history { action } } } } }`, {}, hub)).body.data!.referrals.edges.map((e: any) => e.node);
      const [temp, main] = ['SPELL-TEMP', 'SPELL-MAIN'].map((id) => spells.find((s: any) => s.hospitalSpell.spellId === id));
      expect(temp.customer.id).toBe(main.customer.id);
      expect(temp.history.map((h: any) => h.action)).toEqual(['RECEIVED', 'CUSTOMER_MERGED']);
    });

    test('FHIR identifiers are the sending trust\'s own: the same system and value from another trust is another link', async () => {
      const send = async (trust: string, family: string, spell: string) => {
        const bundle = r4EncounterMessage('in-progress');
        const header = entryOf(bundle, 'MessageHeader');
        header.id = `fhir-${trust}-${spell}`;
        header.sender.identifier.value = trust;
        const patient = entryOf(bundle, 'Patient');
        // No NHS number: only the hospital number could join the two.
        patient.identifier = [{ system: 'https://fhir.example.org/Id/hospital-number', value: 'SHARED-123' }];
        patient.name = [{ use: 'official', family, given: ['Fay'] }];
        entryOf(bundle, 'Encounter').identifier = [{ system: 'https://fhir.example.org/Id/spell', value: spell }];
        const response = await postFhir(gw.url, await gw.token('SYSTEM', { trust }), JSON.stringify(bundle), 'json');
        expect(response.status).toBe(200);
      };
      await send(STRANGER, 'Firstfhir', 'FHIR-SPELL-1');
      await send(OTHER_STRANGER, 'Secondfhir', 'FHIR-SPELL-2');
      const { body } = await gw.graphql(`{ referrals(first: 200) { edges { node { hospitalSpell { spellId } customer { id name { family } identities { system localId } } } } } }`, {}, hub);
      const [first, second] = ['FHIR-SPELL-1', 'FHIR-SPELL-2'].map((id) => body.data!.referrals.edges.find((e: any) => e.node.hospitalSpell?.spellId === id).node.customer);
      expect(first.id).not.toBe(second.id);
      expect(first.identities).toContainEqual({ system: `FHIR:${STRANGER}:https://fhir.example.org/Id/hospital-number`, localId: 'SHARED-123' });
      expect(second.name.family).toBe('Secondfhir');
    });
  });

  describe('every look is audited', () => {
    const LOOKS = `query($filter: AuditEventFilter) { auditEvents(filter: $filter, first: 500) { totalCount edges { cursor node {
      lookId action purpose customerId records requestId search { text nhsNumber matched } actor { subject role } } } } }`;

    async function looksOf(requestId: string | null) {
      const { body } = await gw.graphql(LOOKS, { filter: { actor: 'looker' } }, admin);
      return body.data!.auditEvents.edges.map((e: any) => e.node).filter((n: any) => n.requestId === requestId);
    }

    test('a search is a look of its own with everyone it matched, nobody included; counts and cursors alone are looks', async () => {
      const looker = await gw.token('VIEWER', { subject: 'looker' });
      const nobody = await gw.graphql(`{ searchCustomers(text: "Zzyzx") { totalCount } }`, {}, looker);
      expect(nobody.body.data!.searchCustomers.totalCount).toBe(0);
      expect(await looksOf(nobody.headers.get('x-request-id'))).toEqual([
        expect.objectContaining({ action: 'SEARCH', purpose: 'CASEWORK', customerId: null, search: { text: 'Zzyzx', nhsNumber: null, matched: 0 } }),
      ]);

      const person = people[6]!;
      const counted = await gw.graphql(`query($t: String) { searchCustomers(text: $t) { totalCount } }`, { t: person.nhsNumber }, looker);
      expect(counted.body.data!.searchCustomers.totalCount).toBe(1);
      expect(await looksOf(counted.headers.get('x-request-id'))).toEqual([
        expect.objectContaining({ action: 'SEARCH', customerId: person.id, search: { text: person.nhsNumber, nhsNumber: null, matched: 1 } }),
      ]);

      const cursor = await gw.graphql(`query($t: String) { searchCustomers(text: $t) { pageInfo { endCursor } } }`, { t: person.nhsNumber }, looker);
      expect((await looksOf(cursor.headers.get('x-request-id'))).map((l: any) => [l.action, l.customerId])).toEqual(
        expect.arrayContaining([['SEARCH', person.id], ['READ', person.id]]),
      );

      const orders = await gw.graphql(`query($id: ID) { equipmentOrders(filter: { customerId: $id }) { totalCount } }`, { id: person.id }, looker);
      expect(orders.body.errors).toBeUndefined();
      expect((await looksOf(orders.headers.get('x-request-id'))).map((l: any) => [l.action, l.customerId])).toEqual([['READ', person.id]]);
    });

    test('review queues and inbox bodies are looks at the people in them', async () => {
      const looker = await gw.token('ADMIN', { subject: 'looker' });
      const reviews = await gw.graphql(`{ identityReviews(first: 200) { sentPerson { name { family } } } }`, {}, looker);
      const expected = (await gw.graphql(`{ identityReviews(first: 200) { customer { id } mergeFrom { id } } }`, {}, hub)).body.data!.identityReviews
        .flatMap((r: any) => [r.customer.id, r.mergeFrom?.id].filter(Boolean));
      const seen = (await looksOf(reviews.headers.get('x-request-id'))).map((l: any) => l.customerId);
      expect(new Set(seen)).toEqual(new Set(expected));

      const inbox = await gw.graphql(`{ inboxMessages(first: 3) { edges { node { id body } } } }`, {}, looker);
      const looks = await looksOf(inbox.headers.get('x-request-id'));
      expect(looks.every((l: any) => l.purpose === 'ADMINISTRATION')).toBe(true);
      expect(looks[0].records.sort()).toEqual(inbox.body.data!.inboxMessages.edges.map((e: any) => `inbox:${e.node.id}`).sort());
      expect(looks.some((l: any) => l.customerId !== null)).toBe(true);
    });

    test('the trail is filtered by person, actor and time, pages without gaps, and reading it is a look of its own', async () => {
      const looker = await gw.token('VIEWER', { subject: 'looker' });
      const board = await gw.graphql(`{ referrals(first: 7) { edges { node { customer { id } } } } }`, {}, looker);
      const ids = [...new Set(board.body.data!.referrals.edges.map((e: any) => e.node.customer.id))];
      const requestId = board.headers.get('x-request-id');
      const firstPage = await gw.graphql(`query($after: String) { auditEvents(filter: { actor: "looker", action: READ }, first: 3, after: $after) { edges { cursor node { requestId customerId lookId } } pageInfo { endCursor hasNextPage } } }`, {}, admin);
      const pages = [firstPage.body.data!.auditEvents];
      while (pages.at(-1).pageInfo.hasNextPage && pages.length < 20) {
        pages.push((await gw.graphql(`query($after: String) { auditEvents(filter: { actor: "looker", action: READ }, first: 3, after: $after) { edges { cursor node { requestId customerId lookId } } pageInfo { endCursor hasNextPage } } }`, { after: pages.at(-1).pageInfo.endCursor }, admin)).body.data!.auditEvents);
      }
      const events = pages.flatMap((p: any) => p.edges.map((e: any) => e.node)).filter((n: any) => n.requestId === requestId);
      expect(events.map((e: any) => e.customerId).sort()).toEqual([...ids].sort());
      expect(new Set(events.map((e: any) => e.lookId)).size).toBe(1);

      const person = ids[0] as string;
      const whoLooked = await gw.graphql(LOOKS, { filter: { customerId: person, from: new Date(Date.now() - 60_000).toISOString() } }, admin);
      expect(whoLooked.body.data!.auditEvents.edges.map((e: any) => e.node.requestId)).toContain(requestId);
      const future = await gw.graphql(LOOKS, { filter: { customerId: person, from: new Date(Date.now() + 60_000).toISOString() } }, admin);
      expect(future.body.data!.auditEvents.totalCount).toBe(0);
      const audited = await gw.graphql(LOOKS, { filter: { actor: 'admin-under-test', action: 'READ', customerId: person } }, admin);
      expect(audited.body.data!.auditEvents.edges.map((e: any) => e.node.purpose)).toContain('AUDIT');
    });
  });
});
