import { GatewayError } from '../errors.js';
import type { SqlExecutor } from '../store/database.js';

/**
 * The review is not open under this id: decided already, or its sender has
 * said something else since it was listed (an open review takes a new id
 * when what it says changes), so the decision would not be on what was shown.
 */
export class ReviewNotOpenError extends GatewayError {
  readonly code = 'NOT_FOUND';
  constructor(kind: string, id: string) {
    super(`${kind} ${id} is not open: it was decided, or the trust has sent something new since it was listed (list the queue again)`, { kind, id });
  }
}

/**
 * The open items of a review table (identity reviews, person update
 * reviews): listed oldest first, the hub's work queue, or one found and then
 * locked for a coordinator's decision.
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

  /** An open item as it stands, unlocked: what a decision must lock the people of first. */
  async findOpen(id: string): Promise<Item | null> {
    return this.openItem(id, '');
  }

  /** An open item, locked until the transaction ends. */
  async lockOpen(id: string): Promise<Item | null> {
    return this.openItem(id, 'FOR UPDATE');
  }

  private async openItem(id: string, lock: string): Promise<Item | null> {
    const [row] = await this.db.query<Row>(`SELECT ${this.columns} FROM ${this.table} WHERE id = $1 AND status = 'OPEN' ${lock}`, [id]);
    return row ? this.fromRow(row) : null;
  }
}
