import type { SqlExecutor } from './database.js';

/**
 * Collects WHERE conditions and their parameters for queries whose filters
 * are optional. Each condition is written with `?` for its one parameter; the
 * placeholders are numbered in order (`$1`, `$2`...) as PostgreSQL expects.
 */
export class SqlConditions {
  readonly params: unknown[] = [];
  private readonly clauses: string[] = [];

  /** Adds a condition; with `undefined`/`null` as value the condition is skipped (an absent filter). */
  addIf(clause: string, value: unknown): this {
    if (value === undefined || value === null) return this;
    return this.add(clause, value);
  }

  /** As addIf, for a list filter: an absent or empty list is no filter. */
  addIfAny(clause: string, values: readonly unknown[] | null | undefined): this {
    return values?.length ? this.add(clause, values) : this;
  }

  add(clause: string, ...values: unknown[]): this {
    let next = 0;
    const numbered = clause.replace(/\?/g, () => {
      this.params.push(values[next++]);
      return `$${this.params.length}`;
    });
    this.clauses.push(numbered);
    return this;
  }

  /** A parameter placeholder for use outside the WHERE clause (LIMIT, ORDER BY expressions). */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  where(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }

  /**
   * A count of the rows matching the conditions added so far, to run later or
   * never: lists take it before adding their cursor condition, and run it
   * only if the query asks for totalCount.
   */
  counter(db: SqlExecutor, from: string): () => Promise<number> {
    const sql = `SELECT count(*)::int AS n FROM ${from} ${this.where()}`;
    const params = [...this.params];
    return async () => (await db.query<{ n: number }>(sql, params))[0]!.n;
  }
}
