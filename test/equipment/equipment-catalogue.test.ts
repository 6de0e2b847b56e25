import { BadInputError } from '../../src/errors.js';
import { CatalogueCache, catalogueConnection, searchCatalogue } from '../../src/equipment/equipment-catalogue.js';
import {
  SupplierUnavailableError,
  type CatalogueItem,
  type EquipmentSupplier,
} from '../../src/equipment/ports.js';
import { encodeCursor, readPage } from '../../src/store/pagination.js';

function item(code: string, name: string, category: string, unitPence = 1_000): CatalogueItem {
  return { code, name, category, isoClass: null, unitPence, special: false, stock: 'IN_STOCK' };
}

const ITEMS: CatalogueItem[] = [
  item('WF-001', 'Walking frame, standard', 'Walking frames'),
  item('WF-002', 'Walking frame with wheels', 'Walking frames'),
  item('GR-010', 'Grab rail 450mm', 'Bathing'),
  item('BS-020', 'Bath seat', 'Bathing'),
  item('Tc-7', 'Toilet frame', 'Toileting'),
  item('BED-010', 'Profiling bed', 'Beds'),
];

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A supplier whose catalogue answers are queued by the test; it counts the calls. */
class FakeSupplier implements EquipmentSupplier {
  calls = 0;
  private readonly answers: (() => Promise<CatalogueItem[]>)[] = [];

  willAnswer(items: CatalogueItem[]): this {
    this.answers.push(() => Promise.resolve(items.map((i) => ({ ...i }))));
    return this;
  }

  willFail(error: Error = new SupplierUnavailableError('down', 'catalogue', 503)): this {
    this.answers.push(() => Promise.reject(error));
    return this;
  }

  willWaitFor(answer: Promise<CatalogueItem[]>): this {
    this.answers.push(() => answer);
    return this;
  }

  catalogue(): Promise<CatalogueItem[]> {
    this.calls += 1;
    const next = this.answers.shift();
    if (!next) return Promise.reject(new Error(`unexpected catalogue call ${this.calls}`));
    return next();
  }

  submitOrder(): never {
    throw new Error('not used');
  }
  cancelOrder(): never {
    throw new Error('not used');
  }
  requestCollection(): never {
    throw new Error('not used');
  }
  orderStatus(): never {
    throw new Error('not used');
  }
}

const TTL = 60_000;

