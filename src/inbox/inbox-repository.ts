import { createHash } from 'node:crypto';
import type { InboxStatus } from '../generated/graphql.js';
import type { CombinedRead } from '../store/combined-read.js';
import type { CombinedWrite } from '../store/combined-write.js';
import type { SqlExecutor } from '../store/database.js';
import { checkCursorRow, toConnection, type PageRequest } from '../store/pagination.js';
import { SqlConditions } from '../store/sql-conditions.js';
import { sql } from '../store/sql-fragment.js';
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
  note: string | null;
  attempts: number;
  applied_at: Date | null;
}

const RECORD_COLUMNS =
  'id, received_at, transport, sender, control_id, message_type, content_type, status, error, note, attempts, applied_at';

export interface NewInboxMessage {
  receivedAt: Date;
  transport: FeedTransport;
  sender: string;
  controlId: string | null;
  messageType: string | null;
  contentType: string;
  body: Buffer;
  /** The body's SHA-256 in hex, computed once per message. */
  sha256Hex: string;
}

export interface StoredBody {
  record: InboxMessageRecord;
  body: Buffer | null;
}

export interface Outcome {
  id: string;
  status: InboxStatus;
  error: StoredFeedError | null;
  note: string | null;
}

export function sha256(body: Buffer): Buffer {
  return createHash('sha256').update(body).digest();
}

export class InboxRepository {
  constructor(private readonly db: SqlExecutor) {}

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
    const conditions = new SqlConditions().addIf(status, (wanted) => sql`status = ${wanted}`);
    const count = conditions.counter(this.db, 'inbox_messages');
    if (page.after) {
      conditions.add(sql`(received_at, id) < (SELECT received_at, id FROM inbox_messages WHERE id = ${page.after}::uuid)`);
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

/** What the inbox already holds under some senders' control ids, read before a batch is stored. */
export interface StoredUnder {
  /** Messages by messageKey: the same bytes again are these messages. */
  messages: Map<string, InboxMessageRecord>;
  /** `sender` NUL `control id` of every message stored: other bytes under one of them reuse the control id. */
  controlIds: Set<string>;
}

/** Identifies one message: sender, control id and the SHA-256 of its bytes. */
export function messageKey(sender: string, controlId: string, sha256Hex: string): string {
  return `${sender}\u0000${controlId}\u0000${sha256Hex}`;
}

/** Adds a read of the messages stored under these senders' control ids (array probes of the unique index). */
export function readStoredUnderInto(read: CombinedRead, messages: readonly { sender: string; controlId: string | null }[]): () => StoredUnder {
  const keyed = messages.filter((m) => m.controlId !== null);
  const rows = read.rows<Omit<InboxRow, 'received_at' | 'applied_at'> & { received_at: string; applied_at: string | null; sha: string }>(
    `SELECT ${RECORD_COLUMNS}, encode(body_sha256, 'hex') AS sha FROM inbox_messages
     WHERE sender = ANY(${read.param(keyed.map((m) => m.sender))}::text[])
       AND control_id = ANY(${read.param(keyed.map((m) => m.controlId))}::text[])`,
  );
  return () => {
    const found: StoredUnder = { messages: new Map(), controlIds: new Set() };
    for (const row of rows()) {
      const record = recordFromRow({ ...row, received_at: new Date(row.received_at), applied_at: row.applied_at === null ? null : new Date(row.applied_at) });
      found.messages.set(messageKey(row.sender, row.control_id!, row.sha), record);
      found.controlIds.add(`${row.sender}\u0000${row.control_id}`);
    }
    return found;
  };
}

/**
 * Adds the new messages, with how each came out, to a write as its last
 * part: the function it returns reads run()'s rows as their records. A plain
 * INSERT: if another transaction stored the same message meanwhile, the
 * unique key stops this one, and the inbox takes the batch again.
 */
export function insertMessagesInto(
  write: CombinedWrite,
  messages: readonly (NewInboxMessage & Outcome)[],
  at: Date,
): (rows: InboxRow[]) => InboxMessageRecord[] {
  if (messages.length === 0) return () => [];
  const records = write.param(
    JSON.stringify(
      messages.map((m) => ({
        id: m.id,
        received_at: m.receivedAt,
        transport: m.transport,
        sender: m.sender,
        control_id: m.controlId,
        message_type: m.messageType,
        content_type: m.contentType,
        body: m.body.toString('hex'),
        sha: m.sha256Hex,
        status: m.status,
        error: m.error,
        note: m.note,
        applied_at: m.status === 'APPLIED' || m.status === 'PARKED' ? at : null,
      })),
    ),
  );
  write.add(
    `INSERT INTO inbox_messages (id, received_at, transport, sender, control_id, message_type, content_type, body,
       body_sha256, status, error, note, attempts, applied_at)
     SELECT id, received_at, transport, sender, control_id, message_type, content_type, decode(body, 'hex'),
       decode(sha, 'hex'), status, error, note, 1, applied_at
     FROM jsonb_to_recordset(${records}::jsonb) AS m(id uuid, received_at timestamptz, transport text, sender text,
       control_id text, message_type text, content_type text, body text, sha text, status text, error jsonb,
       note text, applied_at timestamptz)
     RETURNING ${RECORD_COLUMNS}`,
  );
  return (rows) => rows.map(recordFromRow);
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
    `UPDATE inbox_messages i SET status = o.status, error = o.error, note = o.note, attempts = i.attempts + 1,
       applied_at = CASE WHEN o.status IN ('APPLIED', 'PARKED') THEN ${write.param(at)}::timestamptz ELSE i.applied_at END
     FROM jsonb_to_recordset(${records}::jsonb) AS o(id uuid, status text, error jsonb, note text)
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
    note: row.note,
    attempts: row.attempts,
    appliedAt: row.applied_at === null ? null : new Date(row.applied_at),
  };
}
