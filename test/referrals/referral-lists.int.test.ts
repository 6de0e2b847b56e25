/**
 * The referrals list a coordinator works from, against a real store: every
 * filter against the same rule written in JavaScript over the seeded hub,
 * every order walked page by page (ties and nulls included) without a gap or
 * a repeat, and a cursor of one order refused by another.
 */
import type { ReferralOrder, ReferralOrderField, ReferralPriority } from '../../src/generated/graphql.js';
import { searchWords } from '../../src/customers/name-search.js';
import { isReferralPosition } from '../../src/referrals/referral-order.js';
import type { ReferralListFilter, ReferralRecord } from '../../src/referrals/referral.js';
import { seedIfEmpty } from '../../src/seed/seed-store.js';
import { generateSyntheticHub } from '../../src/seed/synthetic-hub.js';
import { createRepositories, type Repositories } from '../../src/server/request/repositories.js';
import type { Database } from '../../src/store/database.js';
import { encodeCursor, readPage, type Connection } from '../../src/store/pagination.js';
import { describeEachStore, openTestDatabase } from '../support/stores.js';

const anchor = new Date('2026-11-23T00:00:00Z');
const options = { anchor, customers: 300 };
const hub = generateSyntheticHub(options);

const RANK: Record<ReferralPriority, number> = { ROUTINE: 1, HIGH: 2, URGENT: 3 };

/** The sort key of each order, as JavaScript compares it; null sorts last. */
const KEY_OF: Record<ReferralOrderField, (referral: ReferralRecord) => number | string | null> = {
  RECEIVED: (referral) => referral.receivedAt.getTime(),
  UPDATED: (referral) => referral.updatedAt.getTime(),
  EXPECTED_DISCHARGE: (referral) => referral.expectedDischargeOn ?? null,
  PRIORITY: (referral) => (referral.priority ? RANK[referral.priority] : null),
};

function sortedBy(referrals: readonly ReferralRecord[], order: ReferralOrder): ReferralRecord[] {
  const sign = order.direction === 'ASC' ? 1 : -1;
  const key = KEY_OF[order.field];
  return [...referrals].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    if (ka === null || kb === null) {
      if (ka !== kb) return ka === null ? 1 : -1;
    } else if (ka !== kb) {
      return ka < kb ? -sign : sign;
    }
    return a.id < b.id ? -sign : sign;
  });
}

const ORDERS: ReferralOrder[] = (['RECEIVED', 'UPDATED', 'EXPECTED_DISCHARGE', 'PRIORITY'] as const).flatMap((field) => [
  { field, direction: 'ASC' as const },
  { field, direction: 'DESC' as const },
]);

