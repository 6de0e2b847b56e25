import { rawSql, sql } from '../../src/store/sql-fragment.js';

const numbered = (fragment: ReturnType<typeof sql>): string => {
  let n = 0;
  return fragment.render(() => `$${++n}`);
};

describe('sql fragments', () => {
  test('values are kept apart from the text, in order, and the text keeps any ? it has', () => {
    const fragment = sql`data ?| ${['a', 'b']} AND x = ${1} AND data ? 'key'`;
    expect(numbered(fragment)).toBe("data ?| $1 AND x = $2 AND data ? 'key'");
    expect(fragment.values).toEqual([['a', 'b'], 1]);
  });

  test('a fragment inside a fragment is spliced in, its values keeping their places', () => {
    const inner = sql`b = ${'x'} AND c = ${'y'}`;
    const fragment = sql`(a = ${1} AND ${inner} AND d = ${2})`;
    expect(numbered(fragment)).toBe('(a = $1 AND b = $2 AND c = $3 AND d = $4)');
    expect(fragment.values).toEqual([1, 'x', 'y', 2]);
  });

  test('a string is a value unless marked as the code\'s own SQL text', () => {
    const column = 'e.at';
    expect(numbered(sql`${column} >= ${5}`)).toBe('$1 >= $2');
    const fragment = sql`${rawSql(column)} >= ${5}`;
    expect(numbered(fragment)).toBe('e.at >= $1');
    expect(fragment.values).toEqual([5]);
  });

  test('a value that looks like SQL or a placeholder stays a value', () => {
    const fragment = sql`name = ${"?' OR 1=1 --"}`;
    expect(numbered(fragment)).toBe('name = $1');
    expect(fragment.values).toEqual(["?' OR 1=1 --"]);
  });
});
