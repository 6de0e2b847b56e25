/**
 * Referrals from every source, through the real server: a coordinator takes
 * a GP's referral for a new person and community health's for a customer the
 * hub knows, works the GP's through triage, acceptance, reassignment, close
 * and reopening within REFERRAL_REOPEN_WINDOW, and is refused a reopening
 * outside it (a seeded referral closed long ago, by the gateway's own clock).
 * A double-clicked form makes one referral. Bad input is refused with a clear
 * error and leaves nothing behind. No hospital team or feed, of any trust,
 * sees any of it by any path: a referral by id, the lists, a search, the
 * customer, the live events.
 */
import { nhsCheckDigit } from '../../src/customers/nhs-number.js';
import { startTestGateway, type GraphqlResponse, type TestGateway } from '../support/gateway.js';
import { subscribeOverWebSocket, subscriberTracker, type LiveSubscriber } from '../support/live-clients.js';
import { knownCustomers, type KnownCustomer } from '../support/known-customers.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';

const TRUSTS = ['R1A', 'R1B', 'R1C', 'R1D'];
const DAY_MS = 86_400_000;

const REFERRAL_FIELDS = `id source status priority needsSummary referringTrust { odsCode } referredPerson { nhsNumber }
  referrer { name organisation odsCode phone email } risks { flags notes } assignedTeam assignedWorker
  customer { id nhsNumber name { family given } }
  history { action fromStatus toStatus reason by { role subject } }`;

const CREATE = `mutation Create($input: CreateReferralInput!, $key: String!) { createReferral(input: $input, idempotencyKey: $key) { ${REFERRAL_FIELDS} } }`;
const DECIDE = (mutation: string, input: string) => `mutation($id: ID!) { ${mutation}(input: { referralId: $id, ${input} }) { ${REFERRAL_FIELDS} } }`;
const LIVE = 'subscription Live { referralChanged { changes referral { id } } }';

const GP_REFERRER = { name: 'Dr Priya Shah', organisation: 'Northgate Medical Practice', odsCode: 'y90001', phone: '01632 960100', email: 'duty.gp@example.org' };
const COMMUNITY_REFERRER = { name: 'Chris Dale', organisation: 'Northgate District Nursing', phone: '01632 960101' };

