/**
 * The lists a coordinator works from, through the real server: filters,
 * orders paged by their cursors, a cursor of another order refused, a board
 * that loads once and then asks what changed, a search audited with everyone
 * it matched; and a hospital team held to its own trust's referrals as its
 * trust sent them whatever it asks.
 */
import { startTestGateway, type GraphqlResponse, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';

const LIST = `query($filter: ReferralFilter, $orderBy: ReferralOrder!, $after: String, $first: Int!) {
  referrals(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    edges { cursor node { id expectedDischargeOn priority status referringTrust { odsCode } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface Node {
  id: string;
  expectedDischargeOn: string | null;
  priority: string | null;
  status: string;
  referringTrust: { odsCode: string } | null;
}

describeEachStore('referral lists over GraphQL', (kind) => {
  let place: TestStorePlace;
  let gw: TestGateway;
  let hub: string;
  let ward: string;

  beforeAll(async () => {
    place = await createTestStorePlace(kind);
    gw = await startTestGateway(place);
    hub = await gw.token('HUB_COORDINATOR');
    ward = await gw.token('HOSPITAL_DISCHARGE', { trust: 'R1A' });
  });
  afterAll(async () => {
    await gw.stop();
    await place.remove();
  });

  async function walk(token: string, variables: Record<string, unknown>): Promise<{ nodes: Node[]; totalCount: number }> {
    const nodes: Node[] = [];
    let after: string | null = null;
    for (;;) {
      const { body }: GraphqlResponse = await gw.graphql(LIST, { first: 25, ...variables, after }, token);
      expect(body.errors).toBeUndefined();
      const page = body.data!.referrals as { totalCount: number; edges: { node: Node }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
      nodes.push(...page.edges.map((edge) => edge.node));
      if (!page.pageInfo.hasNextPage) return { nodes, totalCount: page.totalCount };
      after = page.pageInfo.endCursor;
    }
  }

  test('open referrals by expected discharge, soonest first, page through whole: no repeats, nulls last', async () => {
    const { nodes, totalCount } = await walk(hub, {
      filter: { statuses: ['RECEIVED', 'TRIAGED', 'ACCEPTED'] },
      orderBy: { field: 'EXPECTED_DISCHARGE', direction: 'ASC' },
    });
    expect(nodes).toHaveLength(totalCount);
    expect(new Set(nodes.map((node) => node.id)).size).toBe(totalCount);
    const days = nodes.map((node) => node.expectedDischargeOn);
    const firstNull = days.indexOf(null);
    expect(firstNull).toBeGreaterThan(0);
    expect(days.slice(firstNull).every((day) => day === null)).toBe(true);
    const dated = days.slice(0, firstNull) as string[];
    expect(dated).toEqual([...dated].sort());
  });

  test('a cursor of one order is refused by another, saying so', async () => {
    const { body } = await gw.graphql(LIST, { first: 2, orderBy: { field: 'PRIORITY', direction: 'DESC' } }, hub);
    const cursor = body.data!.referrals.pageInfo.endCursor as string;
    const other = await gw.graphql(LIST, { first: 2, orderBy: { field: 'EXPECTED_DISCHARGE', direction: 'ASC' }, after: cursor }, hub);
    expect(other.body.errors?.map((error) => [error.extensions?.code, error.message])).toEqual([
      ['BAD_USER_INPUT', expect.stringContaining('ordered by PRIORITY DESC, not EXPECTED_DISCHARGE ASC')],
    ]);
  });

  test('a board loads once, then asks only for what changed since', async () => {
    const since = new Date().toISOString();
    const before = await gw.graphql(LIST, { first: 50, filter: { updatedSince: since }, orderBy: { field: 'UPDATED', direction: 'ASC' } }, hub);
    expect(before.body.data!.referrals.edges).toEqual([]);
    const id = await gw.firstReferralId('RECEIVED');
    const triaged = await gw.graphql(`mutation($id: ID!) { triageReferral(input: { referralId: $id, pathway: PATHWAY_1, priority: URGENT, reason: "Lists" }) { id } }`, { id }, hub);
    expect(triaged.body.errors).toBeUndefined();
    const after = await gw.graphql(LIST, { first: 50, filter: { updatedSince: since }, orderBy: { field: 'UPDATED', direction: 'ASC' } }, hub);
    expect(after.body.data!.referrals.edges.map((edge: { node: Node }) => edge.node.id)).toEqual([id]);
  });

  test('an NHS number (spaced) finds that person\'s referrals, and the search is audited with everyone it matched', async () => {
    const { body } = await gw.graphql(`{ referrals(first: 30) { edges { node { customer { id nhsNumber } } } } }`, {}, hub);
    const person = body.data!.referrals.edges.map((edge: any) => edge.node.customer).find((customer: any) => customer.nhsNumber)!;
    const spaced = `${person.nhsNumber.slice(0, 3)} ${person.nhsNumber.slice(3, 6)} ${person.nhsNumber.slice(6)}`;
    const found = await gw.graphql(`query($text: String) { referrals(filter: { text: $text }, first: 10) { totalCount edges { node { customer { id } } } } }`, { text: spaced }, hub);
    expect(found.body.errors).toBeUndefined();
    const customers = new Set(found.body.data!.referrals.edges.map((edge: any) => edge.node.customer.id));
    expect([...customers]).toEqual([person.id]);
    const looks = await gw.gateway.db.query<{ action: string; customer_id: string | null; search: unknown }>(
      `SELECT e.action, p.customer_id, e.search FROM audit_events e LEFT JOIN audit_event_people p ON p.at = e.at AND p.event_id = e.id
       WHERE e.request_id = $1 AND e.action = 'SEARCH'`,
      [found.headers.get('x-request-id')],
    );
    expect(looks).toEqual([{ action: 'SEARCH', customer_id: person.id, search: expect.objectContaining({ text: spaced, matched: 1 }) }]);
  });

  test('search text too short or too long is refused, naming the argument', async () => {
    for (const text of ['a', 'a b c d e f g']) {
      const { body } = await gw.graphql(`query($text: String) { referrals(filter: { text: $text }) { totalCount } }`, { text }, hub);
      expect(body.errors?.map((error) => [error.extensions?.code, error.message.split(':')[0]])).toEqual([['BAD_USER_INPUT', 'filter.text']]);
    }
  });

  describe('a hospital team', () => {
    test('sorted and filtered, it sees only its own trust\'s referrals', async () => {
      const { nodes } = await walk(ward, {
        filter: { statuses: ['RECEIVED', 'TRIAGED', 'ACCEPTED'], priorities: ['URGENT', 'HIGH', 'ROUTINE'] },
        orderBy: { field: 'PRIORITY', direction: 'DESC' },
      });
      expect(nodes.length).toBeGreaterThan(0);
      expect(new Set(nodes.map((node) => node.referringTrust?.odsCode))).toEqual(new Set(['R1A']));
    });

    test('cannot find by the council\'s record a person only another trust referred, by number or by name', async () => {
      const { body } = await gw.graphql(
        `{ referrals(filter: { trustOdsCode: "R1B" }, first: 100) { edges { node { customer { nhsNumber name { family given }
           referrals(first: 20) { edges { node { referringTrust { odsCode } } } } } } } } }`,
        {},
        hub,
      );
      const onlyR1B = body.data!.referrals.edges
        .map((edge: any) => edge.node.customer)
        .find((customer: any) => customer.nhsNumber && customer.referrals.edges.every((edge: any) => edge.node.referringTrust?.odsCode === 'R1B'))!;
      expect(onlyR1B).toBeDefined();
      for (const text of [onlyR1B.nhsNumber, `${onlyR1B.name.family} ${onlyR1B.name.given ?? ''}`.trim()]) {
        const seen = await gw.graphql(`query($text: String) { referrals(filter: { text: $text }, first: 50) { totalCount edges { node { referringTrust { odsCode } } } } }`, { text }, ward);
        expect(seen.body.errors).toBeUndefined();
        const trusts = seen.body.data!.referrals.edges.map((edge: any) => edge.node.referringTrust.odsCode);
        expect(trusts.every((trust: string) => trust === 'R1A')).toBe(true);
        if (text === onlyR1B.nhsNumber) expect(seen.body.data!.referrals.totalCount).toBe(0);
      }
    });

    test('cannot link its own patient to the council\'s record: the council\'s NHS number of a person it sent without one finds nothing', async () => {
      const { body } = await gw.graphql(`{ referrals(filter: { trustOdsCode: "R1A" }, first: 50) { edges { node { id customer { nhsNumber } } } } }`, {}, hub);
      const own = body.data!.referrals.edges.map((edge: any) => edge.node).find((node: any) => node.customer.nhsNumber)!;
      // As if its ward had sent the person without a number, and the council had linked them on review.
      await gw.gateway.db.query(`UPDATE referrals SET sent_person = jsonb_set(sent_person, '{nhsNumber}', 'null') WHERE id = $1`, [own.id]);
      const search = (token: string) =>
        gw.graphql(`query($text: String) { referrals(filter: { text: $text }, first: 50) { totalCount edges { node { id } } } }`, { text: own.customer.nhsNumber }, token);
      expect((await search(hub)).body.data!.referrals.edges.map((edge: any) => edge.node.id)).toContain(own.id);
      expect((await search(ward)).body.data!.referrals).toEqual({ totalCount: 0, edges: [] });
    });

    test('finds its own referrals by the name its trust sent', async () => {
      const { body } = await gw.graphql(`{ referrals(first: 1) { edges { node { id referredPerson { name { family } } } } } }`, {}, ward);
      const own = body.data!.referrals.edges[0].node;
      const found = await gw.graphql(`query($text: String) { referrals(filter: { text: $text }, first: 100) { edges { node { id } } } }`, { text: own.referredPerson.name.family }, ward);
      expect(found.body.data!.referrals.edges.map((edge: any) => edge.node.id)).toContain(own.id);
    });

    test.each([
      ['filter.updatedSince', { filter: { updatedSince: '2026-01-01T00:00:00Z' } }],
      ['filter.assignedWorker', { filter: { assignedWorker: 'Beth Lindqvist' } }],
      ['orderBy', { orderBy: { field: 'UPDATED', direction: 'DESC' } }],
    ])('is refused %s: the hub\'s to know', async (argument, variables) => {
      const { body } = await gw.graphql(LIST, { first: 5, orderBy: { field: 'RECEIVED', direction: 'DESC' }, ...variables }, ward);
      expect(body.data).toBeNull();
      expect(body.errors?.map((error) => [error.extensions?.code, error.extensions?.argument])).toEqual([['FORBIDDEN', argument]]);
    });
  });
});