describe('CatalogueCache', () => {
  let clock: number;
  const now = () => clock;
  beforeEach(() => {
    clock = 1_000_000;
  });

  test('fetches once and serves the copy within the TTL', async () => {
    const supplier = new FakeSupplier().willAnswer(ITEMS);
    const cache = new CatalogueCache(supplier, TTL, now);
    const first = await cache.items();
    clock += TTL - 1;
    const second = await cache.items();
    expect(supplier.calls).toBe(1);
    expect(second.items).toEqual(ITEMS);
    expect(second).toBe(first);
  });

  test('indexes items by upper-case code', async () => {
    const cache = new CatalogueCache(new FakeSupplier().willAnswer(ITEMS), TTL, now);
    const { byCode } = await cache.items();
    expect(byCode.get('TC-7')?.name).toBe('Toilet frame');
    expect(byCode.get('WF-001')?.code).toBe('WF-001');
    expect(byCode.size).toBe(ITEMS.length);
  });

  test('fetches again once the TTL has passed, and serves the new prices', async () => {
    const repriced = ITEMS.map((i) => ({ ...i, unitPence: i.unitPence + 1 }));
    const supplier = new FakeSupplier().willAnswer(ITEMS).willAnswer(repriced);
    const cache = new CatalogueCache(supplier, TTL, now);
    await cache.items();
    clock += TTL;
    const { items, byCode } = await cache.items();
    expect(supplier.calls).toBe(2);
    expect(items).toEqual(repriced);
    expect(byCode.get('WF-001')?.unitPence).toBe(1_001);
    // The TTL now runs from the second fetch.
    clock += TTL - 1;
    await cache.items();
    expect(supplier.calls).toBe(2);
  });

  test('callers asking while a fetch is under way share it', async () => {
    const answer = deferred<CatalogueItem[]>();
    const supplier = new FakeSupplier().willWaitFor(answer.promise);
    const cache = new CatalogueCache(supplier, TTL, now);
    const asking = [cache.items(), cache.items(), cache.items()];
    answer.resolve(ITEMS);
    const results = await Promise.all(asking);
    expect(supplier.calls).toBe(1);
    for (const result of results) expect(result.items).toEqual(ITEMS);
  });

  test('callers asking while a stale copy is being refreshed share one refresh', async () => {
    const answer = deferred<CatalogueItem[]>();
    const supplier = new FakeSupplier().willAnswer(ITEMS).willWaitFor(answer.promise);
    const cache = new CatalogueCache(supplier, TTL, now);
    await cache.items();
    clock += TTL + 1;
    const asking = [cache.items(), cache.items()];
    answer.resolve([ITEMS[0]!]);
    const results = await Promise.all(asking);
    expect(supplier.calls).toBe(2);
    for (const result of results) expect(result.items).toEqual([ITEMS[0]]);
  });

  test('a failed refresh serves the last good copy', async () => {
    const supplier = new FakeSupplier().willAnswer(ITEMS).willFail();
    const cache = new CatalogueCache(supplier, TTL, now);
    await cache.items();
    clock += TTL * 5;
    const { items } = await cache.items();
    expect(supplier.calls).toBe(2);
    expect(items).toEqual(ITEMS);
  });

  test('after a failed refresh it tries the supplier again, and takes the new copy', async () => {
    const newer = [item('NEW-1', 'New thing', 'Beds')];
    const supplier = new FakeSupplier().willAnswer(ITEMS).willFail().willAnswer(newer);
    const cache = new CatalogueCache(supplier, TTL, now);
    await cache.items();
    clock += TTL;
    expect((await cache.items()).items).toEqual(ITEMS);
    expect((await cache.items()).items).toEqual(newer);
    expect(supplier.calls).toBe(3);
  });

  test('a failure with no copy at all is thrown to every caller waiting on it', async () => {
    const answer = deferred<CatalogueItem[]>();
    const supplier = new FakeSupplier().willWaitFor(answer.promise).willAnswer(ITEMS);
    const cache = new CatalogueCache(supplier, TTL, now);
    const asking = [cache.items(), cache.items()];
    const failure = new SupplierUnavailableError('down', 'catalogue', 503);
    answer.reject(failure);
    for (const result of await Promise.allSettled(asking)) expect(result).toEqual({ status: 'rejected', reason: failure });
    expect(supplier.calls).toBe(1);
    // The failure is not remembered: the next caller tries again.
    expect((await cache.items()).items).toEqual(ITEMS);
    expect(supplier.calls).toBe(2);
  });
});

describe('searchCatalogue', () => {
  const codes = (found: CatalogueItem[]) => found.map((i) => i.code);

  test('with no search and no category, gives everything in catalogue order', () => {
    expect(searchCatalogue(ITEMS, null, null)).toEqual(ITEMS);
    expect(searchCatalogue(ITEMS, '   ', '')).toEqual(ITEMS);
  });

  test('every word must match the name or the code, case-insensitively', () => {
    expect(codes(searchCatalogue(ITEMS, 'frame', null))).toEqual(['WF-001', 'WF-002', 'Tc-7']);
    expect(codes(searchCatalogue(ITEMS, 'WALKING  Wheels', null))).toEqual(['WF-002']);
    expect(codes(searchCatalogue(ITEMS, 'walking toilet', null))).toEqual([]);
  });

  test('a word can match the code while another matches the name', () => {
    expect(codes(searchCatalogue(ITEMS, 'wf-00 standard', null))).toEqual(['WF-001']);
    expect(codes(searchCatalogue(ITEMS, 'tc-7', null))).toEqual(['Tc-7']);
    expect(codes(searchCatalogue(ITEMS, '450MM', null))).toEqual(['GR-010']);
  });

  test('the category must match exactly, ignoring case and surrounding space', () => {
    expect(codes(searchCatalogue(ITEMS, null, 'bathing'))).toEqual(['GR-010', 'BS-020']);
    expect(codes(searchCatalogue(ITEMS, null, '  WALKING FRAMES '))).toEqual(['WF-001', 'WF-002']);
    expect(codes(searchCatalogue(ITEMS, null, 'Walking'))).toEqual([]);
    expect(codes(searchCatalogue(ITEMS, null, 'Bath'))).toEqual([]);
  });

  test('search and category together', () => {
    expect(codes(searchCatalogue(ITEMS, 'frame', 'toileting'))).toEqual(['Tc-7']);
    expect(codes(searchCatalogue(ITEMS, 'bath', 'Bathing'))).toEqual(['BS-020']);
    expect(codes(searchCatalogue(ITEMS, 'rail', 'Beds'))).toEqual([]);
  });
});

