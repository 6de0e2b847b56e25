/**
 * The repositories and the decision transaction against a real store: PGlite
 * always, PostgreSQL as well when TEST_DATABASE_URL is set.
 */
import type { Viewer } from '../../src/auth/viewer.js';
import { ReferralTransitionError } from '../../src/referrals/referral-state-machine.js';
import { decideReferral } from '../../src/referrals/decide-referral.js';
import { seedIfEmpty } from '../../src/seed/seed-store.js';
import { generateSyntheticHub } from '../../src/seed/synthetic-hub.js';
import { createRepositories, type Repositories } from '../../src/server/request/repositories.js';
import type { Database } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrate.js';
import { isAuditPosition } from '../../src/audit/audit-log.js';
import { isReferralPosition } from '../../src/referrals/referral-order.js';
import { readPage, type Connection } from '../../src/store/pagination.js';
import { describeEachStore, openTestDatabase } from '../support/stores.js';

const anchor = new Date('2026-11-23T00:00:00Z');
const options = { anchor, customers: 300 };
const hub = generateSyntheticHub(options);
const coordinator: Viewer = { subject: 'c1', name: 'Alex Morgan', role: 'HUB_COORDINATOR', trustOdsCode: null };

/** Every node of a list, page by page through the cursors. */
async function allPages<T>(fetch: (after: string | null) => Promise<Connection<T>>): Promise<T[]> {
  const nodes: T[] = [];
  let after: string | null = null;
  for (;;) {
    const page: Connection<T> = await fetch(after);
    nodes.push(...page.edges.map((edge) => edge.node));
    if (!page.pageInfo.hasNextPage) return nodes;
    after = page.pageInfo.endCursor;
  }
}

