/**
 * The hub's casework through the real gateway: a coordinator's notes (and a
 * correction) on a referral, tasks in myTasks and teamTasks overdue first,
 * the board's overdue counts; the tasks the gateway makes itself (a failed
 * delivery, a call given up, an identity review waiting a day), each once;
 * and a hospital team of the referral's own trust shown none of it.
 */
import { message, msh, segment } from '../adapters/hospital-discharge/hl7v2/synthetic-messages.js';
import { postHl7 } from '../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';

const TRUST = 'R1A';
const DUTY_TEAM = 'Casework test duty desk';
const HOUR = 60 * 60 * 1_000;

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, ms = 20_000): Promise<T> {
  let value = await read();
  for (const until = Date.now() + ms; !done(value); value = await read()) {
    if (Date.now() > until) throw new Error(`waited ${ms} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return value;
}

const codes = (body: { errors?: { extensions?: Record<string, unknown> }[] }) => body.errors?.map((error) => error.extensions?.code) ?? [];

describeEachStore('casework: notes and tasks end to end', (kind) => {
  let place: TestStorePlace;
  let gw: TestGateway;
  let coordinator: string;
  let referralId: string;
  let customerId: string;

  beforeAll(async () => {
    place = await createTestStorePlace(kind);
    gw = await startTestGateway(place, {
      // One attempt gives a call up; the simulator delivers (or fails to) quickly; the sweep runs every second.
      OUTBOX_MAX_ATTEMPTS: '1',
      OUTBOX_POLL_MS: '20',
      SUPPLIER_SIMULATOR_STEP_MS: '100',
      CASEWORK_SWEEP_INTERVAL: '1s',
      CASEWORK_SYSTEM_TASK_TEAM: DUTY_TEAM,
    });
    coordinator = await gw.token('HUB_COORDINATOR', { subject: 'casework-coordinator' });
    const found = await gw.graphql(`{ referrals(filter: { trustOdsCode: "${TRUST}", statuses: [ACCEPTED] }, first: 1) { edges { node { id customer { id } } } } }`, {}, coordinator);
    referralId = found.body.data!.referrals.edges[0].node.id;
    customerId = found.body.data!.referrals.edges[0].node.customer.id;
  }, 90_000);
  afterAll(async () => {
    await gw?.stop();
    await place?.remove();
  });

  const addNote = (input: Record<string, unknown>, key: string, token = coordinator) =>
    gw.graphql(
      'mutation($input: AddCaseNoteInput!, $key: String!) { addCaseNote(input: $input, idempotencyKey: $key) { id category text author { subject role } corrects correctedBy } }',
      { input, key },
      token,
    );

  const NOTES = 'query($id: ID!, $after: String) { referral(id: $id) { notes(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id text category corrects correctedBy } } } } }';

  test('notes: appended, newest first and paged, a correction names the note it corrects, bad input named', async () => {
    const phone = await addNote({ referralId, category: 'PHONE_CALL', text: 'Spoke to daughter: key safe is by the back door.' }, `${kind}-note-1`);
    expect(phone.body.errors).toBeUndefined();
    expect(phone.body.data!.addCaseNote).toMatchObject({ category: 'PHONE_CALL', author: { subject: 'casework-coordinator', role: 'HUB_COORDINATOR' }, corrects: null });
    // The same request again is the same note; the key with other words is refused.
    expect((await addNote({ referralId, category: 'PHONE_CALL', text: 'Spoke to daughter: key safe is by the back door.' }, `${kind}-note-1`)).body.data!.addCaseNote.id).toBe(phone.body.data!.addCaseNote.id);
    expect(codes((await addNote({ referralId, category: 'PHONE_CALL', text: 'Other words' }, `${kind}-note-1`)).body)).toEqual(['BAD_USER_INPUT']);

    const visit = await addNote({ referralId, category: 'VISIT', text: 'Home visit: stairs are steep, rail needed.' }, `${kind}-note-2`);
    const correction = await addNote({ referralId, category: 'PHONE_CALL', text: 'Correction: the key safe is by the front door.', corrects: phone.body.data!.addCaseNote.id }, `${kind}-note-3`);
    expect(correction.body.data!.addCaseNote.corrects).toBe(phone.body.data!.addCaseNote.id);
    // A note is corrected once: the correction is what a second correction corrects.
    const twice = await addNote({ referralId, category: 'OTHER', text: 'Again', corrects: phone.body.data!.addCaseNote.id }, `${kind}-note-4`);
    expect(twice.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.corrects' });

    for (const [input, argument] of [
      [{ referralId, category: 'OTHER', text: '   ' }, 'input.text'],
      [{ referralId, category: 'OTHER', text: 'x'.repeat(10_001) }, 'input.text'],
      [{ referralId: 'not-an-id', category: 'OTHER', text: 'x' }, 'input.referralId'],
    ] as const) {
      const refused = await addNote(input, `${kind}-bad-${argument}-${input.text.length}`);
      expect(refused.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    }
    expect(codes((await addNote({ referralId: '00000000-0000-4000-8000-00000000dead', category: 'OTHER', text: 'x' }, `${kind}-nowhere`)).body)).toEqual(['NOT_FOUND']);

    const first = await gw.graphql(NOTES, { id: referralId }, coordinator);
    const page = first.body.data!.referral.notes;
    expect(page.totalCount).toBe(3);
    expect(page.edges.map((edge: any) => edge.node.id)).toEqual([correction.body.data!.addCaseNote.id, visit.body.data!.addCaseNote.id]);
    const rest = (await gw.graphql(NOTES, { id: referralId, after: page.pageInfo.endCursor }, coordinator)).body.data!.referral.notes;
    expect(rest.pageInfo.hasNextPage).toBe(false);
    expect(rest.edges.map((edge: any) => edge.node)).toEqual([
      { id: phone.body.data!.addCaseNote.id, text: 'Spoke to daughter: key safe is by the back door.', category: 'PHONE_CALL', corrects: null, correctedBy: correction.body.data!.addCaseNote.id },
    ]);

    // Under each referral of a list, the first pages come batched for the whole list, the same notes.
    const listed = await gw.graphql(`{ referrals(filter: { trustOdsCode: "${TRUST}", statuses: [ACCEPTED] }, first: 20) { edges { node { id notes(first: 1) { totalCount edges { node { id } } } } } } }`, {}, coordinator);
    const ours = listed.body.data!.referrals.edges.find((edge: any) => edge.node.id === referralId).node.notes;
    expect(ours).toEqual({ totalCount: 3, edges: [{ node: { id: correction.body.data!.addCaseNote.id } }] });
    expect(listed.body.data!.referrals.edges.filter((edge: any) => edge.node.id !== referralId).every((edge: any) => edge.node.notes.totalCount === 0)).toBe(true);

    // Reading the notes is a look at the person, for casework, naming each note read.
    const requestId = first.headers.get('x-request-id');
    const looks = await gw.gateway.db.query<{ purpose: string; records: string[]; customer_id: string }>(
      `SELECT e.purpose, e.records, p.customer_id FROM audit_events e JOIN audit_event_people p ON p.at = e.at AND p.event_id = e.id
       WHERE e.request_id = $1 AND e.action = 'READ'`,
      [requestId],
    );
    expect(looks.map((look) => [look.purpose, look.customer_id])).toEqual([['CASEWORK', customerId]]);
    expect([...looks[0]!.records].sort()).toEqual([`case-note:${correction.body.data!.addCaseNote.id}`, `case-note:${visit.body.data!.addCaseNote.id}`].sort());
    // Writing one is a change on the person's record.
    const changes = await gw.gateway.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events e JOIN audit_event_people p ON p.at = e.at AND p.event_id = e.id
       WHERE e.action = 'CHANGE' AND e.operation LIKE '%addCaseNote%' AND p.customer_id = $1`,
      [customerId],
    );
    expect(changes[0]!.n).toBe(3);
  });

  const createTask = (input: Record<string, unknown>, key: string, token = coordinator) =>
    gw.graphql('mutation($input: CreateTaskInput!, $key: String!) { createTask(input: $input, idempotencyKey: $key) { id status overdue assignee { team worker } } }', { input, key }, token);

  const TASK_FIELDS = 'totalCount pageInfo { hasNextPage endCursor } edges { node { id title overdue status cause referral { id } equipmentOrder { id } identityReviewId outboxCallId } }';
  const teamTasks = (team: string, extra = '', token = coordinator) =>
    gw.graphql(`query($team: String!, $after: String) { teamTasks(team: $team, ${extra} after: $after) { ${TASK_FIELDS} } }`, { team }, token);
  const overdueOf = async (team: string) =>
    ((await gw.graphql('{ hubBoard { overdueTasks { team open overdue } } }', {}, coordinator)).body.data!.hubBoard.overdueTasks as { team: string }[]).find((count) => count.team === team) ?? null;

  test('tasks: made, listed overdue first and paged, counted on the board, completed and cancelled', async () => {
    const team = `Team ${kind}`;
    const at = (ms: number) => new Date(Date.now() + ms).toISOString();
    const later = (await createTask({ title: 'Ring the family', dueAt: at(24 * HOUR), team, worker: 'casework-coordinator', referralId }, `${kind}-task-later`)).body.data!.createTask;
    const late = (await createTask({ title: 'Book the OT visit', dueAt: at(-HOUR), team, worker: 'casework-coordinator', referralId }, `${kind}-task-late`)).body.data!.createTask;
    const latest = (await createTask({ title: 'Chase the GP', dueAt: at(-2 * HOUR), team, referralId }, `${kind}-task-latest`)).body.data!.createTask;
    expect(late).toMatchObject({ status: 'OPEN', overdue: true, assignee: { team, worker: 'casework-coordinator' } });
    expect(later.overdue).toBe(false);

    for (const [input, argument] of [
      [{ title: 'x', dueAt: at(HOUR), team }, 'input.referralId'],
      [{ title: 'x', dueAt: at(HOUR), team, referralId, equipmentOrderId: referralId }, 'input.referralId'],
      [{ title: ' ', dueAt: at(HOUR), team, referralId }, 'input.title'],
      [{ title: 'x'.repeat(201), dueAt: at(HOUR), team, referralId }, 'input.title'],
      [{ title: 'x', dueAt: at(HOUR), team: '', referralId }, 'input.team'],
    ] as const) {
      const refused = await createTask(input, `${kind}-bad-task-${argument}-${String(input.title.length)}-${'equipmentOrderId' in input}`);
      expect(refused.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    }

    const mine = await gw.graphql(`{ myTasks { ${TASK_FIELDS} } }`, {}, coordinator);
    expect(mine.body.data!.myTasks.edges.map((edge: any) => [edge.node.id, edge.node.overdue])).toEqual([[late.id, true], [later.id, false]]);
    // Another worker's list holds none of them.
    const other = await gw.token('HUB_COORDINATOR', { subject: 'casework-someone-else' });
    expect((await gw.graphql(`{ myTasks { totalCount } }`, {}, other)).body.data!.myTasks.totalCount).toBe(0);

    const firstPage = await gw.graphql(`query($team: String!) { teamTasks(team: $team, first: 2) { ${TASK_FIELDS} } }`, { team }, coordinator);
    const page = firstPage.body.data!.teamTasks;
    expect(page.totalCount).toBe(3);
    expect(page.edges.map((edge: any) => edge.node.id)).toEqual([latest.id, late.id]);
    expect(page.edges[0].node.referral).toEqual({ id: referralId });
    const rest = await gw.graphql(`query($team: String!, $after: String) { teamTasks(team: $team, first: 2, after: $after) { ${TASK_FIELDS} } }`, { team, after: page.pageInfo.endCursor }, coordinator);
    expect(rest.body.data!.teamTasks.edges.map((edge: any) => edge.node.id)).toEqual([later.id]);
    expect(codes((await gw.graphql('{ teamTasks(team: "x", after: "bm90LWEtY3Vyc29y") { totalCount } }', {}, coordinator)).body)).toEqual(['BAD_USER_INPUT']);
    // Reading tasks is a look at the person they are about.
    const looked = await gw.gateway.db.query<{ customer_id: string }>(
      `SELECT p.customer_id FROM audit_events e JOIN audit_event_people p ON p.at = e.at AND p.event_id = e.id WHERE e.request_id = $1`,
      [firstPage.headers.get('x-request-id')],
    );
    expect(looked.map((look) => look.customer_id)).toEqual([customerId]);

    expect(await overdueOf(team)).toEqual({ team, open: 3, overdue: 2 });
    const done = await gw.graphql('mutation($id: ID!) { completeTask(id: $id) { status overdue closedBy { subject } closedAt } }', { id: late.id }, coordinator);
    expect(done.body.data!.completeTask).toMatchObject({ status: 'DONE', overdue: false, closedBy: { subject: 'casework-coordinator' } });
    // Completing again is the same task; cancelling a done one is refused.
    expect((await gw.graphql('mutation($id: ID!) { completeTask(id: $id) { status } }', { id: late.id }, coordinator)).body.data!.completeTask.status).toBe('DONE');
    const cancelDone = await gw.graphql('mutation($id: ID!) { cancelTask(id: $id, reason: "No longer needed") { status } }', { id: late.id }, coordinator);
    expect(cancelDone.body.errors![0]!.extensions).toMatchObject({ code: 'TASK_TRANSITION_NOT_ALLOWED', from: 'DONE', to: 'CANCELLED' });
    const cancelled = await gw.graphql('mutation($id: ID!) { cancelTask(id: $id, reason: "GP already called") { status cancelReason } }', { id: latest.id }, coordinator);
    expect(cancelled.body.data!.cancelTask).toEqual({ status: 'CANCELLED', cancelReason: 'GP already called' });
    expect(await overdueOf(team)).toEqual({ team, open: 1, overdue: 0 });
    // Closed tasks come after open ones, when asked for.
    const all = await teamTasks(team, 'statuses: [OPEN, DONE, CANCELLED],');
    expect(all.body.data!.teamTasks.edges.map((edge: any) => edge.node.id)).toEqual([later.id, latest.id, late.id]);
    const onReferral = await gw.graphql('query($id: ID!) { referral(id: $id) { tasks(statuses: [OPEN]) { edges { node { id } } } } }', { id: referralId }, coordinator);
    expect(onReferral.body.data!.referral.tasks.edges.map((edge: any) => edge.node.id)).toContain(later.id);
  });

  test('a hospital team of the referral\'s own trust sees no note or task, by any path', async () => {
    const ward = await gw.token('HOSPITAL_DISCHARGE', { trust: TRUST });
    const feed = await gw.token('SYSTEM', { trust: TRUST });
    for (const token of [ward, feed]) {
      const read = await gw.graphql('query($id: ID!) { referral(id: $id) { id status notes { totalCount edges { node { text } } } tasks { totalCount edges { node { title } } } } }', { id: referralId }, token);
      expect(read.body.data!.referral).toMatchObject({ id: referralId, notes: null, tasks: null });
      expect(codes(read.body)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
      for (const query of ['{ myTasks { totalCount edges { node { title } } } }', `{ teamTasks(team: "Team ${kind}") { totalCount edges { node { title } } } }`, '{ hubBoard { overdueTasks { team overdue } } }']) {
        const refused = await gw.graphql(query, {}, token);
        expect([query, codes(refused.body)]).toEqual([query, ['FORBIDDEN']]);
      }
      expect(codes((await addNote({ referralId, category: 'OTHER', text: 'From the ward' }, `${kind}-ward-note`, token)).body)).toEqual(['FORBIDDEN']);
      expect(codes((await createTask({ title: 'x', dueAt: new Date().toISOString(), team: 'x', referralId }, `${kind}-ward-task`, token)).body)).toEqual(['FORBIDDEN']);
    }
    // And the read-only VIEWER reads notes but may not write one.
    const viewer = await gw.token('VIEWER');
    expect((await gw.graphql('query($id: ID!) { referral(id: $id) { notes { totalCount } } }', { id: referralId }, viewer)).body.data!.referral.notes.totalCount).toBeGreaterThan(0);
    expect(codes((await addNote({ referralId, category: 'OTHER', text: 'x' }, `${kind}-viewer-note`, viewer)).body)).toEqual(['FORBIDDEN']);
  });

  const systemTasks = async (cause: string) =>
    (await gw.graphql(`{ teamTasks(team: "${DUTY_TEAM}", first: 100) { ${TASK_FIELDS} } }`, {}, coordinator)).body.data!.teamTasks.edges
      .map((edge: any) => edge.node)
      .filter((task: any) => task.cause === cause);

  const placeOrder = async (key: string, accessNotes: string | null) => {
    const found = await gw.graphql('{ referrals(first: 50) { edges { node { customer { id address { postcode } } } } } }', {}, coordinator);
    const customer = found.body.data!.referrals.edges.find((edge: any) => edge.node.customer.address?.postcode).node.customer.id;
    const placed = await gw.graphql(
      'mutation($input: PlaceEquipmentOrderInput!, $key: String!) { placeEquipmentOrder(input: $input, idempotencyKey: $key) { id } }',
      { input: { customerId: customer, deliverySpeed: 'STANDARD', lines: [{ itemCode: 'WS-001', quantity: 1 }], accessNotes }, key },
      coordinator,
    );
    expect(placed.body.errors).toBeUndefined();
    return placed.body.data!.placeEquipmentOrder.id as string;
  };

  test('a failed delivery makes one task about its order', async () => {
    const orderId = await placeOrder(`${kind}-no-answer`, 'No answer at the door: ring first');
    await eventually(
      async () => (await gw.graphql('query($id: ID!) { equipmentOrder(id: $id) { status } }', { id: orderId }, coordinator)).body.data!.equipmentOrder.status,
      (status) => status === 'DELIVERY_FAILED',
      'the delivery to fail',
    );
    const tasks = await systemTasks('DELIVERY_FAILED');
    expect(tasks.filter((task: any) => task.equipmentOrder?.id === orderId)).toHaveLength(1);
    const onOrder = await gw.graphql('query($id: ID!) { equipmentOrder(id: $id) { tasks { totalCount edges { node { cause title } } } } }', { id: orderId }, coordinator);
    expect(onOrder.body.data!.equipmentOrder.tasks.totalCount).toBe(1);
    expect(onOrder.body.data!.equipmentOrder.tasks.edges[0].node.title).toMatch(/^Delivery failed/);
  });

  test('a call given up makes one task, however many sweeps see it', async () => {
    // The catalogue first (it is cached), so that the one failure falls on the order's submission.
    await gw.graphql('{ equipmentCatalogue(first: 1) { totalCount } }', undefined, coordinator);
    gw.simulator!.setFaults({ failNext5xx: 1 });
    const orderId = await placeOrder(`${kind}-given-up`, null);
    const [task] = await eventually(
      async () => (await systemTasks('OUTSIDE_CALL_GIVEN_UP')).filter((found: any) => found.equipmentOrder?.id === orderId),
      (found) => found.length > 0,
      'the task for the call given up',
    );
    const [call] = await gw.gateway.db.query<{ id: string }>("SELECT id FROM outbox WHERE status = 'DEAD' AND payload ->> 'orderId' = $1", [orderId]);
    expect(task.outboxCallId).toBe(call!.id);
    // Two more sweeps: still one.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect((await systemTasks('OUTSIDE_CALL_GIVEN_UP')).filter((found: any) => found.outboxCallId === call!.id)).toHaveLength(1);
  });

  test('an identity review gets a task once it has waited a day, and only one', async () => {
    // A merge the trust's feed sends of a person the council knows is held for review.
    const known = (await gw.graphql('{ referrals(filter: { statuses: [ACCEPTED] }, first: 50) { edges { node { customer { nhsNumber } } } } }', {}, coordinator))
      .body.data!.referrals.edges.map((edge: any) => edge.node.customer.nhsNumber)
      .filter(Boolean) as string[];
    const feed = await gw.token('SYSTEM', { trust: TRUST });
    const a40 = message(
      msh('A40', { 4: TRUST, 9: 'ADT^A40^ADT_A39', 10: `CASEWORK-A40-${kind}` }),
      segment('EVN', { 2: '20261201090000' }),
      segment('PID', { 1: '1', 3: `CASEWORK-SURV^^^${TRUST}^MR`, 5: 'Survivor^Max', 7: '19410101', 8: 'M' }),
      segment('MRG', { 1: `${known.at(-1)}^^^NHS^NH` }),
    );
    expect((await postHl7(gw.url, feed, a40)).acks[0]!.code).toBe('AA');
    const [review] = await gw.gateway.db.query<{ id: string }>("SELECT id FROM identity_reviews WHERE status = 'OPEN' ORDER BY raised_at DESC LIMIT 1");
    expect(review).toBeDefined();
    const forReview = async () => (await systemTasks('IDENTITY_REVIEW_WAITING')).filter((task: any) => task.identityReviewId === review!.id);
    // Fresh, it waits: a sweep or two pass without a task.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await forReview()).toHaveLength(0);
    await gw.gateway.db.query("UPDATE identity_reviews SET raised_at = raised_at - interval '25 hours' WHERE id = $1", [review!.id]);
    await eventually(forReview, (found) => found.length > 0, 'the task for the waiting review');
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await forReview()).toHaveLength(1);
  });
});
