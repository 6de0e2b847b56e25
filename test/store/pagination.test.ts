import { encodeCursor, readPage, toConnection } from '../../src/store/pagination.js';

describe('pagination', () => {
  const id = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';

  test('a cursor round-trips to its row id', () => {
    expect(readPage({ first: 5, after: encodeCursor(id) }, 'uuid', 100)).toEqual({ first: 5, after: id });
    expect(readPage({ first: 1, after: encodeCursor(42) }, 'integer', 100).after).toBe(42);
  });

  test.each([
    ['not base64 JSON', 'not-a-cursor'],
    ['two parts', Buffer.from(JSON.stringify([id, id])).toString('base64url')],
    ['an injection attempt', encodeCursor("x'; DROP TABLE referrals; --")],
    ['an upper-case uuid (ours are lower case)', encodeCursor(id.toUpperCase())],
    ['a number where a uuid belongs', encodeCursor(1)],
  ])('refuses a cursor with %s, naming the argument', (_what, cursor) => {
    expect(() => readPage({ first: 1, after: cursor }, 'uuid', 100)).toThrow(/^after: is not a cursor from this list/);
  });

  test.each([['a uuid', encodeCursor(id)], ['zero', encodeCursor(0)], ['a fraction', encodeCursor(1.5)]])(
    'refuses an integer cursor that is %s',
    (_what, cursor) => {
      expect(() => readPage({ first: 1, after: cursor }, 'integer', 100)).toThrow(/^after: is not a cursor/);
    },
  );

  test.each([-1, 101, 2.5])('refuses first = %p', (first) => {
    expect(() => readPage({ first }, 'uuid', 100)).toThrow(/^first: must be between 0 and 100/);
  });

  test('builds page info from first + 1 rows, with cursors that are only the row ids', async () => {
    const rows = [1, 2, 3].map((n) => ({ id: n, name: `row ${n}` }));
    const connection = toConnection(rows, { first: 2, after: null }, () => Promise.resolve(3));
    expect(connection.edges.map((edge) => edge.node.id)).toEqual([1, 2]);
    expect(connection.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: encodeCursor(1),
      endCursor: encodeCursor(2),
    });
    expect(Buffer.from(connection.edges[0]!.cursor, 'base64url').toString()).toBe('[1]');
    expect(await connection.totalCount()).toBe(3);
    const last = toConnection(rows.slice(2), { first: 2, after: 2 }, () => Promise.resolve(3));
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });
});
