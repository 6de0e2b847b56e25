import { createHash, randomUUID } from 'node:crypto';
import type { InboxStatus } from '../generated/graphql.js';
import type { SqlExecutor } from '../store/database.js';
import { checkCursorRow, toConnection, type PageRequest } from '../store/pagination.js';
import { SqlConditions } from '../store/sql-conditions.js';
import type { FeedTransport } from './feed-reading.js';
import type { InboxMessageConnectionRecord, InboxMessageRecord, StoredFeedError } from './inbox-message.js';

interface InboxRow {
  id: string;
  received_at: Date;
  transport: FeedTransport;
  sender: string;
  control_id: string | null;
  message_type: string | null;
  content_type: string;
  body: Uint8Array | null;
  body_sha256: Uint8Array;
  status: InboxStatus;
  error: StoredFeedError | null;
  attempts: number;
  applied_at: Date | null;
}

const RECORD_COLUMNS =
  'id, received_at, transport, sender, control_id, message_type, content_type, status, error, attempts, applied_at';

export interface NewInboxMessage {
  receivedAt: Date;
  transport: FeedTransport;
  sender: string;
  controlId: string | null;
  messageType: string | null;
  contentType: string;
  body: Buffer;
}

export interface StoredBody {
  record: InboxMessageRecord;
  body: Buffer | null;
  sha256: Buffer;
}

export function sha256(body: Buffer): Buffer {
  return createHash('sha256').update(body).digest();
}

export class InboxRepository {
  constructor(private readonly db: SqlExecutor) {}

  /**
   * Stores a message as RECEIVED, or finds the one already stored with the same
   * sender, control id and bytes: `created` says which. A different body under a
   * known control id is a new message (senders reuse control ids).
   */
  async insertOrFind(message: NewInboxMessage): Promise<{ record: InboxMessageRecord; created: boolean }> {
    const digest = sha256(message.body);
    const inserted = await this.db.query<InboxRow>(
      `INSERT INTO inbox_messages (id, received_at, transport, sender, control_id, message_type, content_type, body,
         body_sha256, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'RECEIVED')
       ON CONFLICT (sender, control_id, body_sha256) DO NOTHING
       RETURNING ${RECORD_COLUMNS}`,
      [randomUUID(), message.receivedAt, message.transport, message.sender, message.controlId, message.messageType,
        message.contentType, message.body, digest],
    );
    if (inserted[0]) return { record: recordFromRow(inserted[0]), created: true };
    const [existing] = await this.db.query<InboxRow>(
      `SELECT ${RECORD_COLUMNS} FROM inbox_messages WHERE sender = $1 AND control_id = $2 AND body_sha256 = $3`,
      [message.sender, message.controlId, digest],
    );
    return { record: recordFromRow(existing!), created: false };
  }

  /** Whether another message (other bytes) already came under this control id. */
  async controlIdSeen(sender: string, controlId: string, exceptId: string): Promise<boolean> {
    const rows = await this.db.query(
      'SELECT 1 FROM inbox_messages WHERE sender = $1 AND control_id = $2 AND id <> $3 LIMIT 1',
      [sender, controlId, exceptId],
    );
    return rows.length > 0;
  }

  async setOutcome(id: string, status: InboxStatus, error: StoredFeedError | null, at: Date): Promise<InboxMessageRecord> {
    const [row] = await this.db.query<InboxRow>(
      `UPDATE inbox_messages SET status = $2, error = $3::jsonb, attempts = attempts + 1,
         applied_at = CASE WHEN $2 IN ('APPLIED', 'PARKED') THEN $4 ELSE applied_at END
       WHERE id = $1 RETURNING ${RECORD_COLUMNS}`,
      [id, status, error === null ? null : JSON.stringify(error), at],
    );
    return recordFromRow(row!);
  }

  /** Moves messages of a spell between APPLIED and PARKED as a new fold decides. */
  async setParked(parked: readonly string[], applied: readonly string[], at: Date): Promise<void> {
    await this.db.query(
      `UPDATE inbox_messages SET status = CASE WHEN id = ANY($1::uuid[]) THEN 'PARKED' ELSE 'APPLIED' END,
         applied_at = coalesce(applied_at, $3)
       WHERE id = ANY($1::uuid[] || $2::uuid[]) AND status IN ('APPLIED', 'PARKED')`,
      [parked, applied, at],
    );
  }

  /** The message with its bytes, locked until the transaction ends (replay). */
  async lockWithBody(id: string): Promise<StoredBody | null> {
    const [row] = await this.db.query<InboxRow>(
      `SELECT ${RECORD_COLUMNS}, body, body_sha256 FROM inbox_messages WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row ? storedBody(row) : null;
  }

  async findByIds(ids: readonly string[]): Promise<InboxMessageRecord[]> {
    const rows = await this.db.query<InboxRow>(
      `SELECT ${RECORD_COLUMNS} FROM inbox_messages WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map(recordFromRow);
  }

  async bodiesOf(ids: readonly string[]): Promise<Map<string, Buffer | null>> {
    const rows = await this.db.query<{ id: string; body: Uint8Array | null }>(
      'SELECT id, body FROM inbox_messages WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row.body === null ? null : Buffer.from(row.body)]));
  }

  /** Messages left RECEIVED by a gateway that stopped between storing and applying them, oldest first. */
  async unapplied(limit: number): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `SELECT id FROM inbox_messages WHERE status = 'RECEIVED' ORDER BY received_at, id LIMIT $1`,
      [limit],
    );
    return rows.map((row) => row.id);
  }

  async list(status: InboxStatus | null, page: PageRequest): Promise<InboxMessageConnectionRecord> {
    const conditions = new SqlConditions().addIf('status = ?', status);
    const count = conditions.counter(this.db, 'inbox_messages');
    if (page.after) {
      conditions.add('(received_at, id) < (SELECT received_at, id FROM inbox_messages WHERE id = ?::uuid)', page.after);
    }
    const rows = await this.db.query<InboxRow>(
      `SELECT ${RECORD_COLUMNS} FROM inbox_messages ${conditions.where()} ORDER BY received_at DESC, id DESC
       LIMIT ${conditions.param(page.first + 1)}`,
      conditions.params,
    );
    await checkCursorRow(this.db, 'inbox_messages', page, rows.length);
    return toConnection(rows.map(recordFromRow), page, count);
  }

  /**
   * Drops the bodies of applied and refused messages received before `before`,
   * keeping the row and its hash so that a late resend is still recognised.
   * Failed and parked messages keep their bodies for replay.
   */
  async pruneBodies(before: Date, at: Date): Promise<number> {
    const rows = await this.db.query(
      `UPDATE inbox_messages SET body = NULL, body_pruned_at = $2
       WHERE received_at < $1 AND status IN ('APPLIED', 'REFUSED') AND body IS NOT NULL RETURNING id`,
      [before, at],
    );
    return rows.length;
  }
}

function recordFromRow(row: InboxRow): InboxMessageRecord {
  return {
    id: row.id,
    receivedAt: row.received_at,
    transport: row.transport,
    sender: row.sender,
    controlId: row.control_id,
    messageType: row.message_type,
    contentType: row.content_type,
    status: row.status,
    error: row.error,
    attempts: row.attempts,
    appliedAt: row.applied_at,
  };
}

function storedBody(row: InboxRow): StoredBody {
  return {
    record: recordFromRow(row),
    body: row.body === null ? null : Buffer.from(row.body),
    sha256: Buffer.from(row.body_sha256),
  };
}
