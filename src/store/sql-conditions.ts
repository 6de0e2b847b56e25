import type { SqlExecutor } from './database.js';
import type { SqlFragment } from './sql-fragment.js';

/**
 * Collects WHERE conditions and their parameters for queries whose filters
 * are optional. Each condition is an sql`...` fragment; its values become
 * placeholders numbered in order across the whole query (`$1`, `$2`...) as
 * PostgreSQL expects.
 */
export class SqlConditions {
  readonly params: unknown[] = [];
  private readonly clauses: string[] = [];

  /** Adds the condition for a value; an `undefined`/`null` value is an absent filter and adds none. */
  addIf<T>(value: T | null | undefined, condition: (value: T) => SqlFragment): this {
    if (value === undefined || value === null) return this;
    return this.add(condition(value));
  }

  /** As addIf, for a list filter: an absent or empty list is no filter. */
  addIfAny<T>(values: readonly T[] | null | undefined, condition: (values: readonly T[]) => SqlFragment): this {
    return values?.length ? this.add(condition(values)) : this;
  }

  add(condition: SqlFragment): this {
    this.clauses.push(condition.render((value) => this.param(value)));
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
