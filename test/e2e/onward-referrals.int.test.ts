/**
 * Onward referrals end to end: the real gateway over HTTP, the simulators of
 * the record systems (LAS, CareFirst) and of community health on loopback. An
 * onward referral to each of the three targets is made at its simulator
 * exactly once through an outage (the simulator down, then back; an answer
 * lost after the call took effect), and the target's answers come back onto
 * it by polling. Bad kinds and inputs are refused and store nothing; a
 * hospital team sees none of it. On both stores.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';

const STEP_MS = 300;
const KINDS = {
  services: [
    { kind: 'CARERS_SUPPORT', name: "Carers' support", target: { system: 'LAS', team: 'CARERS-SUPPORT' }, requires: ['reason'] },
    { kind: 'FINANCE_AND_BENEFITS', name: 'Finance and benefits assessment', target: { system: 'CAREFIRST', team: 'FAB' }, requires: ['reason'] },
    { kind: 'DAY_OPPORTUNITIES', name: 'Day opportunities', target: { system: 'LAS', team: 'DAYOPS-FULL' } },
    { kind: 'DISTRICT_NURSING', name: 'District nursing', target: { system: 'COMMUNITY_HEALTH', service: 'DISTRICT_NURSING' }, requires: ['reason'] },
  ],
};
const ONWARD = `id kind serviceName targetSystem destination status targetReference statusReason reason details madeBy { role } madeAt history { status reason at }`;
const MAKE = `mutation($id: ID!, $input: OnwardReferralInput!, $key: String!) { makeOnwardReferral(referralId: $id, input: $input, idempotencyKey: $key) { ${ONWARD} } }`;

interface Accepted {
  id: string;
  referringTrust: { odsCode: string } | null;
  customer: { id: string; nhsNumber: string | null; identities: { system: string }[] };
}

/** What each simulator counts of the referrals made to it: made once, and found again on a repeat. */
interface Made {
  made: number;
  repeated: number;
}

