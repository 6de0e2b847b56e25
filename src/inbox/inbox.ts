/**
 * Receiving a feed message: the raw bytes and the outcome of applying them
 * are written in one transaction, and only then is the sender answered, so
 * an acknowledged message survives any crash. The effects run under a
 * savepoint: when they fail, they are rolled back and the message is still
 * kept, as FAILED with its reason, for replay after a fix.
 */
import type { Logger } from 'pino';
import { NotFoundError, GatewayError } from '../errors.js';
import type { DischargeMessage } from '../referrals/discharge-message.js';
import type { Database, SqlExecutor } from '../store/database.js';
import { FeedMessageError } from './feed-message-error.js';
import type { DeliveryCredentials, FeedReader, FeedReading, FeedTransport } from './feed-reading.js';
import type { InboxMessageRecord, StoredFeedError } from './inbox-message.js';
import { InboxRepository, sha256 } from './inbox-repository.js';

export interface ApplyContext {
  messageId: string;
  /** The body's SHA-256 in hex: a tie-break between events that does not depend on arrival. */
  tieBreak: string;
  at: Date;
}

/** Applies a translated message inside the inbox's transaction; PARKED when it waits for another. */
export type MessageApplier = (tx: SqlExecutor, message: DischargeMessage, context: ApplyContext) => Promise<'APPLIED' | 'PARKED'>;

export interface ReceivedBody {
  transport: FeedTransport;
  contentType: string;
  body: Buffer;
}

export interface InboxOutcome {
  record: InboxMessageRecord;
  /** The same bytes under the same control id came before: this is that message's outcome. */
  duplicate: boolean;
}

export class ReplayRefusedError extends GatewayError {
  readonly code = 'REPLAY_NOT_POSSIBLE';
  constructor(id: string, why: string) {
    super(`Inbox message ${id} cannot be replayed: ${why}`, { id });
  }
}

export class Inbox {
  constructor(
    private readonly db: Database,
    private readonly apply: MessageApplier,
    private readonly readers: ReadonlyMap<string, FeedReader>,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async receive(received: ReceivedBody, reading: FeedReading): Promise<InboxOutcome> {
    const at = this.now();
    return this.db.transaction(async (tx) => {
      const inbox = new InboxRepository(tx);
      const { record, created } = await inbox.insertOrFind({
        receivedAt: at,
        transport: received.transport,
        sender: reading.sender,
        controlId: reading.controlId,
        messageType: reading.messageType,
        contentType: received.contentType,
        body: received.body,
      });
      if (!created) return { record, duplicate: true };
      if (reading.controlId !== null && (await inbox.controlIdSeen(reading.sender, reading.controlId, record.id))) {
        this.logger.warn(
          { inboxMessageId: record.id, sender: reading.sender, controlId: reading.controlId },
          'a different message came under a control id already used: taken as a new message',
        );
      }
      const outcome = await this.applyReading(tx, record.id, reading, received.body, at);
      return { record: await inbox.setOutcome(record.id, outcome.status, outcome.error, at), duplicate: false };
    });
  }

  /**
   * Reads and applies a stored message again with today's code and
   * configuration. Applied messages are left alone, so replay is idempotent.
   */
  async replay(id: string): Promise<InboxMessageRecord> {
    const at = this.now();
    return this.db.transaction(async (tx) => {
      const inbox = new InboxRepository(tx);
      const stored = await inbox.lockWithBody(id);
      if (!stored) throw new NotFoundError('InboxMessage', id);
      const { record, body } = stored;
      if (record.status === 'APPLIED') return record;
      if (record.status === 'REFUSED') {
        throw new ReplayRefusedError(id, 'it was refused for good; the sender must send a corrected message');
      }
      if (body === null) throw new ReplayRefusedError(id, 'its body was pruned');
      const reader = this.readers.get(record.contentType);
      if (!reader) throw new ReplayRefusedError(id, `no reader for ${record.contentType}`);
      const credentials: DeliveryCredentials = { transport: record.transport, trustOdsCode: record.sender };
      const outcome = await this.applyReading(tx, id, reader(body, credentials), body, at);
      return inbox.setOutcome(id, outcome.status, outcome.error, at);
    });
  }

  /** Applies messages a stopped gateway had stored but not applied: run at start-up. */
  async resumeUnapplied(): Promise<number> {
    const ids = await new InboxRepository(this.db).unapplied(10_000);
    for (const id of ids) await this.replay(id);
    return ids.length;
  }

  private async applyReading(
    tx: SqlExecutor,
    messageId: string,
    reading: FeedReading,
    body: Buffer,
    at: Date,
  ): Promise<{ status: InboxMessageRecord['status']; error: StoredFeedError | null }> {
    if (!reading.result.ok) return failure(reading.result.error);
    await tx.query('SAVEPOINT apply_message');
    try {
      const tieBreak = sha256(body).toString('hex');
      const status = await this.apply(tx, reading.result.message, { messageId, tieBreak, at });
      await tx.query('RELEASE SAVEPOINT apply_message');
      return { status, error: null };
    } catch (error) {
      await tx.query('ROLLBACK TO SAVEPOINT apply_message');
      if (error instanceof FeedMessageError) return failure(error);
      this.logger.error({ err: error, inboxMessageId: messageId }, 'applying a feed message failed; kept as FAILED');
      return {
        status: 'FAILED',
        error: { disposition: 'FAIL', path: 'message', reason: 'the gateway could not apply this message (internal error); it is kept for replay', hl7ErrorCode: '207' },
      };
    }
  }
}

function failure(error: FeedMessageError): { status: 'FAILED' | 'REFUSED'; error: StoredFeedError } {
  return {
    status: error.disposition === 'REFUSE' ? 'REFUSED' : 'FAILED',
    error: {
      disposition: error.disposition,
      path: error.location.path,
      ...(error.location.hl7 ? { hl7: error.location.hl7 } : {}),
      reason: error.reason,
      hl7ErrorCode: error.hl7ErrorCode,
    },
  };
}
