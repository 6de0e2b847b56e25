/**
 * The prepared statement cache on a real in-memory PGlite, below the
 * Database port (database-statements.int.test.ts covers the port on both
 * stores): one named statement per SQL text, run again and again; a text
 * the server refuses is not remembered; an error while running leaves the
 * statement and the connection usable; parameters serialised by the type
 * the server described. The cache has no limit and evicts nothing: the
 * gateway's statement texts are a fixed few hundred.
 *
 * PostgreSQL's own pg_prepared_statements view shows which statements
 * exist on the connection and how often each was executed.
 */
import { PGlite } from '@electric-sql/pglite';
import { PglitePreparedStatements } from '../../src/store/pglite-prepared-statements.js';

let pglite: PGlite;
let prepared: PglitePreparedStatements;

beforeAll(async () => {
  pglite = await PGlite.create();
  await pglite.exec('CREATE TABLE probe (id uuid PRIMARY KEY, n integer NOT NULL)');
});
afterAll(() => pglite.close());
beforeEach(async () => {
  // Each test its own cache and its own statements on the server.
  await pglite.exec('DEALLOCATE ALL; TRUNCATE probe');
  prepared = new PglitePreparedStatements(pglite);
});

/** The named statements on the connection, with how many times each ran (a plan is counted for each run). */
async function statements(): Promise<{ name: string; statement: string; runs: number }[]> {
  const { rows } = await pglite.query<{ name: string; statement: string; runs: number }>(
    'SELECT name, statement, (generic_plans + custom_plans)::int AS runs FROM pg_prepared_statements ORDER BY name',
  );
  return rows;
}

const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('PglitePreparedStatements', () => {
  test('one SQL text is prepared once and run as that statement every time', async () => {
    const sql = 'SELECT $1::int + 1 AS n';
    for (let i = 0; i < 5; i++) expect(await prepared.query(sql, [i])).toEqual([{ n: i + 1 }]);
    expect(await statements()).toEqual([{ name: 'p0', statement: sql, runs: 5 }]);
  });

  test('another text, however alike, is another statement', async () => {
    await prepared.query('SELECT $1::int AS n', [1]);
    await prepared.query('SELECT $1::int  AS n', [2]);
    await prepared.query('SELECT $1::int AS n', [3]);
    expect(await statements()).toEqual([
      { name: 'p0', statement: 'SELECT $1::int AS n', runs: 2 },
      { name: 'p1', statement: 'SELECT $1::int  AS n', runs: 1 },
    ]);
  });

  test('rows come back with their columns on every run, and a statement without rows gives none', async () => {
    const select = 'SELECT $1::text AS label, $2::int AS n, $2::int * 2 AS twice';
    expect(await prepared.query(select, ['a', 1])).toEqual([{ label: 'a', n: 1, twice: 2 }]);
    expect(await prepared.query(select, ['b', 2])).toEqual([{ label: 'b', n: 2, twice: 4 }]);
    const insert = 'INSERT INTO probe (id, n) VALUES ($1, $2)';
    expect(await prepared.query(insert, [ID(1), 1])).toEqual([]);
    expect(await prepared.query(insert, [ID(2), 2])).toEqual([]);
    expect(await prepared.query('SELECT n FROM probe WHERE n > $1 ORDER BY n', [0])).toEqual([{ n: 1 }, { n: 2 }]);
    expect(await prepared.query('SELECT n FROM probe WHERE n > $1 ORDER BY n', [5])).toEqual([]);
  });

  test('a text the server refuses is refused each time, not remembered, and takes no name', async () => {
    const bad = 'SELECT no_such_column FROM probe WHERE n = $1';
    await expect(prepared.query(bad, [1])).rejects.toMatchObject({ code: '42703' });
    await expect(prepared.query(bad, [1])).rejects.toMatchObject({ code: '42703' });
    expect(await statements()).toEqual([]);
    // The next text gets the first name, and the connection answers.
    expect(await prepared.query('SELECT $1::int AS n', [7])).toEqual([{ n: 7 }]);
    expect(await statements()).toEqual([{ name: 'p0', statement: 'SELECT $1::int AS n', runs: 1 }]);
  });

  test('an error while running leaves the statement remembered and the connection ready', async () => {
    const sql = 'SELECT 10 / $1::int AS n';
    await expect(prepared.query(sql, [0])).rejects.toMatchObject({ code: '22012' });
    expect(await prepared.query(sql, [2])).toEqual([{ n: 5 }]);
    const insert = 'INSERT INTO probe (id, n) VALUES ($1, $2)';
    await prepared.query(insert, [ID(1), 1]);
    await expect(prepared.query(insert, [ID(1), 2])).rejects.toMatchObject({ code: '23505' });
    await prepared.query(insert, [ID(2), 2]);
    expect((await pglite.query('SELECT n FROM probe ORDER BY n')).rows).toEqual([{ n: 1 }, { n: 2 }]);
    // (A run that fails while planning, as 10 / 0 folded to a constant does, is not counted by the server.)
    expect((await statements()).map(({ name, statement }) => [name, statement])).toEqual([
      ['p0', sql],
      ['p1', insert],
    ]);
  });

  test('parameters are sent as the type the server described for them', async () => {
    const at = new Date('2026-03-29T00:30:00.123Z');
    const [row] = await prepared.query<Record<string, unknown>>(
      `SELECT $1::jsonb AS doc, $2::jsonb AS text_doc, $3::timestamptz AS at, $4::int8 AS big, $5::boolean AS yes,
              $6::bytea AS bytes, $7::text[] AS tags, $8::text AS nothing, $9::numeric AS amount, $10::uuid AS id`,
      [{ name: 'Ann \u00e9' }, '{"a":1}', at, 9007199254740993n, false, new Uint8Array([0, 255]), ['a', 'b,c', 'd"e'], undefined, 12.5, ID(3)],
    );
    expect(row).toEqual({
      doc: { name: 'Ann \u00e9' },
      text_doc: { a: 1 },
      at,
      big: 9007199254740993n,
      yes: false,
      bytes: new Uint8Array([0, 255]),
      tags: ['a', 'b,c', 'd"e'],
      nothing: null,
      amount: '12.5',
      id: ID(3),
    });
  });

  test('a value the type cannot take is refused before the server is asked, and the statement stays usable', async () => {
    const sql = 'SELECT $1::uuid AS id';
    await expect(prepared.query(sql, [{ id: 1 }])).rejects.toThrow(new TypeError('a object cannot be sent as a parameter of PostgreSQL type 2950'));
    expect(await prepared.query(sql, [ID(4)])).toEqual([{ id: ID(4) }]);
    expect(await statements()).toEqual([{ name: 'p0', statement: sql, runs: 1 }]);
  });
});
