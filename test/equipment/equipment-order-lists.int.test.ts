/**
 * The equipment orders list's filters a board works from (statuses, the
 * placed range, what changed since), against a real store: each against
 * the same rule in JavaScript over the seeded hub, paged without a gap.
 */
import type { EquipmentOrderListFilter, EquipmentOrderRecord } from '../../src/equipment/equipment-order.js';
import { seedIfEmpty } from '../../src/seed/seed-store.js';
import { generateSyntheticHub } from '../../src/seed/synthetic-hub.js';
import { createRepositories, type Repositories } from '../../src/server/request/repositories.js';
import type { Database } from '../../src/store/database.js';
import { readPage, type Connection } from '../../src/store/pagination.js';
import { describeEachStore, openTestDatabase } from '../support/stores.js';

const anchor = new Date('2026-11-23T00:00:00Z');
const options = { anchor, customers: 300 };
const hub = generateSyntheticHub(options);
const newestFirst = (a: EquipmentOrderRecord, b: EquipmentOrderRecord) => b.placedAt.getTime() - a.placedAt.getTime() || (a.id < b.id ? 1 : -1);

describeEachStore('equipment order lists: filters', (kind) => {
  let db: Database;
  let repositories: Repositories;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await seedIfEmpty(db, options);
    repositories = createRepositories(db);
  });
  afterAll(() => db.close());

  async function walk(filter: EquipmentOrderListFilter): Promise<EquipmentOrderRecord[]> {
    const nodes: EquipmentOrderRecord[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Connection<EquipmentOrderRecord> = await repositories.equipmentOrders.list(filter, readPage({ first: 9, after }, 'uuid', 100));
      nodes.push(...page.edges.map((edge) => edge.node));
      if (!page.pageInfo.hasNextPage) return nodes;
      after = page.pageInfo.endCursor;
    }
  }

  const middle = (dates: Date[]) => [...dates].sort((a, b) => a.getTime() - b.getTime())[Math.floor(dates.length / 2)]!;
  const placedMiddle = middle(hub.equipmentOrders.map((order) => order.placedAt));
  const updatedMiddle = middle(hub.equipmentOrders.map((order) => order.updatedAt));
  const placedEarly = middle(hub.equipmentOrders.map((order) => order.placedAt).filter((at) => at < placedMiddle));

  test.each<[string, EquipmentOrderListFilter, (order: EquipmentOrderRecord) => boolean]>([
    ['placed before', { placedBefore: placedMiddle }, (order) => order.placedAt < placedMiddle],
    ['a placed range', { placedSince: placedEarly, placedBefore: placedMiddle }, (order) => order.placedAt >= placedEarly && order.placedAt < placedMiddle],
    ['updated since', { updatedSince: updatedMiddle }, (order) => order.updatedAt >= updatedMiddle],
    [
      'updated since, of some statuses',
      { updatedSince: updatedMiddle, statuses: ['DELIVERED', 'SCHEDULED'] },
      (order) => order.updatedAt >= updatedMiddle && ['DELIVERED', 'SCHEDULED'].includes(order.status),
    ],
  ])('%s: exactly the orders it names, newest placed first', async (_, filter, matches) => {
    const expected = hub.equipmentOrders.filter(matches).sort(newestFirst);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(hub.equipmentOrders.length);
    expect((await walk(filter)).map((order) => order.id)).toEqual(expected.map((order) => order.id));
  });
});
