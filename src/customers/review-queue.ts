import type { SqlExecutor } from '../store/database.js';

/**
 * The open items of a review table (identity reviews, person update
 * reviews): listed oldest first, the hub's work queue, or one locked for a
 * coordinator's decision.
 */
export abstract class ReviewQueue<Row, Item> {
  protected constructor(
    protected readonly db: SqlExecutor,
    private readonly table: string,
    private readonly columns: string,
    private readonly fromRow: (row: Row) => Item,
  ) {}

  async listOpen(limit: number): Promise<Item[]> {
    const rows = await this.db.query<Row>(`SELECT ${this.columns} FROM ${this.table} WHERE status = 'OPEN' ORDER BY raised_at, id LIMIT $1`, [limit]);
    return rows.map(this.fromRow);
  }

  /** An open item, locked until the transaction ends. */
  async lockOpen(id: string): Promise<Item | null> {
    const [row] = await this.db.query<Row>(`SELECT ${this.columns} FROM ${this.table} WHERE id = $1 AND status = 'OPEN' FOR UPDATE`, [id]);
    return row ? this.fromRow(row) : null;
  }
}
