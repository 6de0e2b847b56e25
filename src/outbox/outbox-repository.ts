import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../errors.js';
import type { OutboxCallStatus } from '../generated/graphql.js';
import { CombinedWrite } from '../store/combined-write.js';
import type { SqlExecutor } from '../store/database.js';
import { checkCursorRow, toConnection, type Connection, type PageRequest } from '../store/pagination.js';
import { SqlConditions } from '../store/sql-conditions.js';
import { sql } from '../store/sql-fragment.js';

/** A call owed to an outside system, as the change that owes it wrote it. */
export interface OutboxCall {
  id: string;
  destination: string;
  operation: string;
  /** Sent on the wire: the receiver applies the call once however often it arrives. */
  idempotencyKey: string;
  payload: Record<string, unknown>;
  attempts: number;
  createdAt: Date;
}

/** A call as an operator sees it: where it stands, never what it carries. */
export interface OutboxCallRecord {
  id: string;
  destination: string;
  operation: string;
  status: OutboxCallStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  nextAttemptAt: Date;
  completedAt: Date | null;
}

export type OutboxCallConnectionRecord = Connection<OutboxCallRecord>;

const RECORD_COLUMNS = 'id, destination, operation, status, attempts, last_error, created_at, next_attempt_at, completed_at';

interface RecordRow {
  id: string;
  destination: string;
  operation: string;
  status: OutboxCallStatus;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  next_attempt_at: Date;
  completed_at: Date | null;
}

function recordFromRow(row: RecordRow): OutboxCallRecord {
  return {
    id: row.id,
    destination: row.destination,
    operation: row.operation,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: row.created_at,
    nextAttemptAt: row.next_attempt_at,
    completedAt: row.completed_at,
  };
}

export interface NewOutboxCall {
  destination: string;
  operation: string;
  idempotencyKey: string;
  payload: Record<string, unknown>;
}

interface OutboxRow {
  id: string;
  destination: string;
  operation: string;
  idempotency_key: string;
  payload: Record<string, unknown>;
  attempts: number;
  created_at: Date;
}

/** Adds calls owed to a write; the same idempotency key twice is one call. */
export function enqueueInto(write: CombinedWrite, calls: readonly NewOutboxCall[], at: Date): void {
  if (calls.length === 0) return;
  const records = write.records(
    'outbox',
    calls.map((call) => ({
      id: randomUUID(),
      created_at: at,
      destination: call.destination,
      operation: call.operation,
      idempotency_key: call.idempotencyKey,
      payload: call.payload,
      status: 'PENDING',
      attempts: 0,
      next_attempt_at: at,
    })),
  );
  write.add(
    `INSERT INTO outbox (id, created_at, destination, operation, idempotency_key, payload, status, attempts, next_attempt_at)
     SELECT id, created_at, destination, operation, idempotency_key, payload, status, attempts, next_attempt_at FROM ${records}
     ON CONFLICT (idempotency_key) DO NOTHING`,
  );
}

export class OutboxRepository {
  constructor(private readonly db: SqlExecutor) {}

  /** Writes the call in the caller's transaction; the same idempotency key twice is one call. */
  async enqueue(call: NewOutboxCall, at: Date): Promise<void> {
    const write = new CombinedWrite();
    enqueueInto(write, [call], at);
    await write.run(this.db);
  }

  /**
   * Takes up to `limit` due calls for this dispatcher: each is leased (its
   * next attempt moved `leaseMs` on) in the same statement that picks it, and
   * rows another replica is picking are skipped, so two gateways never send
   * one call at once. A dispatcher that dies mid-send leaves the call to be
   * taken again when the lease runs out.
   */
  async claimDue(limit: number, leaseMs: number, now: Date): Promise<OutboxCall[]> {
    const rows = await this.db.query<OutboxRow>(
      `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $2
       WHERE id IN (
         SELECT id FROM outbox WHERE status = 'PENDING' AND next_attempt_at <= $1
         ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING id, destination, operation, idempotency_key, payload, attempts, created_at`,
      [now, new Date(now.getTime() + leaseMs), limit],
    );
    return rows.map((row) => ({
      id: row.id,
      destination: row.destination,
      operation: row.operation,
      idempotencyKey: row.idempotency_key,
      payload: row.payload,
      attempts: row.attempts,
      createdAt: row.created_at,
    }));
  }

