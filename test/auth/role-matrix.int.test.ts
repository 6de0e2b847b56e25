/**
 * The role matrix, generated from the schema: every query and mutation, and
 * every field that returns a person or their data, for every role and for a
 * hospital team of another trust, each with the outcome src/auth/policy.ts
 * says it should have, checked through the real gateway (subscriptions
 * subscribed to over its WebSocket). The first part
 * holds the policy to the schema: a type nobody classified, or a field of a
 * person's data without a rule, fails here before any request is made.
 */
import {
  getNamedType,
  isLeafType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { randomUUID } from 'node:crypto';
import { OnwardReferralRepository } from '../../src/onward/onward-referral-repository.js';
import { can, FIELD_RULES, isTrustScoped, NOT_PERSONAL_TYPES, PART_TYPES, PERSON_TYPES, type FieldRule } from '../../src/auth/policy.js';
import type { Viewer } from '../../src/auth/viewer.js';
import type { Role } from '../../src/generated/graphql.js';
import { AUDITED_PERSON_TYPES } from '../../src/server/graphql/read-auditing.js';
import { buildSchema } from '../../src/server/graphql/schema.js';
import { message, msh, segment } from '../adapters/hospital-discharge/hl7v2/synthetic-messages.js';
import { postHl7 } from '../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { subscribeOverWebSocket, type LiveSubscriber } from '../support/live-clients.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';

const schema: GraphQLSchema = buildSchema();
const objectTypes = Object.values(schema.getTypeMap()).filter((type): type is GraphQLObjectType => isObjectType(type) && !type.name.startsWith('__'));
const typeOf = (name: string) => schema.getType(name) as GraphQLObjectType;
const isPersonal = (name: string) => PERSON_TYPES.includes(name) || PART_TYPES.includes(name);
const ruleOf = (type: string, field: string): FieldRule | undefined => FIELD_RULES[type]?.[field];

/** Every field the matrix holds a rule for: root fields, and the rules on a person's data. */
const RULED_FIELDS = Object.entries(FIELD_RULES).flatMap(([type, fields]) => Object.keys(fields).map((field) => `${type}.${field}`));

const OWN_TRUST = 'R1A';
const OTHER_TRUST = 'R1B';
interface MatrixViewer {
  label: string;
  role: Role;
  trust?: string;
}
const VIEWERS: readonly MatrixViewer[] = [
  { label: `HOSPITAL_DISCHARGE ${OWN_TRUST}`, role: 'HOSPITAL_DISCHARGE', trust: OWN_TRUST },
  { label: `HOSPITAL_DISCHARGE of another trust (${OTHER_TRUST})`, role: 'HOSPITAL_DISCHARGE', trust: OTHER_TRUST },
  { label: `SYSTEM ${OWN_TRUST}`, role: 'SYSTEM', trust: OWN_TRUST },
  { label: 'HUB_COORDINATOR', role: 'HUB_COORDINATOR' },
  { label: 'OCCUPATIONAL_THERAPIST', role: 'OCCUPATIONAL_THERAPIST' },
  { label: 'VIEWER', role: 'VIEWER' },
  { label: 'ADMIN', role: 'ADMIN' },
];
const CELLS = VIEWERS.length * RULED_FIELDS.length;

describe(`the policy covers the schema (matrix: ${CELLS} cells, ${VIEWERS.length} viewers, ${RULED_FIELDS.length} fields)`, () => {
  test('every object type is classified once: a person\'s data, part of it, or nothing of a person', () => {
    const classified = [...PERSON_TYPES, ...PART_TYPES, ...NOT_PERSONAL_TYPES];
    expect(objectTypes.map((type) => type.name).filter((name) => classified.filter((c) => c === name).length !== 1)).toEqual([]);
    expect(classified.filter((name) => !schema.getType(name))).toEqual([]);
  });

  test('every root field, every field of a person\'s data, and every other field returning one has a rule', () => {
    const missing = objectTypes.flatMap((type) =>
      Object.values(type.getFields())
        .filter((field) => {
          if (['Query', 'Mutation', 'Subscription'].includes(type.name) || PERSON_TYPES.includes(type.name)) return true;
          return NOT_PERSONAL_TYPES.includes(type.name) && isPersonal(getNamedType(field.type).name);
        })
        .filter((field) => ruleOf(type.name, field.name) === undefined)
        .map((field) => `${type.name}.${field.name}`),
    );
    expect(missing).toEqual([]);
  });

  test('no rule names a field the schema does not have', () => {
    expect(RULED_FIELDS.filter((name) => {
      const [type, field] = name.split('.') as [string, string];
      return !(schema.getType(type) as GraphQLObjectType | undefined)?.getFields()[field];
    })).toEqual([]);
  });

  test('read auditing knows the person types, but for those audited where they are read', () => {
    // A care record and community health's involvement are read through Customer.careRecord and .communityHealth (the customer
    // is on record); an inbox message's person through its body.
    const auditedElsewhere = ['CareRecord', 'CommunityHealthRecord', 'InboxMessage'];
    expect([...AUDITED_PERSON_TYPES, ...auditedElsewhere].sort()).toEqual([...PERSON_TYPES].sort());
  });

  test('a field some viewer of its parent may be refused is nullable, so refusing it hides only itself', () => {
    const refusedButNonNull = VIEWERS.flatMap((viewer) => {
      const reached = typesReachedBy(asViewer(viewer));
      return RULED_FIELDS.filter((name) => {
        const [type, field] = name.split('.') as [string, string];
        if (['Query', 'Mutation', 'Subscription'].includes(type) || !reached.has(type) || !isNonNullType(typeOf(type).getFields()[field]!.type)) return false;
        const rule = ruleOf(type, field)!;
        return typeof rule !== 'string' || !can(asViewer(viewer), rule);
      }).map((name) => `${name} for ${viewer.label}`);
    });
    expect(refusedButNonNull).toEqual([]);
  });
});

function asViewer({ role, trust }: MatrixViewer): Viewer {
  return { subject: 'matrix', name: null, role, trustOdsCode: trust ?? null };
}

/** The object types a viewer can reach from the roots through fields the policy lets it read. */
function typesReachedBy(viewer: Viewer): Set<string> {
  const reached = new Set(['Query', 'Mutation', 'Subscription']);
  const waiting = [...reached];
  for (let type = waiting.pop(); type !== undefined; type = waiting.pop()) {
    for (const field of Object.values(typeOf(type).getFields())) {
      const rule = ruleOf(type, field.name);
      if (typeof rule === 'string' && !can(viewer, rule)) continue;
      const named = getNamedType(field.type);
      if (isObjectType(named) && !reached.has(named.name)) {
        reached.add(named.name);
        waiting.push(named.name);
      }
    }
  }
  return reached;
}

/** What one field came to in one response. */
interface Observation {
  type: string;
  field: string;
  outcome: 'value' | 'null' | 'forbidden';
  value: unknown;
  parent: Record<string, unknown> | null;
}

/** Walks a response with the schema: what each field of each type came to, refused ones included. */
function observe(root: GraphQLObjectType, data: Record<string, unknown> | null | undefined, errors: { path?: (string | number)[]; extensions?: Record<string, unknown> }[] = []): Observation[] {
  const refused = errors.filter((error) => error.extensions?.code === 'FORBIDDEN' && error.path);
  const refusedPaths = new Set(refused.map((error) => error.path!.join('.')));
  const seen: Observation[] = refused.map((error) => {
    let type = root;
    const names = error.path!.filter((step): step is string => typeof step === 'string');
    for (const name of names.slice(0, -1)) type = getNamedType(type.getFields()[name]!.type) as GraphQLObjectType;
    return { type: type.name, field: names.at(-1)!, outcome: 'forbidden', value: null, parent: null };
  });
  const walk = (type: GraphQLObjectType, value: Record<string, unknown>, path: (string | number)[]) => {
    for (const [key, fieldValue] of Object.entries(value)) {
      if (key === '__typename') continue;
      const here = [...path, key];
      if (refusedPaths.has(here.join('.'))) continue;
      seen.push({ type: type.name, field: key, outcome: fieldValue === null ? 'null' : 'value', value: fieldValue, parent: value });
      const named = getNamedType(type.getFields()[key]!.type);
      if (fieldValue === null || !isObjectType(named)) continue;
      if (Array.isArray(fieldValue)) fieldValue.forEach((item, i) => item !== null && walk(named, item, [...here, i]));
      else walk(named, fieldValue as Record<string, unknown>, here);
    }
  };
  if (data) walk(root, data, []);
  return seen;
}

/** Everything under a type, to a depth, never nesting a person type already on the way (the schema has cycles). */
function selectAll(type: GraphQLObjectType, depth: number, onTheWay: ReadonlySet<string>): string {
  const fields = Object.values(type.getFields()).flatMap((field) => {
    const named = getNamedType(field.type);
    const args = field.args.some((arg) => arg.name === 'first') ? '(first: 2)' : '';
    if (isLeafType(named)) return [`${field.name}${args}`];
    if (!isObjectType(named) || depth === 0 || (onTheWay.has(named.name) && PERSON_TYPES.includes(named.name))) return [];
    return [`${field.name}${args} { __typename ${selectAll(named, depth - 1, new Set([...onTheWay, named.name]))} }`];
  });
  return fields.join(' ');
}

function rootOperation(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>, args: string): string {
  const named = getNamedType(field.type);
  const selection = isObjectType(named) ? ` { __typename ${selectAll(named, 6, new Set([named.name]))} }` : '';
  return `${kind} { ${field.name}${args}${selection} }`;
}

const NOWHERE = '00000000-0000-4000-8000-00000000dead';

describeEachStore('the role matrix, through the real gateway', (kind) => {
  let place: TestStorePlace;
  let gw: TestGateway;
  const observed = new Map<string, Observation[]>();
  const audited = new Map<string, { showedPerson: boolean; looks: number; unnamed: string[] }[]>();
  /** Root fields' arguments: real rows where a read should find something, nowhere where a mutation should do nothing. */
  let queryArgs: Record<string, string>;
  const mutationArgs: Record<string, string> = {
    resolveIdentityReview: `(input: { id: "${NOWHERE}", decision: SEPARATE })`,
    acceptPersonUpdate: `(input: { reviewId: "${NOWHERE}", fields: [NAME] })`,
    dismissPersonUpdate: `(reviewId: "${NOWHERE}")`,
    triageReferral: `(input: { referralId: "${NOWHERE}", pathway: PATHWAY_1, priority: ROUTINE, reason: "matrix" })`,
    acceptReferral: `(input: { referralId: "${NOWHERE}", assignedTeam: "matrix" })`,
    declineReferral: `(input: { referralId: "${NOWHERE}", reason: "matrix" })`,
    closeReferral: `(input: { referralId: "${NOWHERE}", reason: "matrix" })`,
    reassignReferral: `(input: { referralId: "${NOWHERE}", assignedTeam: "matrix" })`,
    reopenReferral: `(input: { referralId: "${NOWHERE}", reason: "matrix" })`,
    updateRisks: `(input: { referralId: "${NOWHERE}", risks: { flags: [FALLS_RISK] } })`,
    createReferral: `(input: { source: GP, referrer: { name: "Matrix", phone: "01632 960000" }, customerId: "${NOWHERE}", needsSummary: "matrix", urgency: ROUTINE }, idempotencyKey: "matrix")`,
    placeEquipmentOrder: `(input: { customerId: "${NOWHERE}", lines: [{ itemCode: "WF-001", quantity: 1 }], deliverySpeed: "NEXT_DAY" }, idempotencyKey: "matrix")`,
    authoriseEquipmentOrder: `(id: "${NOWHERE}")`,
    cancelEquipmentOrder: `(id: "${NOWHERE}", reason: "matrix")`,
    requestEquipmentCollection: `(orderId: "${NOWHERE}", lines: [])`,
    replayInboxMessage: `(id: "${NOWHERE}")`,
    retryOutboxCall: `(id: "${NOWHERE}")`,
    addCaseNote: `(input: { referralId: "${NOWHERE}", category: OTHER, text: "matrix" }, idempotencyKey: "matrix")`,
    createTask: `(input: { title: "matrix", dueAt: "2026-12-01T09:00:00Z", team: "matrix", referralId: "${NOWHERE}" }, idempotencyKey: "matrix")`,
    completeTask: `(id: "${NOWHERE}")`,
    cancelTask: `(id: "${NOWHERE}", reason: "matrix")`,
    makeOnwardReferral: `(referralId: "${NOWHERE}", input: { kind: "CARERS_SUPPORT", reason: "matrix" }, idempotencyKey: "matrix")`,
  };

  beforeAll(async () => {
    place = await createTestStorePlace(kind);
    gw = await startTestGateway(place, { QUERY_MAX_DEPTH: '40', QUERY_MAX_TOKENS: '10000', QUERY_MAX_COST: '100000000' });
    const hub = await gw.token('HUB_COORDINATOR');
    // People the council knows, with everything a leak would show, for the trust's messages to name.
    const known = (await gw.graphql(`{ referrals(filter: { statuses: [ACCEPTED] }, first: 60) { edges { node { customer { id nhsNumber name { family } } } } } }`, {}, hub))
      .body.data!.referrals.edges.map((edge: any) => edge.node.customer)
      .filter((customer: any) => customer.nhsNumber);
    const [linked, updated, merged] = known as { id: string; nhsNumber: string; name: { family: string } }[];
    // The trust's own referral, linked for review to a known person by an NHS number its form did not verify.
    const ward = await gw.token('HOSPITAL_DISCHARGE', { trust: OWN_TRUST });
    const submitted = await gw.graphql(`mutation($input: SubmitDischargeInput!) { submitDischarge(input: $input) { id } }`, {
      input: { spellId: 'MATRIX-OWN', needsSummary: 'Matrix', person: { nhsNumber: linked!.nhsNumber, familyName: 'Matrix', dateOfBirth: '1940-01-01', sex: 'FEMALE' } },
    }, ward);
    const ownReferral = submitted.body.data!.submitDischarge.id as string;
    await gw.graphql(`mutation($id: ID!) { triageReferral(input: { referralId: $id, pathway: PATHWAY_1, priority: HIGH, reason: "Matrix triage" }) { id } }`, { id: ownReferral }, hub);
    await gw.graphql(`mutation($id: ID!) { acceptReferral(input: { referralId: $id, assignedTeam: "Matrix team", assignedWorker: "Matrix worker" }) { id } }`, { id: ownReferral }, hub);
    // An onward referral from it, so that the matrix meets one wherever a path reaches it. Stored directly: the
    // trust's new patient has no record in a target system, so makeOnwardReferral would rightly refuse it.
    const ownCustomer = (await gw.gateway.db.query<{ customer_id: string }>('SELECT customer_id FROM referrals WHERE id = $1', [ownReferral]))[0]!.customer_id;
    await new OnwardReferralRepository(gw.gateway.db).insert(
      {
        id: randomUUID(), referralId: ownReferral, customerId: ownCustomer, kind: 'CARERS_SUPPORT', serviceName: "Carers' support", targetSystem: 'LAS',
        destination: 'CARERS-SUPPORT', personRef: '4100001', reason: 'Matrix carer', details: 'Matrix details', status: 'REQUESTED', targetReference: null,
        statusReason: null, madeBy: { subject: 'matrix-hub', name: 'Matrix Hub', role: 'HUB_COORDINATOR' }, madeAt: new Date(), updatedAt: new Date(),
      },
      'matrix-own',
      'matrix',
    );
    // A difference offered to the hub, and a merge held for it, from the trust's feed.
    const feed = await gw.token('SYSTEM', { trust: OWN_TRUST });
    const pid = (mrn: string, nhsNumber: string | null, family: string) =>
      segment('PID', { 1: '1', 3: [`${mrn}^^^${OWN_TRUST}^MR`, ...(nhsNumber ? [`${nhsNumber}^^^NHS^NH`] : [])].join('~'), 5: `${family}^Max`, 7: '19410101', 8: 'M', 32: nhsNumber ? 'NSTS01' : '' });
    const adt = (trigger: string, control: string, ...rest: string[]) =>
      message(msh(trigger, { 4: OWN_TRUST, 9: trigger === 'A40' ? 'ADT^A40^ADT_A39' : `ADT^${trigger}`, 10: control }), segment('EVN', { 2: '20261201090000' }), ...rest);
    expect((await postHl7(gw.url, feed, adt('A08', 'MATRIX-A08', pid('MATRIX-UPD', updated!.nhsNumber, 'Different')))).acks[0]!.code).toBe('AA');
    expect((await postHl7(gw.url, feed, adt('A40', 'MATRIX-A40', pid('MATRIX-SURV', null, 'Survivor'), segment('MRG', { 1: `${merged!.nhsNumber}^^^NHS^NH` })))).acks[0]!.code).toBe('AA');
    // A GP's referral the hub took for the same person: its referrer's contact details are on it, for no trust to see.
    const gpReferral = await gw.graphql(`mutation($customerId: ID!) { createReferral(input: { source: GP, customerId: $customerId, needsSummary: "Matrix GP", urgency: HIGH,
      referrer: { name: "Dr Matrix", organisation: "Matrix Practice", odsCode: "Y90001", phone: "01632 960001", email: "matrix@example.org" } }, idempotencyKey: "matrix-gp") { id } }`, { customerId: linked!.id }, hub);
    expect(gpReferral.body.errors).toBeUndefined();
    const order = (await gw.graphql(`{ equipmentOrders(first: 1) { edges { node { id } } } }`, {}, hub)).body.data!.equipmentOrders.edges[0].node.id;
    // The hub's casework on the trust's own referral and on the order: a note, its correction, and a task on each.
    const note = await gw.graphql(`mutation($id: ID!) { addCaseNote(input: { referralId: $id, category: PHONE_CALL, text: "Matrix note" }, idempotencyKey: "matrix-note") { id } }`, { id: ownReferral }, hub);
    await gw.graphql(`mutation($id: ID!, $note: ID!) { addCaseNote(input: { referralId: $id, category: OTHER, text: "Matrix correction", corrects: $note }, idempotencyKey: "matrix-correction") { id } }`, { id: ownReferral, note: note.body.data!.addCaseNote.id }, hub);
    for (const about of [{ referralId: ownReferral }, { equipmentOrderId: order }]) {
      const input = { title: 'Matrix task', dueAt: '2026-12-01T09:00:00Z', team: 'Matrix team', worker: 'Matrix worker', ...about };
      const task = await gw.graphql(`mutation($input: CreateTaskInput!, $key: String!) { createTask(input: $input, idempotencyKey: $key) { id } }`, { input, key: JSON.stringify(about) }, hub);
      expect(task.body.errors).toBeUndefined();
    }
    queryArgs = {
      customer: `(id: "${linked!.id}")`,
      customerByNhsNumber: `(nhsNumber: "${linked!.nhsNumber}")`,
      searchCustomers: `(text: "${linked!.name.family}", first: 2)`,
      referral: `(id: "${ownReferral}")`,
      equipmentOrder: `(id: "${order}")`,
      teamTasks: `(team: "Matrix team", first: 2)`,
      // The last three years, so the seeded referrals (received up to now) make groups.
      hubPerformance: `(from: "${new Date(Date.now() - 1_000 * 86_400_000).toISOString().slice(0, 10)}", to: "${new Date().toISOString().slice(0, 10)}", groupBy: [TRUST, TEAM])`,
      dischargeTracker: `(filter: { trustOdsCode: "${OWN_TRUST}" }, first: 2)`,
    };

    for (const viewer of VIEWERS) {
      const token = await gw.token(viewer.role, { trust: viewer.trust, subject: `matrix-${viewer.label}` });
      const seen: Observation[] = [];
      const looks: { showedPerson: boolean; looks: number; unnamed: string[] }[] = [];
      const run = async (operation: string, root: GraphQLObjectType) => {
        const response = await gw.graphql(operation, {}, token);
        expect(response.status).toBeLessThan(500);
        // The operation itself must run: a refusal of the request (too costly, too long) would leave its cells untried.
        const requestErrors = (response.body.errors ?? []).filter((error) => !error.path).map((error) => error.extensions?.code);
        expect([operation.slice(0, 60), requestErrors]).toEqual([operation.slice(0, 60), []]);
        const observations = observe(root, response.body.data as Record<string, unknown> | null, response.body.errors);
        seen.push(...observations);
        const requestId = response.headers.get('x-request-id');
        const [row] = await gw.gateway.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events WHERE request_id = $1', [requestId]);
        // Whose data the response showed, by the rows it showed: each of them must be named by the request's looks.
        const shown = (type: string) => observations.filter((o) => o.type === type && o.field === 'id' && o.outcome === 'value').map((o) => o.value as string);
        const owners = await gw.gateway.db.query<{ customer_id: string }>(
          `SELECT customer_id FROM referrals WHERE id = ANY($1::uuid[]) UNION SELECT customer_id FROM equipment_orders WHERE id = ANY($2::uuid[])
           UNION SELECT r.customer_id FROM case_notes n JOIN referrals r ON r.id = n.referral_id WHERE n.id = ANY($3::uuid[])
           UNION SELECT coalesce(r.customer_id, o.customer_id) FROM tasks t LEFT JOIN referrals r ON r.id = t.referral_id
             LEFT JOIN equipment_orders o ON o.id = t.equipment_order_id WHERE t.id = ANY($4::uuid[])
           UNION SELECT r.customer_id FROM onward_referrals o JOIN referrals r ON r.id = o.referral_id WHERE o.id = ANY($5::uuid[])`,
          [[...shown('Referral'), ...shown('DischargeTrackerRow')], shown('EquipmentOrder'), shown('CaseNote'), shown('Task'), shown('OnwardReferral')],
        );
        const named = new Set((await gw.gateway.db.query<{ customer_id: string }>(
          `SELECT p.customer_id FROM audit_events e JOIN audit_event_people p ON p.at = e.at AND p.event_id = e.id WHERE e.request_id = $1`,
          [requestId],
        )).map((look) => look.customer_id));
        const unnamed = [...new Set([...shown('Customer'), ...owners.map((owner) => owner.customer_id)])].filter((id) => !named.has(id));
        looks.push({ showedPerson: observations.some((o) => o.outcome === 'value' && PERSON_TYPES.includes(o.type)), looks: row!.n, unnamed: unnamed.map((id) => `${operation.slice(0, 60)}: ${id}`) });
      };
      for (const field of Object.values(typeOf('Query').getFields())) {
        const first = field.args.some((arg) => arg.name === 'first') && !queryArgs[field.name] ? '(first: 2)' : '';
        await run(rootOperation('query', field, queryArgs[field.name] ?? first), typeOf('Query'));
      }
      for (const field of Object.values(typeOf('Mutation').getFields())) {
        const args =
          field.name === 'submitDischarge'
            ? `(input: { spellId: "MATRIX-${viewer.role}", needsSummary: "Matrix", person: { nhsNumber: "${linked!.nhsNumber}", familyName: "Matrix", dateOfBirth: "1940-01-01", sex: FEMALE } })`
            : mutationArgs[field.name]!;
        await run(rootOperation('mutation', field, args), typeOf('Mutation'));
      }
      observed.set(viewer.label, seen);
      audited.set(viewer.label, looks);
    }
  }, 120_000);
  afterAll(async () => {
    await gw.stop();
    await place.remove();
  });

  describe.each(VIEWERS.map((viewer) => [viewer.label, viewer] as const))('%s', (label, viewer) => {
    test('every root field: allowed where the policy grants it, FORBIDDEN where it does not', () => {
      const seen = observed.get(label)!;
      const wrong = ['Query', 'Mutation'].flatMap((root) =>
        Object.keys(typeOf(root).getFields()).flatMap((field) => {
          const refused = seen.some((o) => o.type === root && o.field === field && o.outcome === 'forbidden');
          const granted = can(asViewer(viewer), ruleOf(root, field) as Parameters<typeof can>[1]);
          return granted === refused ? [`${root}.${field}: ${refused ? 'refused' : 'allowed'}`] : [];
        }),
      );
      expect(wrong).toEqual([]);
    });

    test('every field of a person\'s data: its value, null, or FORBIDDEN as its rule says', () => {
      const wrong = observed.get(label)!.flatMap((o) => {
        const rule = ruleOf(o.type, o.field);
        if (rule === undefined || ['Query', 'Mutation'].includes(o.type)) return [];
        if (typeof rule === 'string') {
          const granted = can(asViewer(viewer), rule);
          return granted === (o.outcome !== 'forbidden') ? [] : [`${o.type}.${o.field}: ${o.outcome}`];
        }
        // A value that depends on whose it is: null unless granted, or the viewer's own trust's.
        if (can(asViewer(viewer), rule.nullUnless) || o.outcome !== 'value') return o.outcome === 'forbidden' ? [`${o.type}.${o.field}: forbidden`] : [];
        const own = rule.ownTrust && isTrustScoped(asViewer(viewer)) ? (rule.ownTrust as (parent: unknown) => string | null)(o.parent) : null;
        return own !== null && own === viewer.trust ? [] : [`${o.type}.${o.field}: shown to ${label}`];
      });
      expect(wrong).toEqual([]);
    });

    test('a hospital team or feed is shown nothing of the council\'s, and only its own trust\'s referrals', () => {
      if (!viewer.trust) return;
      const seen = observed.get(label)!;
      const councils = ['Customer', 'EquipmentOrder', 'KeySafe', 'IdentityReview', 'PersonUpdateReview', 'CareRecord', 'InboxMessage', 'AuditEvent', 'Risks', 'TriageDecision', 'CareRecordReference', 'Referrer', 'CaseNote', 'Task', 'TeamTaskCount'];
      expect(seen.filter((o) => councils.includes(o.type) && o.outcome === 'value').map((o) => `${o.type}.${o.field}`)).toEqual([]);
      const trusts = seen.filter((o) => o.type === 'Referral' && o.field === 'referringTrust' && o.outcome === 'value').map((o) => (o.value as { odsCode: string }).odsCode);
      expect(trusts.length).toBeGreaterThan(0);
      expect([...new Set(trusts)]).toEqual([viewer.trust]);
    });

    test('the referrals list\'s arguments: the hub-only ones as the policy says, and a search finds only the viewer\'s own trust\'s', async () => {
      const token = await gw.token(viewer.role, { trust: viewer.trust, subject: `matrix-args-${viewer.label}` });
      const list = (args: string) => gw.graphql(`{ referrals(${args}, first: 50) { edges { node { referringTrust { odsCode } } } } }`, {}, token);
      const hubOnly = ['filter: { assignedWorker: "Matrix worker" }', 'filter: { updatedSince: "2026-01-01T00:00:00Z" }', 'orderBy: { field: UPDATED, direction: DESC }'];
      for (const args of hubOnly) {
        const { body } = await list(args);
        const refused = body.errors?.map((error) => error.extensions?.code) ?? [];
        expect([args, refused]).toEqual([args, can(asViewer(viewer), 'referral:hubDetails') ? [] : ['FORBIDDEN']]);
      }
      const { body } = await list('filter: { text: "Ma" }, orderBy: { field: PRIORITY, direction: DESC }');
      if (!can(asViewer(viewer), 'referral:read')) return expect(body.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
      const trusts = new Set(body.data!.referrals.edges.map((edge: any) => edge.node.referringTrust?.odsCode ?? null));
      if (viewer.trust) expect([...trusts].filter((trust) => trust !== viewer.trust)).toEqual([]);
    });

    test('every response that showed a person\'s data left a look in the audit trail', () => {
      expect(audited.get(label)!.filter((request) => request.showedPerson && request.looks === 0)).toEqual([]);
    });

    test('the looks name everyone whose customer record, referral, equipment order, case note or task the response showed', () => {
      expect(audited.get(label)!.flatMap((request) => request.unnamed)).toEqual([]);
    });

    if (['HUB_COORDINATOR', 'ADMIN'].includes(viewer.role)) {
      test('every field of a person\'s data the role may read was reached (the matrix leaves none untried)', () => {
        const reached = new Set(observed.get(label)!.map((o) => `${o.type}.${o.field}`));
        const owed = RULED_FIELDS.filter((name) => {
          const [type, field] = name.split('.') as [string, string];
          const rule = ruleOf(type, field)!;
          return PERSON_TYPES.includes(type) && can(asViewer(viewer), typeof rule === 'string' ? rule : rule.nullUnless);
        });
        expect(owed.filter((name) => !reached.has(name))).toEqual([]);
      });
    }
  });
  describe('subscriptions, subscribed to over the WebSocket', () => {
    /** A small selection each: the cell is the root field's rule; the fields below it are the queries' cells. */
    const SUBSCRIPTIONS: Record<string, string> = {
      referralChanged: 'subscription { referralChanged { changes referral { id } } }',
      hubBoardChanged: 'subscription { hubBoardChanged { byStatus { status count } } }',
      equipmentOrderChanged: 'subscription { equipmentOrderChanged { id status } }',
    };
    const heard = new Map<string, LiveSubscriber>();
    const cell = (label: string, field: string) => `${label} ${field}`;

    beforeAll(async () => {
      expect(Object.keys(SUBSCRIPTIONS).sort()).toEqual(Object.keys(typeOf('Subscription').getFields()).sort());
      for (const viewer of VIEWERS) {
        const token = await gw.token(viewer.role, { trust: viewer.trust, subject: `matrix-live-${viewer.label}` });
        for (const [field, query] of Object.entries(SUBSCRIPTIONS)) heard.set(cell(viewer.label, field), subscribeOverWebSocket(gw.url, token, query));
      }
      await Promise.all([...heard.values()].map((subscriber) => subscriber.ready));
      // Time for each subscribe message to be registered once its socket is acknowledged.
      await new Promise((resolve) => setTimeout(resolve, 500));
      // A referral of the own trust's, and an equipment order: something for every subscription granted to hear.
      const ward = await gw.token('HOSPITAL_DISCHARGE', { trust: OWN_TRUST });
      const submitted = await gw.graphql(`mutation($input: SubmitDischargeInput!) { submitDischarge(input: $input) { id } }`, {
        input: { spellId: 'MATRIX-LIVE', needsSummary: 'Matrix live', person: { familyName: 'Matrixlive', dateOfBirth: '1940-01-01', sex: 'FEMALE' } },
      }, ward);
      expect(submitted.body.errors).toBeUndefined();
      const hub = await gw.token('HUB_COORDINATOR');
      const customers = (await gw.graphql(`{ referrals(first: 50) { edges { node { customer { id address { postcode } } } } } }`, {}, hub))
        .body.data!.referrals.edges.filter((edge: any) => edge.node.customer?.address?.postcode);
      const placed = await gw.graphql(
        'mutation($input: PlaceEquipmentOrderInput!, $key: String!) { placeEquipmentOrder(input: $input, idempotencyKey: $key) { id } }',
        { input: { customerId: customers[0].node.customer.id, deliverySpeed: 'STANDARD', lines: [{ itemCode: 'WS-001', quantity: 1 }] }, key: `matrix-live-${kind}` },
        hub,
      );
      expect(placed.body.errors).toBeUndefined();
    }, 60_000);
    afterAll(async () => {
      await Promise.all([...heard.values()].map((subscriber) => subscriber.stop()));
    });

    test.each(VIEWERS.map((viewer) => [viewer.label, viewer] as const))('%s: each subscription heard where the policy grants it, FORBIDDEN where it does not', async (label, viewer) => {
      const outcomes = await Promise.all(
        Object.keys(SUBSCRIPTIONS).map(async (field) => {
          const subscriber = heard.get(cell(label, field))!;
          const granted = can(asViewer(viewer), ruleOf('Subscription', field) as Parameters<typeof can>[1]);
          // A hospital team or feed of another trust is granted referrals, and hears none of the own trust's.
          const shouldHear = granted && (!viewer.trust || viewer.trust === OWN_TRUST);
          if (granted && !shouldHear) await new Promise((resolve) => setTimeout(resolve, 1_000));
          else await subscriber.waitFor(1).catch(() => undefined);
          const codes = subscriber.events.flatMap((event) => event.errors?.map((error) => error.extensions?.code) ?? []);
          const data = subscriber.events.filter((event) => event.data?.[field]).length;
          const outcome = codes.includes('FORBIDDEN') ? 'FORBIDDEN' : data > 0 ? 'heard' : 'nothing';
          return [field, outcome, codes] as const;
        }),
      );
      const expected = Object.keys(SUBSCRIPTIONS).map((field) => {
        const granted = can(asViewer(viewer), ruleOf('Subscription', field) as Parameters<typeof can>[1]);
        return [field, !granted ? 'FORBIDDEN' : !viewer.trust || viewer.trust === OWN_TRUST ? 'heard' : 'nothing', granted ? [] : ['FORBIDDEN']] as const;
      });
      expect(outcomes).toEqual(expected);
    });
  });
});
