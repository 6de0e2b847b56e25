import { actorFromColumns, actorToColumns, type ActorColumns } from '../auth/actor-columns.js';
import type { ActorRecord } from '../auth/viewer.js';
import type { TaskCause, TaskStatus } from '../generated/graphql.js';
import type { SqlExecutor } from '../store/database.js';
import { countsPerParent, firstRowsPerParent } from '../store/batched-pages.js';
import { toConnection, type PageRequest } from '../store/pagination.js';
import { SqlConditions } from '../store/sql-conditions.js';
import { sql } from '../store/sql-fragment.js';
import type { TaskConnectionRecord, TaskRecord } from './task.js';
import { afterTaskPositionSql, readTaskPosition, TASK_ORDER_SQL, taskPosition } from './task-order.js';

interface TaskRow extends ActorColumns {
  id: string;
  title: string;
  due_at: Date;
  team: string;
  worker: string | null;
  status: TaskStatus;
  referral_id: string | null;
  equipment_order_id: string | null;
  identity_review_id: string | null;
  outbox_call_id: string | null;
  customer_id: string | null;
  cause: TaskCause | null;
  created_at: Date;
  closed_by: ActorRecord | null;
  closed_at: Date | null;
  cancel_reason: string | null;
  updated_at: Date;
  fingerprint: string | null;
}

/** Tasks as `t`, with whose data each is about now (a merge may move a referral or order to another customer). */
const FROM_TASKS = `tasks t
  LEFT JOIN referrals r ON r.id = t.referral_id
  LEFT JOIN equipment_orders o ON o.id = t.equipment_order_id
  LEFT JOIN identity_reviews ir ON ir.id = t.identity_review_id`;

const SELECT_TASKS = `SELECT t.id, t.title, t.due_at, t.team, t.worker, t.status, t.referral_id, t.equipment_order_id, t.identity_review_id,
    t.outbox_call_id, coalesce(r.customer_id, o.customer_id, ir.customer_id) AS customer_id, t.cause, t.actor_subject, t.actor_name,
    t.actor_role, t.created_at, t.closed_by, t.closed_at, t.cancel_reason, t.updated_at, t.fingerprint
  FROM ${FROM_TASKS}`;

function taskFromRow(row: TaskRow): TaskRecord {
  return {
    id: row.id,
    title: row.title,
    dueAt: row.due_at,
    team: row.team,
    worker: row.worker,
    status: row.status,
    referralId: row.referral_id,
    equipmentOrderId: row.equipment_order_id,
    identityReviewId: row.identity_review_id,
    outboxCallId: row.outbox_call_id,
    customerId: row.customer_id,
    cause: row.cause,
    createdBy: actorFromColumns(row),
    createdAt: row.created_at,
    closedBy: row.closed_by,
    closedAt: row.closed_at,
    cancelReason: row.cancel_reason,
    updatedAt: row.updated_at,
  };
}

/** Which tasks a list holds: every given condition at once. */
export interface TaskListFilter {
  statuses: readonly TaskStatus[];
  team?: string;
  worker?: string;
  referralId?: string;
  equipmentOrderId?: string;
}

/** What a task list may hang under: a referral's tasks, or an order's. */
export type TaskParent = 'referral' | 'equipmentOrder';

const PARENT_COLUMNS: Readonly<Record<TaskParent, { column: string; of: (task: TaskRecord) => string | null }>> = {
  referral: { column: 'referral_id', of: (task) => task.referralId },
  equipmentOrder: { column: 'equipment_order_id', of: (task) => task.equipmentOrderId },
};

/** One team's open tasks, as the hub board counts them. */
export interface TeamTaskCountRecord {
  team: string;
  open: number;
  overdue: number;
}

/** How a task came to be: a person's request (its idempotency key), or a cause the gateway met (its key). */
export type TaskOrigin = { key: string; fingerprint: string } | { causeKey: string };

export class TaskRepository {
  constructor(private readonly db: SqlExecutor) {}

