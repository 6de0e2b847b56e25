import { SqlConditions } from '../../src/store/sql-conditions.js';
import { sql } from '../../src/store/sql-fragment.js';

describe('SqlConditions', () => {
  test('numbers each condition\'s values in the order they are added, and keeps them in that order', () => {
    const conditions = new SqlConditions().add(sql`a = ${1}`).add(sql`(b, c) < (${'x'}, ${'y'})`);
    expect(conditions.where()).toBe('WHERE a = $1 AND (b, c) < ($2, $3)');
    expect(conditions.params).toEqual([1, 'x', 'y']);
  });

  test('an absent filter (undefined or null) or an empty list adds no condition', () => {
    const conditions = new SqlConditions()
      .addIf(undefined, (a) => sql`a = ${a}`)
      .addIf(null, (b) => sql`b = ${b}`)
      .addIfAny([], (c) => sql`c = ANY(${c})`)
      .addIfAny(null, (d) => sql`d = ANY(${d})`)
      .addIf(0, (e) => sql`e = ${e}`)
      .addIf(false, (f) => sql`f = ${f}`)
      .addIfAny(['g1', 'g2'], (g) => sql`g = ANY(${g})`);
    // 0 and false are values, not absent filters; a list is one value.
    expect(conditions.where()).toBe('WHERE e = $1 AND f = $2 AND g = ANY($3)');
    expect(conditions.params).toEqual([0, false, ['g1', 'g2']]);
  });

  test('a ? in a condition is SQL (the jsonb operators), not a placeholder: only the values are numbered', () => {
    const conditions = new SqlConditions()
      .add(sql`status = ${'OPEN'}`)
      .add(sql`data ? 'key' AND data ?| ${['a', 'b']} AND data ?& array['c']`)
      .addIf('x', (key) => sql`data ? ${key}`);
    expect(conditions.where()).toBe("WHERE status = $1 AND data ? 'key' AND data ?| $2 AND data ?& array['c'] AND data ? $3");
    expect(conditions.params).toEqual(['OPEN', ['a', 'b'], 'x']);
  });

  test('no conditions is no WHERE clause; a parameter outside it continues the numbering', () => {
    const conditions = new SqlConditions();
    expect(conditions.where()).toBe('');
    conditions.add(sql`a = ${'x'}`);
    expect(conditions.param(20)).toBe('$2');
    expect(conditions.params).toEqual(['x', 20]);
  });

  test('the counter runs the conditions added so far, not those added after it', async () => {
    const conditions = new SqlConditions().add(sql`status = ${'OPEN'}`);
    const seen: [string, unknown[]][] = [];
    const db = { query: async (text: string, params: unknown[]) => (seen.push([text, params]), [{ n: 7 }]) };
    const count = conditions.counter(db as never, 'referrals');
    conditions.add(sql`id > ${'cursor'}`);
    expect(await count()).toBe(7);
    expect(seen).toEqual([['SELECT count(*)::int AS n FROM referrals WHERE status = $1', ['OPEN']]]);
  });
});
