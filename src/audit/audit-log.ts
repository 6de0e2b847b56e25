import type { AuditAction, AuditEvent } from '../generated/graphql.js';
import { actorFromColumns, type ActorColumns } from '../store/history-rows.js';
import type { SqlExecutor } from '../store/database.js';
import { checkCursorRow, toConnection, type Connection, type PageRequest } from '../store/pagination.js';
import { SqlConditions } from '../store/sql-conditions.js';
import type { Viewer } from '../auth/viewer.js';

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

/** The append-only trail of who read or changed whose data. */
export class AuditLog {
  constructor(private readonly db: SqlExecutor) {}

  /** Writes one row per customer, in one statement. */
  async record(entry: AuditEntry): Promise<void> {
    await this.recordMany([entry]);
  }

  /** Writes one row per customer of each entry, all in one statement. */
  async recordMany(entries: readonly AuditEntry[]): Promise<void> {
    const rows = entries.flatMap(({ at, requestId, viewer, operation, action, customerIds }) =>
      customerIds.map((customerId) => ({
        at,
        request_id: requestId,
        actor_subject: viewer.subject,
        actor_name: viewer.name,
        actor_role: viewer.role,
        actor_trust: viewer.trustOdsCode,
        operation,
        action,
        customer_id: customerId,
      })),
    );
    if (rows.length === 0) return;
    await this.db.query(
      `INSERT INTO audit_log (at, request_id, actor_subject, actor_name, actor_role, actor_trust, operation, action, customer_id)
       SELECT at, request_id, actor_subject, actor_name, actor_role, actor_trust, operation, action, customer_id
       FROM jsonb_to_recordset($1::jsonb) AS r(at timestamptz, request_id text, actor_subject text, actor_name text,
         actor_role text, actor_trust text, operation text, action text, customer_id uuid)`,
      [JSON.stringify(rows)],
    );
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
