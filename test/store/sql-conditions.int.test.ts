/**
 * Conditions written with jsonb's own `?` operators run as written on a real
 * store, their values numbered around them.
 */
import type { Database } from '../../src/store/database.js';
import { SqlConditions } from '../../src/store/sql-conditions.js';
import { sql } from '../../src/store/sql-fragment.js';
import { describeEachStore, openTestDatabase } from '../support/stores.js';

describeEachStore('SqlConditions', (kind) => {
  let db: Database;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await db.execScript(`CREATE TABLE condition_probe (id text PRIMARY KEY, status text, doc jsonb);
      INSERT INTO condition_probe VALUES
        ('a', 'OPEN', '{"urgent": true, "ward": 1}'), ('b', 'OPEN', '{"ward": 2}'),
        ('c', 'CLOSED', '{"urgent": true}'), ('d', 'OPEN', '{"note": "?"}')`);
  });
  afterAll(() => db.close());

  async function ids(conditions: SqlConditions): Promise<string[]> {
    const rows = await db.query<{ id: string }>(`SELECT id FROM condition_probe ${conditions.where()} ORDER BY id`, conditions.params);
    return rows.map((row) => row.id);
  }

  test('the jsonb ? operator in a condition stays an operator beside numbered values', async () => {
    const conditions = new SqlConditions().add(sql`status = ${'OPEN'}`).add(sql`doc ? 'urgent'`);
    expect(await ids(conditions)).toEqual(['a']);
  });

  test('?| and ? take their keys as values, and a literal ? in a value is only data', async () => {
    const conditions = new SqlConditions()
      .addIfAny(['ward', 'note'], (keys) => sql`doc ?| ${keys}::text[]`)
      .addIf('OPEN', (status) => sql`status = ${status}`);
    const count = conditions.counter(db, 'condition_probe');
    expect(await ids(conditions)).toEqual(['a', 'b', 'd']);
    conditions.add(sql`doc->>'note' = ${'?'}`);
    expect(await ids(conditions)).toEqual(['d']);
    expect(await count()).toBe(3);
  });
});
