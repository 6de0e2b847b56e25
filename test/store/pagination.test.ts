import { encodeCursor, readPage, toConnection } from '../../src/store/pagination.js';

describe('pagination', () => {
  const keyParts = ['timestamp', 'uuid'] as const;
  const key = ['2026-11-20T10:00:00.000Z', '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9'];

  test('a cursor round-trips to its sort key', () => {
    expect(readPage({ first: 5, after: encodeCursor(key) }, keyParts, 100)).toEqual({ first: 5, after: key });
  });

  test.each([
    ['not base64 JSON', 'not-a-cursor'],
    ['the wrong arity', encodeCursor(['2026-11-20T10:00:00.000Z'])],
    ['a bad uuid', encodeCursor(['2026-11-20T10:00:00.000Z', "x'; DROP TABLE referrals; --"])],
    ['a bad timestamp', encodeCursor(['yesterday', key[1]!])],
  ])('refuses a cursor with %s, naming the argument', (_what, cursor) => {
    expect(() => readPage({ after: cursor }, keyParts, 100)).toThrow(/^after: is not a cursor from this list/);
  });

  test.each([-1, 101, 2.5])('refuses first = %p', (first) => {
    expect(() => readPage({ first }, keyParts, 100)).toThrow(/^first: must be between 0 and 100/);
  });

  test('uses the default page size when first is not given', () => {
    expect(readPage({}, keyParts, 100).first).toBe(20);
  });

  test('builds page info from first + 1 rows', async () => {
    const rows = [1, 2, 3].map((n) => ({ n }));
    const page = { first: 2, after: null };
    const connection = toConnection(rows, page, (row) => [row.n], async () => 3);
    expect(connection.edges.map((edge) => edge.node.n)).toEqual([1, 2]);
    expect(connection.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: encodeCursor([1]),
      endCursor: encodeCursor([2]),
    });
    expect(await connection.totalCount()).toBe(3);
    const last = toConnection(rows.slice(2), { first: 2, after: [2] }, (row) => [row.n], async () => 3);
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });
});
