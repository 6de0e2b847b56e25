import { SqlConditions } from '../../src/store/sql-conditions.js';

describe('SqlConditions', () => {
  test('numbers each condition\'s placeholders in the order they are added, and keeps their values in that order', () => {
    const conditions = new SqlConditions().add('a = ?', 1).add('(b, c) < (?, ?)', 'x', 'y');
    expect(conditions.where()).toBe('WHERE a = $1 AND (b, c) < ($2, $3)');
    expect(conditions.params).toEqual([1, 'x', 'y']);
  });

  test('an absent filter (undefined or null) or an empty list adds no condition', () => {
    const conditions = new SqlConditions()
      .addIf('a = ?', undefined)
      .addIf('b = ?', null)
      .addIfAny('c = ANY(?)', [])
      .addIfAny('d = ANY(?)', null)
      .addIf('e = ?', 0)
      .addIf('f = ?', false);
    // 0 and false are values, not absent filters.
    expect(conditions.where()).toBe('WHERE e = $1 AND f = $2');
    expect(conditions.params).toEqual([0, false]);
  });

  test('no conditions is no WHERE clause; a parameter outside it continues the numbering', () => {
    const conditions = new SqlConditions();
    expect(conditions.where()).toBe('');
    conditions.add('a = ?', 'x');
    expect(conditions.param(20)).toBe('$2');
    expect(conditions.params).toEqual(['x', 20]);
  });

  test('the counter runs the conditions added so far, not those added after it', async () => {
    const conditions = new SqlConditions().add('status = ?', 'OPEN');
    const seen: [string, unknown[]][] = [];
    const db = { query: async (sql: string, params: unknown[]) => (seen.push([sql, params]), [{ n: 7 }]) };
    const count = conditions.counter(db as never, 'referrals');
    conditions.add('id > ?', 'cursor');
    expect(await count()).toBe(7);
    expect(seen).toEqual([['SELECT count(*)::int AS n FROM referrals WHERE status = $1', ['OPEN']]]);
  });
});