describeEachStore('referrals from every source, through the real server', (kind) => {
  let place: TestStorePlace;
  let gw: TestGateway;
  let hub: string;
  const { track, stopAll } = subscriberTracker();
  /** Every hospital team and feed, subscribed before anything is created: none may hear a thing of it. */
  const hospitalListeners: { label: string; subscriber: LiveSubscriber }[] = [];
  let hubListener: LiveSubscriber;
  /** What the tests made, for the hospital teams to fail to see. */
  const made: { referralIds: string[]; customerIds: string[]; family: string } = { referralIds: [], customerIds: [], family: 'Quillfeather' };
  let known: KnownCustomer;
  let newNhsNumber: string;

  const hospitalViewers = () => [
    ...TRUSTS.map((trust) => ({ label: `HOSPITAL_DISCHARGE ${trust}`, token: gw.token('HOSPITAL_DISCHARGE', { trust }) })),
    ...TRUSTS.map((trust) => ({ label: `SYSTEM ${trust}`, token: gw.token('SYSTEM', { trust }) })),
  ];

  beforeAll(async () => {
    place = await createTestStorePlace(kind);
    gw = await startTestGateway(place);
    hub = await gw.token('HUB_COORDINATOR', { subject: 'coordinator-sources' });
    known = (await knownCustomers(gw))[0]!;
    // A valid number in the 999 range that no seeded customer holds.
    for (let serial = 100_001; ; serial++) {
      const firstNine = `999${serial}`;
      const check = nhsCheckDigit(firstNine);
      if (check === null) continue;
      const candidate = `${firstNine}${check}`;
      const { body } = await gw.graphql('query($n: NHSNumber!) { customerByNhsNumber(nhsNumber: $n) { id } }', { n: candidate }, hub);
      if (body.data!.customerByNhsNumber === null) {
        newNhsNumber = candidate;
        break;
      }
    }
    for (const viewer of hospitalViewers()) {
      hospitalListeners.push({ label: viewer.label, subscriber: track(subscribeOverWebSocket(gw.url, await viewer.token, LIVE)) });
    }
    hubListener = track(subscribeOverWebSocket(gw.url, hub, LIVE));
    await Promise.all([hubListener.ready, ...hospitalListeners.map((listener) => listener.subscriber.ready)]);
    // Time for the subscribe messages to register once the sockets are acknowledged.
    await new Promise((resolve) => setTimeout(resolve, 300));
  }, 90_000);
  afterAll(async () => {
    await stopAll();
    await gw?.stop();
    await place?.remove();
  });

  const newPerson = () => ({
    nhsNumber: newNhsNumber,
    title: 'Mrs',
    givenName: 'Edith',
    familyName: made.family,
    dateOfBirth: '1938-04-12',
    sex: 'FEMALE',
    addressLines: ['14 Larch Walk'],
    town: 'Northgate',
    postcode: 'NX4 2LW',
    phone: '01632 960555',
  });
  const gpInput = () => ({
    source: 'GP',
    referrer: GP_REFERRER,
    person: newPerson(),
    needsSummary: 'Two falls this month; struggling with stairs and washing.',
    risks: { flags: ['FALLS_RISK', 'LIVES_ALONE', 'FALLS_RISK'], notes: 'Daughter visits weekly' },
    urgency: 'HIGH',
  });

  async function counts(): Promise<{ referrals: number; customers: number; creations: number; changes: number }> {
    const [row] = await gw.gateway.db.query<{ referrals: number; customers: number; creations: number; changes: number }>(
      `SELECT (SELECT count(*)::int FROM referrals) AS referrals, (SELECT count(*)::int FROM customers) AS customers,
              (SELECT count(*)::int FROM referral_creations) AS creations,
              (SELECT count(*)::int FROM audit_events WHERE action = 'CHANGE' AND operation = 'mutation Create') AS changes`,
    );
    return row!;
  }

  async function received(): Promise<number> {
    const { body } = await gw.graphql('{ hubBoard { byStatus { status count } } }', {}, hub);
    return body.data!.hubBoard.byStatus.find((entry: { status: string }) => entry.status === 'RECEIVED').count as number;
  }

  const created = (response: GraphqlResponse): any => {
    expect(response.body.errors).toBeUndefined();
    return response.body.data!.createReferral;
  };

  let gpReferral: string;

  test('a GP referral for a new person makes the customer and a RECEIVED referral, on the board, in the lists, heard live, audited as a change', async () => {
    const before = await counts();
    const boardBefore = await received();
    const referral = created(await gw.graphql(CREATE, { input: gpInput(), key: 'gp-form-1' }, hub));
    gpReferral = referral.id;
    made.referralIds.push(referral.id);
    made.customerIds.push(referral.customer.id);
    expect(referral).toMatchObject({
      source: 'GP',
      status: 'RECEIVED',
      priority: 'HIGH',
      referringTrust: null,
      referredPerson: null,
      referrer: { ...GP_REFERRER, odsCode: 'Y90001' },
      risks: { flags: ['FALLS_RISK', 'LIVES_ALONE'], notes: 'Daughter visits weekly' },
      customer: { nhsNumber: newNhsNumber, name: { family: made.family, given: 'Edith' } },
      history: [{ action: 'RECEIVED', fromStatus: null, toStatus: 'RECEIVED', by: { role: 'HUB_COORDINATOR', subject: 'coordinator-sources' } }],
    });
    expect(await counts()).toEqual({ ...before, referrals: before.referrals + 1, customers: before.customers + 1, creations: before.creations + 1, changes: before.changes + 1 });
    expect(await received()).toBe(boardBefore + 1);
    const audited = await gw.gateway.db.query<{ customer_id: string }>(
      `SELECT p.customer_id FROM audit_events e JOIN audit_event_people p ON p.at = e.at AND p.event_id = e.id
       WHERE e.action = 'CHANGE' AND e.operation = 'mutation Create' AND e.actor_subject = 'coordinator-sources'`,
    );
    expect(audited.map((row) => row.customer_id)).toContain(referral.customer.id);
    // In the coordinator's lists: untriaged, and found by the person's name.
    const { body } = await gw.graphql(`{ referrals(filter: { statuses: [RECEIVED], text: "${made.family}" }) { totalCount edges { node { id source } } } }`, {}, hub);
    expect(body.data!.referrals.edges).toEqual([{ node: { id: referral.id, source: 'GP' } }]);
    const heard = await hubListener.waitFor(1);
    expect(heard.map((event) => event.data?.referralChanged)).toContainEqual({ changes: ['RECEIVED'], referral: { id: referral.id } });
  });

  test('the same form sent twice (a double click) makes one referral; the same key with other input is refused', async () => {
    const before = await counts();
    const again = created(await gw.graphql(CREATE, { input: gpInput(), key: 'gp-form-1' }, hub));
    expect(again.id).toBe(gpReferral);
    expect(await counts()).toMatchObject({ referrals: before.referrals, customers: before.customers, creations: before.creations });
    const other = await gw.graphql(CREATE, { input: { ...gpInput(), needsSummary: 'Something else' }, key: 'gp-form-1' }, hub);
    expect(other.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'idempotencyKey' } });
    expect(other.body.errors?.[0]!.message).toMatch(/already used for a different referral/);
    expect(await counts()).toMatchObject({ referrals: before.referrals, customers: before.customers, creations: before.creations });
  });

  test("community health's referral for a customer the hub knows is that customer's, among their referrals", async () => {
    const before = await counts();
    const referral = created(
      await gw.graphql(CREATE, {
        input: { source: 'COMMUNITY_HEALTH', referrer: COMMUNITY_REFERRER, customerId: known.id, needsSummary: 'Pressure area care at home; needs a hoist assessment.', urgency: 'ROUTINE' },
        key: 'community-1',
      }, hub),
    );
    made.referralIds.push(referral.id);
    made.customerIds.push(known.id);
    expect(referral).toMatchObject({
      source: 'COMMUNITY_HEALTH',
      status: 'RECEIVED',
      priority: 'ROUTINE',
      referrer: { ...COMMUNITY_REFERRER, odsCode: null, email: null },
      risks: { flags: [], notes: null },
      customer: { id: known.id, nhsNumber: known.nhsNumber },
    });
    expect(await counts()).toMatchObject({ referrals: before.referrals + 1, customers: before.customers });
    const { body } = await gw.graphql('query($id: ID!) { customer(id: $id) { referrals(first: 50) { edges { node { id } } } } }', { id: known.id }, hub);
    expect(body.data!.customer.referrals.edges.map((edge: { node: { id: string } }) => edge.node.id)).toContain(referral.id);
  });

  test('the GP referral is triaged, accepted, reassigned, has its risks updated, closed and reopened within the window, each a step of its history', async () => {
    const step = async (mutation: string, input: string) => {
      const { body } = await gw.graphql(DECIDE(mutation, input), { id: gpReferral }, hub);
      expect(body.errors).toBeUndefined();
      return body.data![mutation];
    };
    await step('triageReferral', 'pathway: PATHWAY_1, priority: URGENT, reason: "Falls; reablement"');
    expect(await step('acceptReferral', 'assignedTeam: "Reablement North", assignedWorker: "Sam Okafor"')).toMatchObject({ status: 'ACCEPTED', assignedTeam: 'Reablement North' });
    expect(await step('reassignReferral', 'assignedTeam: "Reablement South", assignedWorker: "Jo Adeyemi", reason: "Lives on the south side"')).toMatchObject({
      status: 'ACCEPTED',
      assignedTeam: 'Reablement South',
      assignedWorker: 'Jo Adeyemi',
    });
    expect(await step('updateRisks', 'risks: { flags: [FALLS_RISK, CARER_UNDER_STRAIN], notes: "Daughter now caring daily" }, reason: "Home visit"')).toMatchObject({
      status: 'ACCEPTED',
      risks: { flags: ['FALLS_RISK', 'CARER_UNDER_STRAIN'], notes: 'Daughter now caring daily' },
    });
    await step('closeReferral', 'reason: "Goals met"');
    const reopened = await step('reopenReferral', 'reason: "Fell again the week after"');
    expect(reopened.status).toBe('RECEIVED');
    expect(reopened.history.map((event: { action: string; toStatus: string }) => `${event.action}->${event.toStatus}`)).toEqual([
      'RECEIVED->RECEIVED',
      'TRIAGED->TRIAGED',
      'ACCEPTED->ACCEPTED',
      'REASSIGNED->ACCEPTED',
      'RISKS_UPDATED->ACCEPTED',
      'CLOSED->CLOSED',
      'REOPENED->RECEIVED',
    ]);
    expect(reopened.history.at(-1)).toMatchObject({ fromStatus: 'CLOSED', reason: 'Fell again the week after', by: { role: 'HUB_COORDINATOR' } });
    // Reopened, it is triaged afresh: it is not accepted, so there is no allocation to move.
    const refused = await gw.graphql(DECIDE('reassignReferral', 'assignedTeam: "Reablement East"'), { id: gpReferral }, hub);
    expect(refused.body.errors?.[0]).toMatchObject({ extensions: { code: 'REFERRAL_TRANSITION_NOT_ALLOWED', from: 'RECEIVED', command: 'reassign' } });
  });

  test('a referral declined or closed longer ago than REFERRAL_REOPEN_WINDOW is refused reopening, by the gateway\'s clock, and stays as it was', async () => {
    const old = await finishedBefore(gw, hub, 28 * DAY_MS + DAY_MS);
    const refused = await gw.graphql(DECIDE('reopenReferral', 'reason: "Asked again"'), { id: old.id }, hub);
    expect(refused.body.errors?.[0]).toMatchObject({ extensions: { code: 'REFERRAL_REOPEN_WINDOW_PASSED', referralId: old.id, status: old.status, windowSeconds: 28 * 86_400 } });
    expect(refused.body.errors?.[0]!.message).toMatch(/longer than the 28 days a referral may be reopened within \(REFERRAL_REOPEN_WINDOW\)/);
    const after = await gw.graphql('query($id: ID!) { referral(id: $id) { status updatedAt history { action } } }', { id: old.id }, hub);
    expect(after.body.data!.referral).toEqual({ status: old.status, updatedAt: old.updatedAt, history: old.history.map(() => expect.anything()) });
  });

  test('no hospital team or feed of any trust sees any of it: by id, in its lists, by search, through the customer, or live', async () => {
    for (const viewer of hospitalViewers()) {
      const token = await viewer.token;
      for (const id of made.referralIds) {
        const byId = await gw.graphql('query($id: ID!) { referral(id: $id) { id source referrer { name } } }', { id }, token);
        expect([viewer.label, byId.body.data?.referral, byId.body.errors]).toEqual([viewer.label, null, undefined]);
      }
      const list = await gw.graphql('{ referrals(first: 2000) { totalCount edges { node { id source referringTrust { odsCode } } } } }', {}, token);
      expect(list.body.errors).toBeUndefined();
      const nodes = list.body.data!.referrals.edges.map((edge: any) => edge.node);
      expect([viewer.label, nodes.filter((node: any) => made.referralIds.includes(node.id) || node.source !== 'HOSPITAL_DISCHARGE')]).toEqual([viewer.label, []]);
      expect(nodes.length).toBe(list.body.data!.referrals.totalCount);
      const search = await gw.graphql(`{ referrals(filter: { text: "${made.family}" }) { totalCount } }`, {}, token);
      expect([viewer.label, search.body.data?.referrals.totalCount]).toEqual([viewer.label, 0]);
      for (const id of made.customerIds) {
        const customer = await gw.graphql('query($id: ID!) { customer(id: $id) { referrals { edges { node { id } } } } }', { id }, token);
        expect([viewer.label, customer.body.data?.customer ?? null, customer.body.errors?.map((error) => error.extensions?.code)]).toEqual([viewer.label, null, ['FORBIDDEN']]);
      }
    }
    // The hub heard every step; give any stray event to a hospital time to arrive.
    await hubListener.waitFor(8);
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const { label, subscriber } of hospitalListeners) {
      expect([label, subscriber.events.filter((event) => made.referralIds.includes(event.data?.referralChanged?.referral?.id))]).toEqual([label, []]);
      expect([label, subscriber.events.flatMap((event) => event.errors ?? [])]).toEqual([label, []]);
    }
  });

  test("on a trust's own referral, the hub's risk assessment changing is not shown to its team: not as a step, a new updatedAt or a live event", async () => {
    const ward = await gw.token('HOSPITAL_DISCHARGE', { trust: 'R1A' });
    const submitted = await gw.graphql('mutation($input: SubmitDischargeInput!) { submitDischarge(input: $input) { id } }', {
      input: { spellId: 'SOURCES-R1A-1', needsSummary: 'Home with carers', person: { familyName: 'Brightwater', dateOfBirth: '1944-02-02', sex: 'MALE' } },
    }, ward);
    expect(submitted.body.errors).toBeUndefined();
    const id = submitted.body.data!.submitDischarge.id as string;
    const teamView = async () => (await gw.graphql('query($id: ID!) { referral(id: $id) { updatedAt history { action } } }', { id }, ward)).body.data!.referral;
    const before = await teamView();
    const own = hospitalListeners.find((listener) => listener.label === 'HOSPITAL_DISCHARGE R1A')!.subscriber;
    const heardOf = () => own.events.filter((event) => event.data?.referralChanged?.referral?.id === id).length;
    // The team hears its own referral arrive; only then is what it hears next the hub's doing.
    for (const deadline = Date.now() + 10_000; heardOf() === 0 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 20));
    const heardBefore = heardOf();
    expect(heardBefore).toBe(1);
    const { body } = await gw.graphql(DECIDE('updateRisks', 'risks: { flags: [LIVES_ALONE] }, reason: "Phoned the son"'), { id }, hub);
    expect(body.errors).toBeUndefined();
    expect(body.data!.updateRisks.history.map((event: { action: string }) => event.action)).toEqual(['RECEIVED', 'RISKS_UPDATED']);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await teamView()).toEqual(before);
    expect(heardOf()).toBe(heardBefore);
    const risks = await gw.graphql('query($id: ID!) { referral(id: $id) { risks { flags } } }', { id }, ward);
    expect(risks.body.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  test('bad input is refused with an error naming what is wrong, and creates nothing', async () => {
    const gp = gpInput();
    const cases: [string, Record<string, unknown>, string, string?][] = [
      ['a hospital source', { ...gp, source: 'HOSPITAL_DISCHARGE' }, 'BAD_USER_INPUT', 'input.source'],
      ['no person', { ...gp, person: undefined }, 'BAD_USER_INPUT', 'input.person'],
      ['a customer and a person', { ...gp, customerId: known.id }, 'BAD_USER_INPUT', 'input.person'],
      ['a customer not known', { ...gp, person: undefined, customerId: '00000000-0000-4000-8000-00000000beef' }, 'NOT_FOUND'],
      ['a customer id that is no id', { ...gp, person: undefined, customerId: 'nobody' }, 'BAD_USER_INPUT', 'input.customerId'],
      ['a referrer with no way to reach them', { ...gp, referrer: { name: 'Dr Shah' } }, 'BAD_USER_INPUT', 'input.referrer'],
      ['a referrer with a blank name', { ...gp, referrer: { ...GP_REFERRER, name: '  ' } }, 'BAD_USER_INPUT', 'input.referrer.name'],
      ['a bad email', { ...gp, referrer: { ...GP_REFERRER, email: 'not an address' } }, 'BAD_USER_INPUT', 'input.referrer.email'],
      ['a bad phone', { ...gp, referrer: { ...GP_REFERRER, phone: 'call reception' } }, 'BAD_USER_INPUT', 'input.referrer.phone'],
      ['a bad ODS code', { ...gp, referrer: { ...GP_REFERRER, odsCode: 'Y9-0001!' } }, 'BAD_USER_INPUT', 'input.referrer.odsCode'],
      ['no needs summary', { ...gp, needsSummary: ' ' }, 'BAD_USER_INPUT', 'input.needsSummary'],
      ['a blank family name', { ...gp, person: { ...newPerson(), nhsNumber: null, familyName: ' ' } }, 'BAD_USER_INPUT', 'input.person.familyName'],
      ['an address line too long', { ...gp, person: { ...newPerson(), nhsNumber: null, addressLines: ['x'.repeat(201)] } }, 'BAD_USER_INPUT', 'input.person.addressLines[0]'],
      ["a new person with a customer's NHS number", { ...gp, person: { ...newPerson(), nhsNumber: known.nhsNumber } }, 'BAD_USER_INPUT', 'input.person.nhsNumber'],
      ['an NHS number failing its check digit', { ...gp, person: { ...newPerson(), nhsNumber: `${newNhsNumber.slice(0, 9)}${(Number(newNhsNumber[9]) + 1) % 10}` } }, 'BAD_USER_INPUT'],
      ['risk notes too long', { ...gp, risks: { flags: [], notes: 'x'.repeat(4_001) } }, 'BAD_USER_INPUT', 'input.risks.notes'],
    ];
    const before = await counts();
    for (const [label, input, code, argument] of cases) {
      const { status, body } = await gw.graphql(CREATE, { input, key: `bad-${label}` }, hub);
      expect(status).toBeLessThan(500);
      expect([label, body.data?.createReferral ?? null, body.errors?.[0]?.extensions?.code]).toEqual([label, null, code]);
      if (argument) expect([label, body.errors?.[0]?.extensions?.argument]).toEqual([label, argument]);
      expect([label, body.errors?.[0]?.message.length]).toEqual([label, expect.any(Number)]);
    }
    const blankKey = await gw.graphql(CREATE, { input: gp, key: ' ' }, hub);
    expect(blankKey.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'idempotencyKey' } });
    // Who may not: a VIEWER reads only; hospitals refer by their feeds and form.
    for (const token of [await gw.token('VIEWER'), await gw.token('HOSPITAL_DISCHARGE', { trust: 'R1A' }), await gw.token('SYSTEM', { trust: 'R1A' })]) {
      const { body } = await gw.graphql(CREATE, { input: gp, key: 'not-yours' }, token);
      expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect(await counts()).toEqual(before);
  });

  test("asking whether the council knows an NHS number, by offering it for a new person, is a search on the person's trail", async () => {
    const gp = gpInput();
    const refused = await gw.graphql(CREATE, { input: { ...gp, person: { ...newPerson(), nhsNumber: known.nhsNumber } }, key: 'probe-known-number' }, hub);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.person.nhsNumber' });
    const trail = await gw.graphql<any>(
      'query($id: ID!) { auditEvents(customerId: $id, filter: { action: SEARCH }, first: 20) { edges { node { operation search { nhsNumber matched } actor { role } } } } }',
      { id: known.id },
      await gw.token('ADMIN'),
    );
    expect(trail.body.data.auditEvents.edges.map((edge: any) => edge.node)).toContainEqual({
      operation: 'mutation Create',
      search: { nhsNumber: known.nhsNumber, matched: 1 },
      actor: { role: 'HUB_COORDINATOR' },
    });
  });
});