describeEachStore('onward referrals end to end', (kind) => {
  let place: TestStorePlace;
  let gw: TestGateway;
  let coordinator: string;
  let accepted: Accepted[];

  beforeAll(async () => {
    place = await createTestStorePlace(kind);
    const kindsFile = join(place.dataDir, 'onward-services.json');
    await writeFile(kindsFile, JSON.stringify(KINDS));
    gw = await startTestGateway(place, {
      ONWARD_SERVICES_FILE: kindsFile,
      ONWARD_POLL_MS: '50',
      CARE_RECORDS_SIMULATOR_STEP_MS: String(STEP_MS),
      OUTBOX_POLL_MS: '20',
      OUTBOX_BACKOFF_INITIAL_MS: '50',
      OUTBOX_BACKOFF_MAX_MS: '200',
      OUTBOX_BREAKER_OPEN_MS: '200',
    });
    coordinator = await gw.token('HUB_COORDINATOR', { subject: 'onward-coordinator' });
    const listed = await gw.graphql<any>(
      '{ referrals(filter: { statuses: [ACCEPTED] }, first: 200) { edges { node { id referringTrust { odsCode } customer { id nhsNumber identities { system } } } } } }',
      undefined,
      coordinator,
    );
    accepted = listed.body.data.referrals.edges.map((edge: any) => edge.node);
  }, 90_000);
  afterAll(async () => {
    await gw?.stop();
    await place?.remove();
  });

  /** The `skip`th accepted referral (of a trust) whose person the target knows: by their record there, or their NHS number for community health. */
  const linkedTo = (system: string, skip = 0) => {
    const knows = (referral: Accepted) =>
      system === 'COMMUNITY_HEALTH' ? referral.customer.nhsNumber !== null : referral.customer.identities.some((identity) => identity.system === system);
    const found = accepted.filter((referral) => referral.referringTrust && knows(referral));
    if (found.length <= skip) throw new Error(`the seeded hub has too few accepted referrals of people in ${system}`);
    return found[skip]!;
  };
  const make = (referralId: string, input: Record<string, unknown>, key: string, token = coordinator) => gw.graphql<any>(MAKE, { id: referralId, input, key }, token);
  const onwardOf = async (referralId: string) =>
    (await gw.graphql<any>(`query($id: ID!) { referral(id: $id) { onwardReferrals { ${ONWARD} } } }`, { id: referralId }, coordinator)).body.data.referral.onwardReferrals as any[];
  const count = async (table: 'onward_referrals' | 'outbox') => (await gw.gateway.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;

  async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, ms = 20_000): Promise<T> {
    let last = await read();
    for (const end = Date.now() + ms; !done(last); last = await read()) {
      if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(last)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return last;
  }

  const targets: Record<string, () => { setFaults(faults: Record<string, unknown>): void; made(): Made }> = {
    LAS: () => {
      const simulator = gw.simulators.careRecords.las!;
      return { setFaults: (faults) => simulator.setFaults(faults), made: () => ({ made: simulator.stats().teamReferralsMade, repeated: simulator.stats().teamReferralsRepeated }) };
    },
    CAREFIRST: () => {
      const simulator = gw.simulators.careRecords.carefirst!;
      return { setFaults: (faults) => simulator.setFaults(faults), made: () => ({ made: simulator.stats().teamReferralsMade, repeated: simulator.stats().teamReferralsRepeated }) };
    },
    COMMUNITY_HEALTH: () => {
      const simulator = gw.simulators.communityHealth!;
      return { setFaults: (faults) => simulator.setFaults(faults), made: () => ({ made: simulator.stats().serviceRequestsCreated, repeated: simulator.stats().serviceRequestsRepeated }) };
    },
  };

  test.each([
    ['LAS', 'CARERS_SUPPORT', /^TRF-\d{8}$/],
    ['CAREFIRST', 'FINANCE_AND_BENEFITS', /^REF\d{8}$/],
    ['COMMUNITY_HEALTH', 'DISTRICT_NURSING', /^sr-\d{6}$/],
  ] as const)('to %s: made at the simulator exactly once through an outage, and its answers come back', async (system, onwardKind, reference) => {
    const simulator = targets[system]!();
    const referral = linkedTo(system);
    const before = simulator.made();
    simulator.setFaults({ down: true });
    let made;
    try {
      made = await make(referral.id, { kind: onwardKind, reason: 'Main carer struggling since discharge' }, `e2e-${system}`);
      expect(made.body.errors).toBeUndefined();
      expect(made.body.data.makeOnwardReferral).toMatchObject({ kind: onwardKind, targetSystem: system, status: 'REQUESTED', targetReference: null, madeBy: { role: 'HUB_COORDINATOR' } });
      // Visible to ADMIN while it waits: tried, failed, to be tried again.
      const admin = await gw.token('ADMIN');
      const waiting = await until(
        'the outbox call tried while the simulator is down',
        async () => (await gw.graphql<any>('{ outboxCalls(first: 50) { edges { node { destination operation status attempts lastError } } } }', undefined, admin)).body.data.outboxCalls.edges
          .map((edge: any) => edge.node)
          .find((call: any) => call.operation === 'SEND_ONWARD_REFERRAL' && call.destination === system),
        (call) => call?.attempts >= 1 && call.lastError !== null,
      );
      expect(waiting.status).toBe('PENDING');
    } finally {
      // Back, but the first answer is lost after the referral was made: the retry must find it, not make another.
      simulator.setFaults({ down: false, malformedNext: 1 });
    }
    const id = made.body.data.makeOnwardReferral.id;
    const settled = await until('the onward referral accepted', async () => (await onwardOf(referral.id)).find((onward) => onward.id === id), (onward) => onward?.status === 'ACCEPTED');
    expect(settled.targetReference).toMatch(reference);
    const statuses = settled.history.map((step: any) => step.status);
    expect(statuses[0]).toBe('REQUESTED');
    expect(statuses.at(-1)).toBe('ACCEPTED');
    expect(statuses).toContain('ACKNOWLEDGED');
    expect(simulator.made().made).toBe(before.made + 1);
    expect(simulator.made().repeated).toBeGreaterThan(before.repeated);
    // The same key again is the same onward referral; nothing more reaches the simulator.
    const again = await make(referral.id, { kind: onwardKind, reason: 'Main carer struggling since discharge' }, `e2e-${system}`);
    expect(again.body.data.makeOnwardReferral.id).toBe(id);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(simulator.made().made).toBe(before.made + 1);
  });

  test("a declining team's answer comes back with its reason", async () => {
    const referral = linkedTo('LAS', 1);
    const made = await make(referral.id, { kind: 'day_opportunities' }, 'e2e-declined');
    expect(made.body.errors).toBeUndefined();
    const id = made.body.data.makeOnwardReferral.id;
    const settled = await until('declined', async () => (await onwardOf(referral.id)).find((onward) => onward.id === id), (onward) => onward?.status === 'DECLINED');
    expect(settled.statusReason).toMatch(/capacity/);
    expect(settled.history.at(-1)).toMatchObject({ status: 'DECLINED', reason: settled.statusReason });
  });

  test('making one is a CHANGE look at the person, and reading one a READ look', async () => {
    const referral = linkedTo('LAS', 2);
    const response = await fetch(`${gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${coordinator}` },
      body: JSON.stringify({ query: MAKE, variables: { id: referral.id, input: { kind: 'CARERS_SUPPORT', reason: 'Audit check' }, key: 'e2e-audit' } }),
    });
    expect(((await response.json()) as any).errors).toBeUndefined();
    const looksOf = (requestId: string | null) =>
      gw.gateway.db.query<{ action: string; customer_id: string }>(
        'SELECT e.action, p.customer_id FROM audit_events e JOIN audit_event_people p ON p.at = e.at AND p.event_id = e.id WHERE e.request_id = $1',
        [requestId],
      );
    expect(await looksOf(response.headers.get('x-request-id'))).toContainEqual({ action: 'CHANGE', customer_id: referral.customer.id });
    const read = await fetch(`${gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${coordinator}` },
      body: JSON.stringify({ query: 'query($id: ID!) { referral(id: $id) { onwardReferrals { kind } } }', variables: { id: referral.id } }),
    });
    expect(await looksOf(read.headers.get('x-request-id'))).toContainEqual({ action: 'READ', customer_id: referral.customer.id });
  });

  test('a hospital team sees no onward referral of its own trust\'s referral, by any path', async () => {
    const referral = linkedTo('LAS');
    expect((await onwardOf(referral.id)).length).toBeGreaterThan(0);
    const hospital = await gw.token('HOSPITAL_DISCHARGE', { trust: referral.referringTrust!.odsCode });
    const byId = await gw.graphql<any>('query($id: ID!) { referral(id: $id) { id onwardReferrals { id status } } }', { id: referral.id }, hospital);
    expect(byId.body.data.referral.id).toBe(referral.id);
    expect(byId.body.data.referral.onwardReferrals).toBeNull();
    expect(byId.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const listed = await gw.graphql<any>('{ referrals(first: 5) { edges { node { onwardReferrals { id } } } } }', undefined, hospital);
    expect(listed.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(listed.body.data)).not.toMatch(/"id"/);
    const kinds = await gw.graphql<any>('{ onwardServices { kind } }', undefined, hospital);
    expect(kinds.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const made = await make(referral.id, { kind: 'CARERS_SUPPORT', reason: 'A trust trying' }, 'e2e-hospital', hospital);
    expect(made.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const viewer = await make(referral.id, { kind: 'CARERS_SUPPORT', reason: 'A viewer trying' }, 'e2e-viewer', await gw.token('VIEWER'));
    expect(viewer.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  test('bad kinds and inputs get clear errors and create nothing', async () => {
    const lasReferral = linkedTo('LAS', 3);
    const notAccepted = (
      await gw.graphql<any>('{ referrals(filter: { statuses: [TRIAGED] }, first: 1) { edges { node { id } } } }', undefined, coordinator)
    ).body.data.referrals.edges[0].node.id;
    const [rows, calls] = [await count('onward_referrals'), await count('outbox')];
    const refusal = async (referralId: string, input: Record<string, unknown>, key: string) => (await make(referralId, input, key)).body.errors?.[0];

    const unknown = await refusal(lasReferral.id, { kind: 'ASTROLOGY', reason: 'x' }, 'bad-1');
    expect(unknown).toMatchObject({ extensions: { code: 'ONWARD_KIND_UNKNOWN', argument: 'input.kind' } });
    expect(unknown!.message).toMatch(/CARERS_SUPPORT, FINANCE_AND_BENEFITS/);
    expect(await refusal(lasReferral.id, { kind: 'CARERS_SUPPORT' }, 'bad-2')).toMatchObject({
      message: 'input.reason: is required for CARERS_SUPPORT (Carers\' support)',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(await refusal(lasReferral.id, { kind: 'CARERS_SUPPORT', reason: '   ' }, 'bad-3')).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    const triaged = await refusal(notAccepted, { kind: 'CARERS_SUPPORT', reason: 'x' }, 'bad-4');
    expect(triaged).toMatchObject({ extensions: { code: 'ONWARD_REFERRAL_NOT_ALLOWED', status: 'TRIAGED' } });
    expect(triaged!.message).toMatch(/only from ACCEPTED referrals/);
    const noNhsNumber = accepted.find((referral) => referral.customer.nhsNumber === null)!;
    const community = await refusal(noNhsNumber.id, { kind: 'DISTRICT_NURSING', reason: 'Leg ulcer dressings' }, 'bad-5');
    expect(community).toMatchObject({ extensions: { code: 'ONWARD_REFERRAL_NOT_ALLOWED', system: 'COMMUNITY_HEALTH' } });
    expect(community!.message).toMatch(/no NHS number/);
    const carefirstOnly = accepted.find((referral) => !referral.customer.identities.some((identity) => identity.system === 'CAREFIRST'))!;
    expect(await refusal(carefirstOnly.id, { kind: 'FINANCE_AND_BENEFITS', reason: 'x' }, 'bad-6')).toMatchObject({
      extensions: { code: 'ONWARD_REFERRAL_NOT_ALLOWED', system: 'CAREFIRST' },
    });
    expect(await refusal('00000000-0000-4000-8000-00000000dead', { kind: 'CARERS_SUPPORT', reason: 'x' }, 'bad-7')).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    expect([await count('onward_referrals'), await count('outbox')]).toEqual([rows, calls]);

    // A key used once is refused for a different request.
    expect((await make(lasReferral.id, { kind: 'CARERS_SUPPORT', reason: 'First' }, 'bad-8')).body.errors).toBeUndefined();
    expect(await refusal(lasReferral.id, { kind: 'CARERS_SUPPORT', reason: 'Second' }, 'bad-8')).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'idempotencyKey' } });
    expect(await count('onward_referrals')).toBe(rows + 1);
  });

  test('a kinds file that is not right stops start-up, naming the setting and the problem', async () => {
    const other = await createTestStorePlace(kind);
    try {
      const kindsFile = join(other.dataDir, 'bad-kinds.json');
      await writeFile(kindsFile, JSON.stringify({ services: [{ kind: 'CARERS_SUPPORT', name: "Carers' support", target: { system: 'LAS' } }] }));
      await expect(startTestGateway(other, { ONWARD_SERVICES_FILE: kindsFile })).rejects.toThrow(
        `ONWARD_SERVICES_FILE: ${kindsFile}: services[0].target.team: must be the team's code at LAS`,
      );
    } finally {
      await other.remove();
    }
  });

  test('onwardServices lists the configured kinds for hub staff', async () => {
    const kinds = await gw.graphql<any>('{ onwardServices { kind name targetSystem destination requires } }', undefined, await gw.token('VIEWER'));
    expect(kinds.body.data.onwardServices).toContainEqual({ kind: 'CARERS_SUPPORT', name: "Carers' support", targetSystem: 'LAS', destination: 'CARERS-SUPPORT', requires: ['reason'] });
    expect(kinds.body.data.onwardServices).toHaveLength(KINDS.services.length);
  });
});