  /** Writes a new task; one made for a cause already met is not written again. Returns whether it was written. */
  async insert(task: TaskRecord, origin: TaskOrigin): Promise<boolean> {
    const actor = actorToColumns(task.createdBy);
    const rows = await this.db.query(
      `INSERT INTO tasks (id, title, due_at, team, worker, status, referral_id, equipment_order_id, identity_review_id, outbox_call_id, cause,
         cause_key, idempotency_key, fingerprint, actor_subject, actor_name, actor_role, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18)
       ON CONFLICT (cause_key) DO NOTHING RETURNING id`,
      [
        task.id,
        task.title,
        task.dueAt,
        task.team,
        task.worker,
        task.status,
        task.referralId,
        task.equipmentOrderId,
        task.identityReviewId,
        task.outboxCallId,
        task.cause,
        'causeKey' in origin ? origin.causeKey : null,
        'key' in origin ? origin.key : null,
        'key' in origin ? origin.fingerprint : null,
        actor.actor_subject,
        actor.actor_name,
        actor.actor_role,
        task.createdAt,
      ],
    );
    return rows.length > 0;
  }

  async findByIdempotencyKey(key: string): Promise<{ task: TaskRecord; fingerprint: string | null } | null> {
    const [row] = await this.db.query<TaskRow>(`${SELECT_TASKS} WHERE t.idempotency_key = $1`, [key]);
    return row ? { task: taskFromRow(row), fingerprint: row.fingerprint } : null;
  }

  /** A task, locked for its change until the transaction ends. */
  async lockById(id: string): Promise<TaskRecord | null> {
    const [row] = await this.db.query<TaskRow>(`${SELECT_TASKS} WHERE t.id = $1 FOR UPDATE OF t`, [id]);
    return row ? taskFromRow(row) : null;
  }

  async close(task: TaskRecord): Promise<void> {
    await this.db.query('UPDATE tasks SET status = $2, closed_by = $3, closed_at = $4, cancel_reason = $5, updated_at = $6 WHERE id = $1', [
      task.id,
      task.status,
      task.closedBy,
      task.closedAt,
      task.cancelReason,
      task.updatedAt,
    ]);
  }

  /** Open tasks first, by due time (so overdue first), then closed ones; a cursor holds its task's place. */
  async list(filter: TaskListFilter, page: PageRequest): Promise<TaskConnectionRecord> {
    const conditions = new SqlConditions()
      .addIfAny(filter.statuses, (statuses) => sql`t.status = ANY(${statuses}::text[])`)
      .addIf(filter.team, (team) => sql`t.team = ${team}`)
      .addIf(filter.worker, (worker) => sql`t.worker = ${worker}`)
      .addIf(filter.referralId, (referralId) => sql`t.referral_id = ${referralId}::uuid`)
      .addIf(filter.equipmentOrderId, (orderId) => sql`t.equipment_order_id = ${orderId}::uuid`);
    const count = conditions.counter(this.db, 'tasks t');
    if (page.after !== null) conditions.add(afterTaskPositionSql(readTaskPosition(page.after)));
    const rows = await this.db.query<TaskRow>(
      `${SELECT_TASKS} ${conditions.where()} ${TASK_ORDER_SQL} LIMIT ${conditions.param(page.first + 1)}`,
      conditions.params,
    );
    return toConnection(rows.map(taskFromRow), page, count, taskPosition);
  }

  /** The first `limit` tasks of each referral or order, in the lists' order, in one query. */
  async firstPerParent(parent: TaskParent, parentIds: readonly string[], limit: number, statuses: readonly TaskStatus[]): Promise<Map<string, TaskRecord[]>> {
    const { column, of } = PARENT_COLUMNS[parent];
    return firstRowsPerParent(
      this.db,
      parentIds,
      limit,
      `${SELECT_TASKS} WHERE t.${column} = parent.id AND t.status = ANY($3::text[]) ${TASK_ORDER_SQL}`,
      taskFromRow,
      (task) => of(task)!,
      [statuses],
    );
  }

  async countPerParent(parent: TaskParent, parentIds: readonly string[], statuses: readonly TaskStatus[]): Promise<Map<string, number>> {
    return countsPerParent(this.db, 'tasks', PARENT_COLUMNS[parent].column, parentIds, 'AND status = ANY($2::text[])', [statuses]);
  }

  /** Teams with open tasks, most overdue first. */
  async countsByTeam(now: Date): Promise<TeamTaskCountRecord[]> {
    return this.db.query<TeamTaskCountRecord>(
      `SELECT team, count(*)::int AS open, (count(*) FILTER (WHERE due_at < $1))::int AS overdue
       FROM tasks WHERE status = 'OPEN' GROUP BY team ORDER BY overdue DESC, team`,
      [now],
    );
  }
}
