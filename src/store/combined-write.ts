import type { SqlExecutor } from './database.js';

/**
 * Several set-based writes sent as one statement: each is a data-modifying
 * CTE of the last. Rows travel as JSON and become records of the table's own
 * type, as in bulkInsert. All parts see the database as it was before the
 * statement, and foreign keys are checked at its end, so a part may refer to
 * rows another part inserts, but must not read or change them.
 */
export class CombinedWrite {
  private readonly parts: string[] = [];
  private readonly params: unknown[] = [];

  /** Adds a parameter and returns its placeholder. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  insert(table: string, rows: readonly object[]): this {
    if (rows.length === 0) return this;
    const columns = Object.keys(rows[0]!).join(', ');
    return this.add(`INSERT INTO ${table} (${columns}) SELECT ${columns} FROM ${this.records(table, rows)}`);
  }

  /** Writes every given column of each row found by its id. */
  update(table: string, rows: readonly ({ id: string } & object)[], columns = Object.keys(rows[0] ?? {}).filter((c) => c !== 'id')): this {
    if (rows.length === 0) return this;
    const records = this.records(table, rows);
    // The id list lets the planner find the rows by primary key rather than hash the whole table.
    const ids = this.param(rows.map((row) => row.id));
    return this.add(
      `UPDATE ${table} AS t SET (${columns.join(', ')}) = (${columns.map((c) => `x.${c}`).join(', ')})
       FROM ${records} WHERE t.id = x.id AND t.id = ANY(${ids}::uuid[])`,
    );
  }

  /** `jsonb_populate_recordset(NULL::table, $n) AS x` over these rows. */
  records(table: string, rows: readonly object[]): string {
    return `jsonb_populate_recordset(NULL::${table}, ${this.param(JSON.stringify(rows))}::jsonb) AS x`;
  }

  add(sql: string): this {
    this.parts.push(sql);
    return this;
  }

  /** Adds a part whose RETURNING rows a later part reads; returns the name to read them by. */
  addReturning(sql: string): string {
    this.parts.push(sql);
    return `write_${this.parts.length - 1}`;
  }

  /** Runs every part; returns the rows the last part RETURNs, if it does. */
  async run<Row = Record<string, unknown>>(tx: SqlExecutor): Promise<Row[]> {
    if (this.parts.length === 0) return [];
    const last = this.parts.at(-1)!;
    const ctes = this.parts.slice(0, -1).map((part, i) => `write_${i} AS (${part})`);
    return tx.query<Row>(ctes.length ? `WITH ${ctes.join(', ')} ${last}` : last, this.params);
  }
}