/** A seeded referral declined or closed more than `agoMs` before now (and less than `notBeforeMs`), by its history. */
async function finishedBefore(gw: TestGateway, hub: string, agoMs: number, notBeforeMs = Infinity): Promise<{ id: string; status: string; updatedAt: string; history: unknown[] }> {
  const { body } = await gw.graphql(
    '{ referrals(filter: { statuses: [CLOSED, DECLINED] }, orderBy: { field: RECEIVED, direction: ASC }, first: 100) { edges { node { id status updatedAt history { toStatus fromStatus at } } } } }',
    {},
    hub,
  );
  const finishedAt = (node: { status: string; history: { toStatus: string; fromStatus: string | null; at: string }[] }) =>
    Date.parse(node.history.filter((event) => event.toStatus === node.status && event.fromStatus !== event.toStatus).at(-1)!.at);
  const old = body.data!.referrals.edges.map((edge: any) => edge.node).find((node: any) => Date.now() - finishedAt(node) > agoMs && Date.now() - finishedAt(node) < notBeforeMs);
  expect(old).toBeDefined();
  return old;
}

describeEachStore('the reopen window is REFERRAL_REOPEN_WINDOW', (kind) => {
  let place: TestStorePlace;
  let gw: TestGateway;

  beforeAll(async () => {
    place = await createTestStorePlace(kind);
    gw = await startTestGateway(place, { REFERRAL_REOPEN_WINDOW: '366d' });
  }, 90_000);
  afterAll(async () => {
    await gw?.stop();
    await place?.remove();
  });

  test('with a year for a window, a referral finished more than four weeks ago reopens', async () => {
    const hub = await gw.token('HUB_COORDINATOR');
    const old = await finishedBefore(gw, hub, 29 * DAY_MS, 365 * DAY_MS);
    const { body } = await gw.graphql(DECIDE('reopenReferral', 'reason: "Needs returned"'), { id: old.id }, hub);
    expect(body.errors).toBeUndefined();
    expect(body.data!.reopenReferral).toMatchObject({ id: old.id, status: 'RECEIVED', history: expect.arrayContaining([expect.objectContaining({ action: 'REOPENED', fromStatus: old.status })]) });
  });
});