  /** Calls newest first, of one status or all. */
  async list(status: OutboxCallStatus | null, page: PageRequest): Promise<OutboxCallConnectionRecord> {
    const conditions = new SqlConditions().addIf(status, (wanted) => sql`status = ${wanted}`);
    const count = conditions.counter(this.db, 'outbox');
    if (page.after) conditions.add(sql`(created_at, id) < (SELECT created_at, id FROM outbox WHERE id = ${page.after}::uuid)`);
    const rows = await this.db.query<RecordRow>(
      `SELECT ${RECORD_COLUMNS} FROM outbox ${conditions.where()} ORDER BY created_at DESC, id DESC LIMIT ${conditions.param(page.first + 1)}`,
      conditions.params,
    );
    await checkCursorRow(this.db, 'outbox', page, rows.length);
    return toConnection(rows.map(recordFromRow), page, count);
  }

  /** A DEAD call back to PENDING, due now, its attempts counted afresh; any other call is returned as it is. */
  async retry(id: string, at: Date): Promise<OutboxCallRecord> {
    const [retried] = await this.db.query<RecordRow>(
      `UPDATE outbox SET status = 'PENDING', attempts = 0, next_attempt_at = $2, completed_at = NULL
       WHERE id = $1 AND status = 'DEAD' RETURNING ${RECORD_COLUMNS}`,
      [id, at],
    );
    if (retried) return recordFromRow(retried);
    const [current] = await this.db.query<RecordRow>(`SELECT ${RECORD_COLUMNS} FROM outbox WHERE id = $1`, [id]);
    if (!current) throw new NotFoundError('Outbox call', id);
    return recordFromRow(current);
  }

  /** Where the call owed under this key stands; null when none is. */
  async statusOf(idempotencyKey: string): Promise<'PENDING' | 'DONE' | 'DEAD' | null> {
    const rows = await this.db.query<{ status: 'PENDING' | 'DONE' | 'DEAD' }>('SELECT status FROM outbox WHERE idempotency_key = $1', [idempotencyKey]);
    return rows[0]?.status ?? null;
  }

  async markDone(id: string, at: Date): Promise<void> {
    await this.db.query(`UPDATE outbox SET status = 'DONE', completed_at = $2, last_error = NULL WHERE id = $1`, [id, at]);
  }

  /**
   * Puts a call back without counting the attempt: it was not tried (its
   * destination's breaker is open, or it waits for another call), so a long
   * outage cannot use up its attempts.
   */
  async markDeferred(id: string, reason: string, retryAt: Date): Promise<void> {
    await this.db.query('UPDATE outbox SET attempts = greatest(attempts - 1, 0), next_attempt_at = $2, last_error = $3 WHERE id = $1', [
      id,
      retryAt,
      reason.slice(0, 2_000),
    ]);
  }

  /** Schedules another attempt, or gives up (DEAD, kept with its error for an operator) when `retryAt` is null. */
  async markFailed(id: string, error: string, retryAt: Date | null, at: Date): Promise<void> {
    await this.db.query(
      `UPDATE outbox SET last_error = $2, status = CASE WHEN $3::timestamptz IS NULL THEN 'DEAD' ELSE 'PENDING' END,
         next_attempt_at = coalesce($3::timestamptz, next_attempt_at), completed_at = CASE WHEN $3::timestamptz IS NULL THEN $4::timestamptz END
       WHERE id = $1`,
      [id, error.slice(0, 2_000), retryAt, at],
    );
  }
}
