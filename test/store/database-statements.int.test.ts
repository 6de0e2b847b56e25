/**
 * The Database port's statement semantics, which both stores must keep now
 * that parameterised statements are prepared once and run many times: errors
 * surface with their SQLSTATE and leave the connection usable, a statement
 * that failed to prepare is tried afresh, a rolled-back transaction does not
 * take its statements with it, and parameters of every type the gateway
 * sends come back as they went.
 */
import type { Database } from '../../src/store/database.js';
import { describeEachStore, openTestDatabase } from '../support/stores.js';

describeEachStore('database statements', (kind) => {
  let db: Database;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await db.execScript('CREATE TABLE statement_probe (id text PRIMARY KEY, body bytea, doc jsonb, at timestamptz, tags text[], n integer)');
  });
  afterAll(() => db.close());

  const insert = 'INSERT INTO statement_probe (id, body, doc, at, tags, n) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id';

  test('parameters of each type the gateway sends come back as sent, the same statement run many times', async () => {
    const at = new Date('2026-03-29T00:30:00.123Z');
    for (let i = 0; i < 12; i++) {
      await db.query(insert, [`p${i}`, Buffer.from([0, 1, 255, i]), JSON.stringify({ i, name: 'Ann \u00e9' }), at, ['a', 'b,c', 'd"e'], i]);
    }
    const rows = await db.query<{ id: string; body: Uint8Array; doc: unknown; at: Date; tags: string[]; n: number }>(
      'SELECT id, body, doc, at, tags, n FROM statement_probe WHERE id = ANY($1::text[]) ORDER BY n',
      [['p3', 'p11', 'missing']],
    );
    expect(rows.map((row) => row.id)).toEqual(['p3', 'p11']);
    expect(Buffer.from(rows[1]!.body)).toEqual(Buffer.from([0, 1, 255, 11]));
    expect(rows[0]!.doc).toEqual({ i: 3, name: 'Ann \u00e9' });
    expect(new Date(rows[0]!.at).toISOString()).toBe(at.toISOString());
    expect(rows[0]!.tags).toEqual(['a', 'b,c', 'd"e']);
    expect(rows[0]!.n).toBe(3);
  });

  test('null parameters and a statement that returns no rows', async () => {
    await db.query(insert, ['nulls', null, null, null, null, null]);
    const [row] = await db.query<Record<string, unknown>>('SELECT body, doc, at, tags, n FROM statement_probe WHERE id = $1', ['nulls']);
    expect(row).toEqual({ body: null, doc: null, at: null, tags: null, n: null });
    expect(await db.query('UPDATE statement_probe SET n = n + 1 WHERE id = $1', ['nulls'])).toEqual([]);
  });

  test('an error carries its SQLSTATE, rolls its transaction back, and leaves the statement usable', async () => {
    await db.query(insert, ['dup', null, null, null, null, 1]);
    const failed = db.transaction(async (tx) => {
      await tx.query(insert, ['rolled-back', null, null, null, null, 2]);
      await tx.query(insert, ['dup', null, null, null, null, 3]);
    });
    await expect(failed).rejects.toMatchObject({ code: '23505' });
    expect(await db.query('SELECT id FROM statement_probe WHERE id = $1', ['rolled-back'])).toEqual([]);
    // The same prepared statement, after the error, outside and inside a transaction.
    await db.query(insert, ['after-error', null, null, null, null, 4]);
    await db.transaction((tx) => tx.query(insert, ['after-error-tx', null, null, null, null, 5]));
    const ids = await db.query<{ id: string }>('SELECT id FROM statement_probe WHERE id LIKE $1 ORDER BY id', ['after-error%']);
    expect(ids.map((row) => row.id)).toEqual(['after-error', 'after-error-tx']);
  });

  test('a statement first prepared in a transaction that rolled back still runs afterwards', async () => {
    const sql = 'SELECT count(*)::int AS n FROM statement_probe WHERE n >= $1';
    await expect(
      db.transaction(async (tx) => {
        await tx.query(sql, [0]);
        throw new Error('abandon');
      }),
    ).rejects.toThrow('abandon');
    const [row] = await db.query<{ n: number }>(sql, [0]);
    expect(row!.n).toBeGreaterThan(10);
  });

  test('a statement the server refuses is refused again, not remembered half-made', async () => {
    const bad = 'SELECT no_such_column FROM statement_probe WHERE id = $1';
    await expect(db.query(bad, ['x'])).rejects.toMatchObject({ code: '42703' });
    await expect(db.query(bad, ['x'])).rejects.toMatchObject({ code: '42703' });
    // ...and the connection serves the next statement.
    expect(await db.query<{ id: string }>('SELECT id FROM statement_probe WHERE id = $1', ['p0'])).toEqual([{ id: 'p0' }]);
  });

  test('statements from callers running at once each get their own answer', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => db.query<{ id: string }>('SELECT id FROM statement_probe WHERE id = $1', [`p${i % 12}`])),
    );
    expect(answers.map(([row]) => row!.id)).toEqual(Array.from({ length: 40 }, (_, i) => `p${i % 12}`));
  });
});