describeEachStore('repositories', (kind) => {
  let db: Database;
  let repositories: Repositories;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await expect(seedIfEmpty(db, options)).resolves.toMatchObject({ seeded: true, customers: 300 });
    repositories = createRepositories(db);
  });
  afterAll(() => db.close());

  test('migrations and the seed run once however often they are asked', async () => {
    await expect(migrate(db)).resolves.toEqual([]);
    await expect(seedIfEmpty(db, options)).resolves.toMatchObject({ seeded: false });
    await expect(repositories.customers.count()).resolves.toBe(300);
  });

  test('a customer reads back as stored, dates of birth unshifted by time zones', async () => {
    const stored = hub.customers[7]!;
    const [found] = await repositories.customers.findByIds([stored.id]);
    expect(found).toEqual(stored);
    expect(typeof found!.dateOfBirth).toBe('string');
  });

  test('customer search matches name prefixes, NHS numbers, postcodes and dates of birth', async () => {
    const target = hub.customers.find((customer) => customer.nhsNumber && customer.address?.postcode)!;
    const page = readPage({ first: 50 }, 'uuid', 100);
    const { page: byNumber, matched: numberMatched } = await repositories.customers.search({ text: `${target.nhsNumber!.slice(0, 3)} ${target.nhsNumber!.slice(3)}` }, page);
    expect(byNumber.edges.map((edge) => edge.node.id)).toEqual([target.id]);
    // What a search matched is what its audit look records: every match, not only the page.
    expect(numberMatched).toEqual([target.id]);

    const { page: byName } = await repositories.customers.search(
      { text: `${target.name.given!.slice(0, 3)} ${target.name.family.slice(0, 4).toUpperCase()}` },
      page,
    );
    expect(byName.edges.map((edge) => edge.node.id)).toContain(target.id);
    for (const { node } of byName.edges) {
      const names = [node.name.given, node.name.family, node.name.preferred].map((name) => (name ?? '').toLowerCase());
      expect(names.some((name) => name.startsWith(target.name.given!.slice(0, 3).toLowerCase()))).toBe(true);
    }

    const { page: byPlace } = await repositories.customers.search(
      { postcode: target.address!.postcode, dateOfBirth: target.dateOfBirth },
      page,
    );
    expect(byPlace.edges.map((edge) => edge.node.id)).toEqual([target.id]);

    // A LIKE wildcard typed by a user matches literally, so it finds nobody.
    const wildcard = await repositories.customers.search({ text: '%' }, page);
    expect([wildcard.page.edges, wildcard.matched]).toEqual([[], []]);
    const punctuation = await repositories.customers.search({ text: ', ,' }, page);
    expect([punctuation.page.edges, punctuation.matched]).toEqual([[], []]);
  });

  test('paging through search results visits each match once, in name order', async () => {
    const expected = hub.customers
      .filter((customer) => customer.address?.postcode?.startsWith('NX1 '))
      .length;
    const postcodes = [...new Set(hub.customers.flatMap((c) => (c.address?.postcode?.startsWith('NX1 ') ? [c.address.postcode] : [])))];
    const results = [];
    for (const postcode of postcodes) {
      results.push(
        ...(await allPages((after) =>
          repositories.customers.search({ postcode }, readPage({ first: 1, after }, 'uuid', 100)).then((found) => found.page),
        )),
      );
    }
    expect(results).toHaveLength(expected);
    expect(new Set(results.map((customer) => customer.id)).size).toBe(expected);
  });

  test('referral lists filter, page without gaps or repeats, and count', async () => {
    const filter = { statuses: ['ACCEPTED', 'TRIAGED'] as const, trustOdsCode: 'R1A' };
    const expected = hub.referrals
      .filter((referral) => filter.statuses.includes(referral.status as 'ACCEPTED') && referral.referringTrustOdsCode === 'R1A')
      .sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime() || (a.id < b.id ? 1 : -1));
    const listed = await allPages((after) =>
      repositories.referrals.list({ ...filter, statuses: [...filter.statuses] }, readPage({ first: 7, after }, isReferralPosition, 100)),
    );
    expect(listed.map((referral) => referral.id)).toEqual(expected.map((referral) => referral.id));
    const first = await repositories.referrals.list({ ...filter, statuses: [...filter.statuses] }, readPage({ first: 7 }, 'uuid', 100));
    await expect(first.totalCount()).resolves.toBe(expected.length);

    const since = new Date(anchor.getTime() - 7 * 24 * 3_600_000);
    const recent = await repositories.referrals.list({ receivedSince: since, pathways: ['PATHWAY_1'] }, readPage({ first: 100 }, 'uuid', 100));
    expect(recent.edges.length).toBeGreaterThan(0);
    for (const { node } of recent.edges) {
      expect(node.receivedAt.getTime()).toBeGreaterThanOrEqual(since.getTime());
      expect(node.pathway).toBe('PATHWAY_1');
    }
  });

  test('per-customer pages and counts in one query agree with the single lists', async () => {
    const customerIds = hub.customers.slice(0, 40).map((customer) => customer.id);
    const pages = await repositories.referrals.newestPerCustomer(customerIds, 2, null);
    const counts = await repositories.referrals.countPerCustomer(customerIds, null);
    for (const id of customerIds) {
      const own = hub.referrals
        .filter((referral) => referral.customerId === id)
        .sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime());
      expect(pages.get(id)!.map((referral) => referral.id)).toEqual(own.slice(0, 2).map((referral) => referral.id));
      expect(counts.get(id)).toBe(own.length);
    }
    const scoped = await repositories.referrals.newestPerCustomer(customerIds, 5, 'R1B');
    for (const referrals of scoped.values()) for (const referral of referrals) expect(referral.referringTrustOdsCode).toBe('R1B');
  });

  test('equipment orders read back with their lines in order and their history', async () => {
    const stored = hub.equipmentOrders.find((order) => order.lines.length > 1)!;
    const [found] = await repositories.equipmentOrders.findByIds([stored.id]);
    expect(found).toEqual(stored);
    const history = await repositories.equipmentOrders.historyOf([stored.id]);
    expect(history.get(stored.id)!.map((event) => event.toStatus)).toEqual(
      hub.equipmentOrderEvents.filter((event) => event.orderId === stored.id).map((event) => event.toStatus),
    );
  });

  test('a decision changes the referral, appends history and audits the change, all together', async () => {
    const received = hub.referrals.find((referral) => referral.status === 'RECEIVED')!;
    const at = new Date('2026-11-23T10:00:00Z');
    const maker = { db, viewer: coordinator, requestId: 'req-1', operation: 'mutation Triage', at };
    const triaged = await decideReferral(maker, received.id, {
      kind: 'triage',
      pathway: 'PATHWAY_2',
      priority: 'URGENT',
      reason: 'Needs a rehab bed',
    }, []);
    expect(triaged).toMatchObject({ status: 'TRIAGED', pathway: 'PATHWAY_2', priority: 'URGENT' });
    const [reread] = await repositories.referrals.findByIds([received.id]);
    expect(reread).toEqual(triaged);
    const history = (await repositories.referrals.historyOf([received.id])).get(received.id)!;
    expect(history.map((event) => event.action)).toEqual(['RECEIVED', 'TRIAGED']);
    // No decision is SQL NULL, not a JSON null, whichever way the row was written.
    const untriaged = hub.referrals.filter((referral) => referral.triage === null).length - 1;
    await expect(db.query('SELECT count(*)::int AS n FROM referrals WHERE triage IS NULL')).resolves.toEqual([{ n: untriaged }]);
    expect(history[1]).toMatchObject({ by: { subject: 'c1', role: 'HUB_COORDINATOR' }, reason: 'Needs a rehab bed', at });
    const byCustomer = { customerId: received.customerId, actor: null, from: null, to: null, action: null };
    const audit = await repositories.auditLog.list(byCustomer, readPage({ first: 10 }, isAuditPosition, 100));
    expect(audit.edges.map((edge) => edge.node)).toContainEqual(
      expect.objectContaining({ action: 'CHANGE', operation: 'mutation Triage', requestId: 'req-1', customerId: received.customerId }),
    );

    // An illegal move changes nothing: no state, no history, no audit row.
    await expect(
      decideReferral({ ...maker, requestId: 'req-2' }, received.id, { kind: 'close', reason: 'x' }, []),
    ).rejects.toThrow(ReferralTransitionError);
    expect((await repositories.referrals.findByIds([received.id]))[0]!.status).toBe('TRIAGED');
    expect((await repositories.referrals.historyOf([received.id])).get(received.id)).toHaveLength(2);
    const after = await repositories.auditLog.list(byCustomer, readPage({ first: 10 }, isAuditPosition, 100));
    expect(after.edges.some((edge) => edge.node.requestId === 'req-2')).toBe(false);
  });

  test('two coordinators accepting one referral at once: exactly one wins', async () => {
    const triaged = hub.referrals.find((referral) => referral.status === 'TRIAGED')!;
    const accept = (team: string) =>
      decideReferral({ db, viewer: coordinator, requestId: team, operation: 'mutation Accept', at: new Date() }, triaged.id, {
        kind: 'accept',
        assignedTeam: team,
        assignedWorker: null,
        note: null,
      }, []);
    const results = await Promise.allSettled([accept('Reablement North'), accept('Reablement South')]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ReferralTransitionError);
    const history = (await repositories.referrals.historyOf([triaged.id])).get(triaged.id)!;
    expect(history.filter((event) => event.action === 'ACCEPTED')).toHaveLength(1);
  });
});