describeEachStore('referral lists: filters and orders', (kind) => {
  let db: Database;
  let repositories: Repositories;
  /** The hub as stored, after the ties and nulls below. */
  let stored: ReferralRecord[];

  const list = (filter: ReferralListFilter, order: ReferralOrder, first: number, after: string | null = null) =>
    repositories.referrals.list(filter, readPage({ first, after }, isReferralPosition, 100), order);

  async function walk(filter: ReferralListFilter, order: ReferralOrder, first: number): Promise<ReferralRecord[]> {
    const nodes: ReferralRecord[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Connection<ReferralRecord> = await list(filter, order, first, after);
      nodes.push(...page.edges.map((edge) => edge.node));
      if (!page.pageInfo.hasNextPage) return nodes;
      after = page.pageInfo.endCursor;
    }
  }

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await seedIfEmpty(db, options);
    repositories = createRepositories(db);
    // Ties across page boundaries: a dozen referrals share one received and one updated instant.
    const tied = hub.referrals.slice(0, 12).map((referral) => referral.id);
    await db.query(`UPDATE referrals SET received_at = '2026-11-01T09:00:00Z', updated_at = '2026-11-20T09:00:00Z' WHERE id = ANY($1::uuid[])`, [tied]);
    const all = await db.query<{ id: string }>('SELECT id FROM referrals');
    stored = await repositories.referrals.findByIds(all.map((row) => row.id));
  });
  afterAll(() => db.close());

  test('the hub has the ties and nulls the orders must page through', () => {
    expect(stored.length).toBeGreaterThan(200);
    expect(stored.filter((referral) => referral.expectedDischargeOn === null).length).toBeGreaterThan(10);
    expect(stored.filter((referral) => referral.priority === null).length).toBeGreaterThan(10);
    expect(stored.filter((referral) => referral.updatedAt.toISOString() === '2026-11-20T09:00:00.000Z')).toHaveLength(12);
  });

  test.each(ORDERS)('$field $direction pages the whole list in order, without a gap or a repeat', async (order) => {
    const walked = await walk({}, order, 7);
    expect(walked.map((referral) => referral.id)).toEqual(sortedBy(stored, order).map((referral) => referral.id));
  });

  test.each(ORDERS)('$field $direction pages a filtered list too, one trust\'s open referrals', async (order) => {
    const filter: ReferralListFilter = { trustOdsCode: 'R1A', statuses: ['RECEIVED', 'TRIAGED', 'ACCEPTED'] };
    const expected = stored.filter((r) => r.referringTrustOdsCode === 'R1A' && ['RECEIVED', 'TRIAGED', 'ACCEPTED'].includes(r.status));
    const walked = await walk(filter, order, 5);
    expect(walked.map((referral) => referral.id)).toEqual(sortedBy(expected, order).map((referral) => referral.id));
  });

  test('a referral changed while the list is walked by UPDATED keeps its place: nothing after it is skipped', async () => {
    const order: ReferralOrder = { field: 'UPDATED', direction: 'ASC' };
    const firstPage = await list({}, order, 10);
    const seen = firstPage.edges.at(-1)!.node;
    const before = sortedBy(stored, order).map((referral) => referral.id);
    await db.query(`UPDATE referrals SET updated_at = '2099-01-01T00:00:00Z' WHERE id = $1`, [seen.id]);
    try {
      const next = await list({}, order, 5, firstPage.pageInfo.endCursor);
      // The next page follows where the changed row stood, not where it went.
      expect(next.edges.map((edge) => edge.node.id)).toEqual(before.slice(10, 15));
    } finally {
      await db.query('UPDATE referrals SET updated_at = $2 WHERE id = $1', [seen.id, seen.updatedAt]);
    }
  });

  test('a cursor of one order is refused by another, saying which', async () => {
    const byPriority = await list({}, { field: 'PRIORITY', direction: 'DESC' }, 3);
    const cursor = byPriority.pageInfo.endCursor;
    await expect(list({}, { field: 'PRIORITY', direction: 'ASC' }, 3, cursor)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringContaining('ordered by PRIORITY DESC, not PRIORITY ASC'),
    });
    await expect(list({}, { field: 'RECEIVED', direction: 'DESC' }, 3, cursor)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(list({}, { field: 'PRIORITY', direction: 'DESC' }, 3, cursor)).resolves.toBeDefined();
  });

  test('forged cursors are refused: an id-only cursor, a key that is not one, an id of no referral', async () => {
    const order: ReferralOrder = { field: 'EXPECTED_DISCHARGE', direction: 'ASC' };
    const someId = stored[0]!.id;
    for (const position of [someId, `EXPECTED_DISCHARGE/ASC/2026-02-30/${someId}`, `RECEIVED/DESC//${someId}`, `EXPECTED_DISCHARGE/ASC/x/${someId}`]) {
      expect(() => readPage({ first: 3, after: encodeCursor(position) }, isReferralPosition, 100)).toThrow(/not a cursor/);
    }
    // Well formed, after the last null: nothing follows, and the id names nobody.
    const nobody = encodeCursor('EXPECTED_DISCHARGE/ASC//ffffffff-ffff-4fff-bfff-ffffffffffff');
    await expect(list({}, order, 3, nobody)).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  const FILTERS: [string, ReferralListFilter, (referral: ReferralRecord) => boolean][] = [
    ['ward', { ward: hub.referrals.find((r) => r.ward)!.ward! }, (r) => r.ward === hub.referrals.find((h) => h.ward)!.ward],
    ['priorities', { priorities: ['URGENT', 'HIGH'] }, (r) => r.priority === 'URGENT' || r.priority === 'HIGH'],
    [
      'assigned team',
      { assignedTeam: hub.referrals.find((r) => r.assignedTeam)!.assignedTeam! },
      (r) => r.assignedTeam === hub.referrals.find((h) => h.assignedTeam)!.assignedTeam,
    ],
    [
      'assigned worker',
      { assignedWorker: hub.referrals.find((r) => r.assignedWorker)!.assignedWorker! },
      (r) => r.assignedWorker === hub.referrals.find((h) => h.assignedWorker)!.assignedWorker,
    ],
    ['received before', { receivedBefore: new Date('2026-11-10T00:00:00Z') }, (r) => r.receivedAt < new Date('2026-11-10T00:00:00Z')],
    ['updated since', { updatedSince: new Date('2026-11-20T09:00:00Z') }, (r) => r.updatedAt >= new Date('2026-11-20T09:00:00Z')],
    [
      'expected discharge range',
      { expectedDischargeOn: { from: '2026-11-20', to: '2026-11-25' } },
      (r) => r.expectedDischargeOn !== null && r.expectedDischargeOn >= '2026-11-20' && r.expectedDischargeOn <= '2026-11-25',
    ],
    ['expected discharge, open end', { expectedDischargeOn: { from: '2026-11-24' } }, (r) => r.expectedDischargeOn != null && r.expectedDischargeOn >= '2026-11-24'],
    [
      'ready for discharge range',
      { dischargeReadyOn: { from: '2026-11-15', to: '2026-11-22' } },
      (r) => r.dischargeReadyOn != null && r.dischargeReadyOn >= '2026-11-15' && r.dischargeReadyOn <= '2026-11-22',
    ],
  ];

  test.each(FILTERS)('filter by %s matches exactly the referrals it names, and counts them', async (_, filter, matches) => {
    const expected = stored.filter(matches);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(stored.length);
    const walked = await walk(filter, { field: 'RECEIVED', direction: 'DESC' }, 20);
    expect(walked.map((r) => r.id)).toEqual(sortedBy(expected, { field: 'RECEIVED', direction: 'DESC' }).map((r) => r.id));
    await expect((await list(filter, { field: 'RECEIVED', direction: 'DESC' }, 1)).totalCount()).resolves.toBe(expected.length);
    await expect(repositories.referrals.customersMatching(filter)).resolves.toHaveLength(new Set(expected.map((r) => r.customerId)).size);
  });

  describe('text', () => {
    const byCustomer = new Map(hub.customers.map((customer) => [customer.id, customer]));
    const startsAny = (names: (string | null | undefined)[], word: string) =>
      names.some((name) => (name ?? '').toLowerCase().startsWith(word.toLowerCase()));

    test('name words: every word begins a name of the council\'s record, case ignored', async () => {
      const customer = byCustomer.get(stored.find((r) => byCustomer.get(r.customerId)?.name.given)!.customerId)!;
      const text = `${customer.name.family.slice(0, 3).toUpperCase()} ${customer.name.given!.slice(0, 2).toLowerCase()}`;
      const expected = stored.filter((r) => {
        const { name } = byCustomer.get(r.customerId)!;
        return searchWords(text).every((word) => startsAny([name.family, name.given, name.preferred], word));
      });
      expect(expected.map((r) => r.customerId)).toContain(customer.id);
      const found = await walk({ search: { text, of: 'CUSTOMER' } }, { field: 'RECEIVED', direction: 'DESC' }, 50);
      expect(found.map((r) => r.id).sort()).toEqual(expected.map((r) => r.id).sort());
    });

    test('an NHS number, spaces allowed, matches that customer\'s number exactly; a part of one matches nobody', async () => {
      const customer = hub.customers.find((c) => c.nhsNumber && stored.some((r) => r.customerId === c.id))!;
      const spaced = `${customer.nhsNumber!.slice(0, 3)} ${customer.nhsNumber!.slice(3, 6)} ${customer.nhsNumber!.slice(6)}`;
      const found = await walk({ search: { text: spaced, of: 'CUSTOMER' } }, { field: 'RECEIVED', direction: 'DESC' }, 50);
      expect(found.map((r) => r.id).sort()).toEqual(stored.filter((r) => r.customerId === customer.id).map((r) => r.id).sort());
      await expect(repositories.referrals.customersMatching({ search: { text: spaced, of: 'CUSTOMER' } })).resolves.toEqual([customer.id]);
      const part = await list({ search: { text: customer.nhsNumber!.slice(0, 6), of: 'CUSTOMER' } }, { field: 'RECEIVED', direction: 'DESC' }, 5);
      expect(part.edges).toHaveLength(0);
    });

    test('as sent: a trust\'s search reads the person its trust sent, never the council\'s record', async () => {
      // A referral whose sent family name differs from the council's: make one.
      const referral = stored.find((r) => r.referringTrustOdsCode === 'R1A' && r.referredPerson)!;
      await db.query(`UPDATE referrals SET sent_person = jsonb_set(sent_person, '{familyName}', '"Zzyzxsent"') WHERE id = $1`, [referral.id]);
      const council = byCustomer.get(referral.customerId)!.name.family;
      const filter = (text: string): ReferralListFilter => ({ trustOdsCode: 'R1A', search: { text, of: 'AS_SENT' } });
      const bySent = await walk(filter('zzyzx'), { field: 'RECEIVED', direction: 'DESC' }, 50);
      expect(bySent.map((r) => r.id)).toEqual([referral.id]);
      const byCouncilName = await walk(filter(council), { field: 'RECEIVED', direction: 'DESC' }, 50);
      expect(byCouncilName.map((r) => r.id)).not.toContain(referral.id);
      for (const found of byCouncilName) expect(found.referringTrustOdsCode).toBe('R1A');
      // The council's search still finds the person by the council's name, not by what the trust sent.
      const hubSearch = await walk({ search: { text: 'zzyzx', of: 'CUSTOMER' } }, { field: 'RECEIVED', direction: 'DESC' }, 50);
      expect(hubSearch).toHaveLength(0);
    });

    test('a word that is a LIKE wildcard matches literally', async () => {
      const found = await list({ search: { text: '%%', of: 'CUSTOMER' } }, { field: 'RECEIVED', direction: 'DESC' }, 5);
      expect(found.edges).toHaveLength(0);
    });
  });

  test('the orders and filters are read off indexes (PostgreSQL plans)', async () => {
    if (kind !== 'postgres') return;
    await db.query('ANALYZE referrals');
    const plan = async (sqlText: string) =>
      (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sqlText}`)).map((row) => row['QUERY PLAN']).join('\n');
    await db.query('SET enable_seqscan = off');
    try {
      expect(await plan(`SELECT * FROM referrals ORDER BY expected_discharge_on DESC NULLS LAST, id DESC LIMIT 21`)).toContain(
        'referrals_by_expected_discharge_desc',
      );
      expect(
        await plan(`SELECT * FROM referrals ORDER BY (CASE priority WHEN 'ROUTINE' THEN 1 WHEN 'HIGH' THEN 2 WHEN 'URGENT' THEN 3 END) ASC NULLS LAST, id ASC LIMIT 21`),
      ).toContain('referrals_by_priority_asc');
      expect(await plan(`SELECT * FROM referrals WHERE updated_at >= now() ORDER BY updated_at, id LIMIT 21`)).toContain('referrals_by_updated');
    } finally {
      await db.query('RESET enable_seqscan');
    }
  });
});