describe('catalogueConnection', () => {
  const MAX = 100;
  const page = (first: number, after?: string | null) => readPage({ first, after }, 'code', MAX);
  const codesOf = (connection: ReturnType<typeof catalogueConnection>) => connection.edges.map((edge) => edge.node.code);

  test('the first page', async () => {
    const connection = catalogueConnection(ITEMS, page(2));
    expect(codesOf(connection)).toEqual(['WF-001', 'WF-002']);
    expect(connection.edges.map((edge) => edge.cursor)).toEqual([encodeCursor('WF-001'), encodeCursor('WF-002')]);
    expect(connection.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: encodeCursor('WF-001'),
      endCursor: encodeCursor('WF-002'),
    });
    expect(await connection.totalCount()).toBe(ITEMS.length);
  });

  test('following endCursor walks every item once, in order, and stops', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages += 1) {
      const connection = catalogueConnection(ITEMS, page(4, after));
      seen.push(...codesOf(connection));
      expect(await connection.totalCount()).toBe(ITEMS.length);
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual(ITEMS.map((i) => i.code));
  });

  test('a middle page and the last page', () => {
    const middle = catalogueConnection(ITEMS, page(2, encodeCursor('WF-002')));
    expect(codesOf(middle)).toEqual(['GR-010', 'BS-020']);
    expect(middle.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });

    const last = catalogueConnection(ITEMS, page(2, encodeCursor('BS-020')));
    expect(codesOf(last)).toEqual(['Tc-7', 'BED-010']);
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true, endCursor: encodeCursor('BED-010') });
  });

  test('after the last item, an empty page', () => {
    const connection = catalogueConnection(ITEMS, page(5, encodeCursor('BED-010')));
    expect(connection.edges).toEqual([]);
    expect(connection.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null });
  });

  test('a page exactly as long as the list has no next page', () => {
    expect(catalogueConnection(ITEMS, page(ITEMS.length)).pageInfo.hasNextPage).toBe(false);
    expect(catalogueConnection(ITEMS, page(ITEMS.length - 1)).pageInfo.hasNextPage).toBe(true);
  });

  test('first: 0 gives no edges but still counts', async () => {
    const connection = catalogueConnection(ITEMS, page(0));
    expect(connection.edges).toEqual([]);
    expect(connection.pageInfo).toMatchObject({ hasNextPage: true, startCursor: null, endCursor: null });
    expect(await connection.totalCount()).toBe(ITEMS.length);
  });

  test('pages through search results, counting only those', async () => {
    const found = searchCatalogue(ITEMS, 'frame', null);
    const connection = catalogueConnection(found, page(2, encodeCursor('WF-001')));
    expect(codesOf(connection)).toEqual(['WF-002', 'Tc-7']);
    expect(connection.pageInfo.hasNextPage).toBe(false);
    expect(await connection.totalCount()).toBe(3);
  });

  test('an empty result', async () => {
    const connection = catalogueConnection([], page(10));
    expect(connection.edges).toEqual([]);
    expect(connection.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null });
    expect(await connection.totalCount()).toBe(0);
  });

  test('an `after` no longer among the results is a BadInputError on after', () => {
    const found = searchCatalogue(ITEMS, 'frame', null);
    const act = () => catalogueConnection(found, page(2, encodeCursor('GR-010')));
    expect(act).toThrow(BadInputError);
    try {
      act();
    } catch (error) {
      expect((error as BadInputError).details).toEqual({ argument: 'after' });
    }
  });

  test('cursors match codes exactly', () => {
    expect(() => catalogueConnection(ITEMS, page(2, encodeCursor('tc-7')))).toThrow(BadInputError);
  });

  test('readPage refuses what is not a code cursor', () => {
    expect(() => page(2, 'not a cursor')).toThrow(BadInputError);
    expect(() => page(2, encodeCursor(''))).toThrow(BadInputError);
    expect(() => page(MAX + 1)).toThrow(BadInputError);
  });
});
