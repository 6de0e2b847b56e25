import type { SqlExecutor } from './database.js';

/**
 * Several reads sent as one statement: each query's rows come back as one
 * JSON array, so a batch costs one round trip however many tables it reads.
 * In JSON, timestamps are ISO text and dates `YYYY-MM-DD`; callers convert.
 * Queries may lock their rows (FOR UPDATE) as they would alone.
 */
export class CombinedRead {
  private readonly parts: string[] = [];
  private readonly params: unknown[] = [];
  private results: unknown[] | null = null;

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** Adds a query; the function it returns gives that query's rows once `run` has finished. */
  rows<Row>(sql: string): () => Row[] {
    const index = this.parts.push(`(SELECT coalesce(jsonb_agg(to_jsonb(r)), '[]'::jsonb) FROM (${sql}) AS r)`) - 1;
    return () => {
      if (this.results === null) throw new Error('CombinedRead: rows asked for before run()');
      return this.results[index] as Row[];
    };
  }

  async run(tx: SqlExecutor): Promise<void> {
    if (this.parts.length === 0) {
      this.results = [];
      return;
    }
    const [row] = await tx.query<Record<string, unknown>>(
      `SELECT ${this.parts.map((part, i) => `${part} AS part_${i}`).join(', ')}`,
      this.params,
    );
    this.results = this.parts.map((_, i) => row![`part_${i}`]);
  }
}
