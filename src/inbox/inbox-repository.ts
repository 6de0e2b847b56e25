import { createHash, randomUUID } from 'node:crypto';
import type { InboxStatus } from '../generated/graphql.js';
import type { CombinedWrite } from '../store/combined-write.js';
import type { SqlExecutor } from '../store/database.js';
import { checkCursorRow, toConnection, type PageRequest } from '../store/pagination.js';
import { SqlConditions } from '../store/sql-conditions.js';
import type { FeedTransport } from './feed-reading.js';
import type { InboxMessageConnectionRecord, InboxMessageRecord, StoredFeedError } from './inbox-message.js';

export interface InboxRow {
  id: string;
  received_at: Date;
  transport: FeedTransport;
  sender: string;
  control_id: string | null;
  message_type: string | null;
  content_type: string;
  body?: Uint8Array | null;
  body_sha256?: Uint8Array;
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
}

export interface StoredMessage {
  record: InboxMessageRecord;
  /** False: the same bytes under the same control id were stored before; `record` is that message. */
  created: boolean;
  /** Other bytes already came under this control id. */
  reusedControlId: boolean;
}

export interface Outcome {
  id: string;
  status: InboxStatus;
  error: StoredFeedError | null;
}

export function sha256(body: Buffer): Buffer {
  return createHash('sha256').update(body).digest();
}

export class InboxRepository {
  constructor(private readonly db: SqlExecutor) {}

  /**
   * Stores messages as RECEIVED in one statement, or finds those already
   * stored with the same sender, control id and bytes: `created` says which,
   * in the order given. A different body under a known control id is a new
   * message (senders reuse control ids), flagged `reusedControlId`; the same
   * bytes twice in one call are one message.
   */
  async insertOrFindMany(messages: readonly NewInboxMessage[]): Promise<StoredMessage[]> {
    const rows = messages.map((message) => ({
      id: randomUUID(),
      received_at: message.receivedAt,
      transport: message.transport,
      sender: message.sender,
      control_id: message.controlId,
      message_type: message.messageType,
      content_type: message.contentType,
      body: message.body.toString('hex'),
      sha: sha256(message.body).toString('hex'),
    }));
    // RETURNING's subquery sees the inbox as it was before this statement: earlier messages only.
    const inserted = await this.db.query<InboxRow & { reused: boolean }>(
      `INSERT INTO inbox_messages AS n (id, received_at, transport, sender, control_id, message_type, content_type, body,
         body_sha256, status)
       SELECT id, received_at, transport, sender, control_id, message_type, content_type, decode(body, 'hex'),
         decode(sha, 'hex'), 'RECEIVED'
       FROM jsonb_to_recordset($1::jsonb) AS m(id uuid, received_at timestamptz, transport text, sender text,
         control_id text, message_type text, content_type text, body text, sha text)
       ON CONFLICT (sender, control_id, body_sha256) DO NOTHING
       RETURNING ${RECORD_COLUMNS}, EXISTS (SELECT 1 FROM inbox_messages i
         WHERE i.sender = n.sender AND i.control_id = n.control_id AND i.id <> n.id) AS reused`,
      [JSON.stringify(rows)],
    );
    const created = new Map(inserted.map((row) => [row.id, row]));
    const key = (sender: string, controlId: string | null, sha: string) => `${sender}\u0000${controlId}\u0000${sha}`;
    const missing = rows.filter((row) => !created.has(row.id));
    const existing = new Map<string, InboxRow>();
    if (missing.length > 0) {
      const found = await this.db.query<InboxRow & { sha: string }>(
        `SELECT ${RECORD_COLUMNS}, encode(body_sha256, 'hex') AS sha FROM inbox_messages
         WHERE sender = ANY($1::text[]) AND control_id = ANY($2::text[])`,
        [missing.map((row) => row.sender), missing.map((row) => row.control_id)],
      );
      for (const row of found) existing.set(key(row.sender, row.control_id, row.sha), row);
    }
    return rows.map((row) => {
      const mine = created.get(row.id);
      if (mine) return { record: recordFromRow(mine), created: true, reusedControlId: mine.reused };
      // Only a message with a control id can conflict, so it is found under its key.
      return { record: recordFromRow(existing.get(key(row.sender, row.control_id, row.sha))!), created: false, reusedControlId: false };
    });
  }

  /** The message with its bytes, locked until the transaction ends (replay). */
  async lockWithBody(id: string): Promise<StoredBody | null> {
    const [row] = await this.db.query<InboxRow>(`SELECT ${RECORD_COLUMNS}, body FROM inbox_messages WHERE id = $1 FOR UPDATE`, [id]);
    return row ? { record: recordFromRow(row), body: row.body ? Buffer.from(row.body) : null } : null;
  }

  async bodiesOf(ids: readonly string[]): Promise<Map<string, Buffer | null>> {
    const rows = await this.db.query<{ id: string; body: Uint8Array | null }>(
      'SELECT id, body FROM inbox_messages WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row.body === null ? null : Buffer.from(row.body)]));
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

/**
 * Adds to a write how each message came out, counting an attempt, as its last
 * part: the function it returns reads run()'s rows as the updated records.
 */
export function setOutcomesInto(write: CombinedWrite, outcomes: readonly Outcome[], at: Date): (rows: InboxRow[]) => InboxMessageRecord[] {
  if (outcomes.length === 0) return () => [];
  const records = write.param(JSON.stringify(outcomes));
  // The id list lets the planner find the rows by primary key rather than hash the whole inbox.
  const ids = write.param(outcomes.map((outcome) => outcome.id));
  write.add(
    `UPDATE inbox_messages i SET status = o.status, error = o.error, attempts = i.attempts + 1,
       applied_at = CASE WHEN o.status IN ('APPLIED', 'PARKED') THEN ${write.param(at)}::timestamptz ELSE i.applied_at END
     FROM jsonb_to_recordset(${records}::jsonb) AS o(id uuid, status text, error jsonb)
     WHERE i.id = o.id AND i.id = ANY(${ids}::uuid[])
     RETURNING ${RECORD_COLUMNS.split(', ').map((c) => `i.${c}`).join(', ')}`,
  );
  return (rows) => rows.map(recordFromRow);
}

/** Adds to a write the moves of already-applied messages between APPLIED and PARKED that a new fold of their spell decided. */
export function setParkedInto(write: CombinedWrite, parked: ReadonlySet<string>, applied: ReadonlySet<string>, at: Date): void {
  if (parked.size === 0 && applied.size === 0) return;
  const parkedIds = write.param([...parked]);
  write.add(
    `UPDATE inbox_messages SET status = CASE WHEN id = ANY(${parkedIds}::uuid[]) THEN 'PARKED' ELSE 'APPLIED' END,
       applied_at = coalesce(applied_at, ${write.param(at)}::timestamptz)
     WHERE id = ANY(${parkedIds}::uuid[] || ${write.param([...applied])}::uuid[]) AND status IN ('APPLIED', 'PARKED')`,
  );
}

function recordFromRow(row: InboxRow): InboxMessageRecord {
  return {
    id: row.id,
    // jsonb_to_recordset and RETURNING give Dates on both stores; a string here would be a driver change.
    receivedAt: new Date(row.received_at),
    transport: row.transport,
    sender: row.sender,
    controlId: row.control_id,
    messageType: row.message_type,
    contentType: row.content_type,
    status: row.status,
    error: row.error,
    attempts: row.attempts,
    appliedAt: row.applied_at === null ? null : new Date(row.applied_at),
  };
}
