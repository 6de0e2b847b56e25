import type { AuditAction, AuditEvent } from '../generated/graphql.js';
import { actorFromColumns, type ActorColumns } from '../store/history-rows.js';
import type { Database, SqlExecutor } from '../store/database.js';
import { checkCursorRow, toConnection, type Connection, type PageRequest } from '../store/pagination.js';
import { SqlConditions } from '../store/sql-conditions.js';
import type { Viewer } from '../auth/viewer.js';
import { CombinedWrite } from '../store/combined-write.js';

/** One request's access to some people's data. */
export interface AuditEntry {
  at: Date;
  requestId: string;
  viewer: Viewer;
  operation: string;
  action: AuditAction;
  customerIds: readonly string[];
}

export type AuditEventRecord = Omit<AuditEvent, '__typename'> & { id: number };
export type AuditEventConnectionRecord = Connection<AuditEventRecord>;

interface AuditRow extends ActorColumns {
  id: number;
  at: Date;
  request_id: string;
  actor_trust: string | null;
  operation: string;
  action: AuditAction;
  customer_id: string;
}

/** Who is changing people's data, in which request: what a change transaction needs to write its audit rows. */
export interface ChangeMaker {
  db: Database;
  viewer: Viewer;
  requestId: string;
  operation: string;
  at: Date;
}

/** The CHANGE rows of one change, in its transaction. */
export function recordChange(tx: SqlExecutor, by: ChangeMaker, customerIds: readonly string[]): Promise<void> {
  return new AuditLog(tx).record({ at: by.at, requestId: by.requestId, viewer: by.viewer, operation: by.operation, action: 'CHANGE', customerIds });
}

/** The append-only trail of who read or changed whose data. */
export class AuditLog {
  constructor(private readonly db: SqlExecutor) {}

  /** Writes one row per customer, in one statement. */
  async record(entry: AuditEntry): Promise<void> {
    const write = new CombinedWrite();
    recordAuditInto(write, [entry]);
    await write.run(this.db);
  }

  async list(customerId: string | null, page: PageRequest): Promise<AuditEventConnectionRecord> {
    const conditions = new SqlConditions().addIf('customer_id = ?::uuid', customerId);
    const count = conditions.counter(this.db, 'audit_log');
    if (page.after) conditions.add('id < ?', page.after);
    const rows = await this.db.query<AuditRow>(
      `SELECT * FROM audit_log ${conditions.where()} ORDER BY id DESC LIMIT ${conditions.param(page.first + 1)}`,
      conditions.params,
    );
    const events = rows.map((row): AuditEventRecord => ({
      id: Number(row.id),
      at: row.at,
      requestId: row.request_id,
      actor: actorFromColumns(row),
      trustOdsCode: row.actor_trust,
      operation: row.operation,
      action: row.action,
      customerId: row.customer_id,
    }));
    await checkCursorRow(this.db, 'audit_log', page, rows.length);
    return toConnection(events, page, count);
  }
}

/** Adds one audit row per customer of each entry to a write: an entry's customers travel as one uuid array. */
export function recordAuditInto(write: CombinedWrite, entries: readonly AuditEntry[]): void {
  for (const { at, requestId, viewer, operation, action, customerIds } of entries) {
    if (customerIds.length === 0) continue;
    const values = [at, requestId, viewer.subject, viewer.name, viewer.role, viewer.trustOdsCode, operation, action].map((value) => write.param(value));
    write.add(
      `INSERT INTO audit_log (at, request_id, actor_subject, actor_name, actor_role, actor_trust, operation, action, customer_id)
       SELECT ${values[0]}::timestamptz, ${values.slice(1).map((v) => `${v}::text`).join(', ')}, customer_id
       FROM unnest(${write.param(customerIds)}::uuid[]) AS ids(customer_id)`,
    );
  }
}
