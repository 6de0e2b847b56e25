/**
 * Receiving feed messages: the raw bytes and the outcome of applying them
 * are written in one transaction, and only then is the sender answered, so
 * an acknowledged message survives any crash.
 *
 * Messages that arrive while a transaction is running wait and go together
 * in the next one (group commit): one commit and a few set-based statements
 * serve a whole batch, which is what lets a 2-core machine keep up with many
 * feeds. Each message still gets its own outcome. If applying a batch fails,
 * it is rolled back and its messages are taken one at a time; a single
 * message whose effects fail is then kept without them, as FAILED with its
 * reason, for replay after a fix.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { GatewayError, NotFoundError } from '../errors.js';
import type { DischargeMessage } from '../referrals/discharge-message.js';
import { CombinedRead } from '../store/combined-read.js';
import { CombinedWrite } from '../store/combined-write.js';
import type { Database, SqlExecutor } from '../store/database.js';
import { retryingTransaction } from '../store/retrying-transaction.js';
import { storableText } from '../store/storable-text.js';
import { FeedMessageError, InternalFeedError } from './feed-message-error.js';
import type { DeliveryCredentials, FeedReader, FeedReading, FeedTransport } from './feed-reading.js';
import type { InboxMessageRecord, StoredFeedError } from './inbox-message.js';
import {
  InboxRepository,
  insertMessagesInto,
  messageKey,
  readStoredUnderInto,
  setOutcomesInto,
  sha256,
  type InboxRow,
  type Outcome,
} from './inbox-repository.js';
import { storableReading } from './storable-reading.js';

export interface ApplyEntry {
  messageId: string;
  /** The body's SHA-256 in hex: a tie-break between events that does not depend on arrival. */
  tieBreak: string;
  message: DischargeMessage;
}

/** How one message applied: PARKED when it waits for another; the note says what a person should know of it. */
export interface AppliedOutcome {
  status: 'APPLIED' | 'PARKED';
  note: string | null;
}

/**
 * Applies translated messages inside the inbox's transaction, in the order
 * given: it may read and write through `tx`, and adds its last writes to
 * `write`, which the inbox runs with the messages' outcomes in one statement.
 */
export type MessageApplier = (
  tx: SqlExecutor,
  entries: readonly ApplyEntry[],
  at: Date,
  write: CombinedWrite,
) => Promise<ReadonlyMap<string, AppliedOutcome>>;

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

interface Item {
  received: ReceivedBody;
  reading: FeedReading;
}

interface Waiting extends Item {
  resolve(outcome: InboxOutcome): void;
  reject(error: unknown): void;
}

export class ReplayRefusedError extends GatewayError {
  readonly code = 'REPLAY_NOT_POSSIBLE';
  constructor(id: string, why: string) {
    super(`Inbox message ${id} cannot be replayed: ${why}`, { id });
  }
}

/** Larger batches make a transaction too long for the messages at the front of it to wait. */
const MAX_BATCH = 200;
/**
 * How long a batch may wait for more company. Concurrent senders fall into
 * step with the commits (each sends its next message when its ACK comes), so
 * without a pause half of them would always just miss the next batch.
 */
const LINGER_MS = 1;

export class Inbox {
  private readonly queue: Waiting[] = [];
  private lanes = 0;

  constructor(
    private readonly db: Database,
    private readonly apply: MessageApplier,
    private readonly readers: ReadonlyMap<string, FeedReader>,
    private readonly logger: Logger,
    /** Batches written at once: 1 for the embedded store, which runs one transaction at a time. */
    private readonly concurrency = 1,
    private readonly now: () => Date = () => new Date(),
  ) {}

  receive(received: ReceivedBody, reading: FeedReading): Promise<InboxOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ received, reading: storableReading(reading), resolve, reject });
      this.pump();
    });
  }

  /** Several messages that must be applied in this order (one HTTP body): they join the same batch, in order. */
  receiveAll(items: readonly Item[]): Promise<InboxOutcome[]> {
    return Promise.all(items.map((item) => this.receive(item.received, item.reading)));
  }

  /** Starts another lane of batches if there is room; each runs until the queue is empty. */
  private pump(): void {
    if (this.lanes >= this.concurrency) return;
    this.lanes++;
    void (async () => {
      let lastBatch = 0;
      while (this.queue.length > 0) {
        // Let the messages already on the sockets in: the embedded store runs its queries on this
        // thread, so none of them is read while a batch is being written.
        await new Promise((resolve) => setImmediate(resolve));
        // Under load (the last batch had company) wait a moment for senders whose ACKs just went out.
        if (lastBatch > 1 && this.queue.length < lastBatch) await new Promise((resolve) => setTimeout(resolve, LINGER_MS));
        const batch = this.queue.splice(0, MAX_BATCH);
        // Another lane may have taken everything while this one waited.
        if (batch.length === 0) break;
        lastBatch = batch.length;
        try {
          const outcomes = await this.storeBatch(batch);
          batch.forEach((waiting, i) => waiting.resolve(outcomes[i]!));
        } catch (error) {
          for (const waiting of batch) waiting.reject(error);
        }
      }
      this.lanes--;
    })();
  }

  private async storeBatch(items: readonly Item[]): Promise<InboxOutcome[]> {
    const at = this.now();
    try {
      return await retryingTransaction(this.db, (tx) => this.store(tx, items, at, null));
    } catch (error) {
      if (items.length > 1) {
        this.logger.warn({ err: error, messages: items.length }, 'a batch of feed messages failed; taking them one at a time');
        const outcomes: InboxOutcome[] = [];
        for (const item of items) outcomes.push(...(await this.storeBatch([item])));
        return outcomes;
      }
      // One message whose effects could not be written: keep it, without them, for replay.
      const failure = asFeedError(error, this.logger);
      return this.db.transaction((tx) => this.store(tx, items, at, failure));
    }
  }

  /**
   * Stores the messages and applies the new, readable ones; `failure` stores
   * them as failed instead. What is already stored is read first, so a new
   * message's row is written once, with its outcome, in the closing statement.
   */
  private async store(tx: SqlExecutor, items: readonly Item[], at: Date, failure: FeedMessageError | null): Promise<InboxOutcome[]> {
    const read = new CombinedRead();
    const storedUnder = readStoredUnderInto(read, items.map(({ reading }) => reading));
    await read.run(tx);
    const { messages: stored, controlIds } = storedUnder();
    // Each item is a message already stored, the same bytes as an earlier item of this batch, or new.
    const digests = items.map(({ received }) => sha256(received.body).toString('hex'));
    const firstInBatch = new Map<string, number>();
    const plans = items.map(({ reading }, index) => {
      const key = reading.controlId === null ? null : messageKey(reading.sender, reading.controlId, digests[index]!);
      const before = key === null ? undefined : stored.get(key);
      if (before) return { kind: 'stored' as const, record: before };
      const first = key === null ? undefined : firstInBatch.get(key);
      if (first !== undefined) return { kind: 'repeat' as const, of: first };
      if (key !== null) firstInBatch.set(key, index);
      const controlKey = `${reading.sender}\u0000${reading.controlId}`;
      if (reading.controlId !== null && controlIds.has(controlKey)) {
        this.logger.warn(
          { sender: reading.sender, controlId: reading.controlId },
          'a different message came under a control id already used: taken as a new message',
        );
      }
      if (reading.controlId !== null) controlIds.add(controlKey);
      return { kind: 'new' as const, id: randomUUID() };
    });
    const fresh = plans.flatMap((plan, i) => (plan.kind === 'new' ? [{ id: plan.id, item: items[i]!, sha256Hex: digests[i]! }] : []));
    const write = new CombinedWrite();
    const outcomes = new Map((await this.applyAll(tx, fresh, at, failure, write)).map((outcome) => [outcome.id, outcome]));
    const inserted = insertMessagesInto(
      write,
      fresh.map(({ id, sha256Hex, item: { received, reading } }) => ({
        ...outcomes.get(id)!,
        receivedAt: at,
        transport: received.transport,
        sender: reading.sender,
        controlId: reading.controlId,
        messageType: reading.messageType,
        contentType: received.contentType,
        body: received.body,
        sha256Hex,
      })),
      at,
    );
    const records = new Map(inserted(await write.run<InboxRow>(tx)).map((record) => [record.id, record]));
    const results: InboxOutcome[] = [];
    for (const plan of plans) {
      if (plan.kind === 'stored') results.push({ record: plan.record, duplicate: true });
      else if (plan.kind === 'repeat') results.push({ record: results[plan.of]!.record, duplicate: true });
      else results.push({ record: records.get(plan.id)!, duplicate: false });
    }
    return results;
  }

  private async applyAll(
    tx: SqlExecutor,
    messages: readonly { id: string; item: Item; sha256Hex: string }[],
    at: Date,
    failure: FeedMessageError | null,
    write: CombinedWrite,
  ): Promise<Outcome[]> {
    const entries: ApplyEntry[] = [];
    for (const { id, item, sha256Hex } of messages) {
      if (item.reading.result.ok && failure === null) {
        entries.push({ messageId: id, tieBreak: sha256Hex, message: item.reading.result.message });
      }
    }
    const applied = entries.length > 0 ? await this.apply(tx, entries, at, write) : new Map<string, AppliedOutcome>();
    return messages.map(({ id, item }) => {
      const { result } = item.reading;
      if (!result.ok) return { id, ...failed(result.error) };
      if (failure !== null) return { id, ...failed(failure) };
      const outcome = applied.get(id);
      return { id, status: outcome?.status ?? 'APPLIED', error: null, note: outcome?.note ?? null };
    });
  }

  /**
   * Reads and applies a stored message again with today's code and
   * configuration. Applied messages are left alone, so replay is idempotent.
   */
  async replay(id: string): Promise<InboxMessageRecord> {
    const at = this.now();
    const attempt = (failure: FeedMessageError | null) =>
      retryingTransaction(this.db, async (tx) => {
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
        const item = { received: { transport: record.transport, contentType: record.contentType, body }, reading: storableReading(reader(body, credentials)) };
        const write = new CombinedWrite();
        const outcomes = await this.applyAll(tx, [{ id, item, sha256Hex: sha256(body).toString('hex') }], at, failure, write);
        const updated = setOutcomesInto(write, outcomes, at);
        return updated(await write.run<InboxRow>(tx))[0]!;
      });
    try {
      return await attempt(null);
    } catch (error) {
      if (error instanceof GatewayError && !(error instanceof FeedMessageError)) throw error;
      return attempt(asFeedError(error, this.logger));
    }
  }
}

/** A reason may quote the message (a facility, a segment's start), so it is bounded and made storable like the rest. */
const MAX_REASON_LENGTH = 1_000;

function failed(error: FeedMessageError): { status: 'FAILED' | 'REFUSED'; error: StoredFeedError; note: null } {
  const { path, hl7 } = error.location;
  return {
    note: null,
    status: error.disposition === 'REFUSE' ? 'REFUSED' : 'FAILED',
    error: {
      disposition: error.disposition,
      path: storableText(path, MAX_REASON_LENGTH),
      ...(hl7 ? { hl7: { ...hl7, segment: storableText(hl7.segment, MAX_REASON_LENGTH) } } : {}),
      reason: storableText(error.reason, MAX_REASON_LENGTH),
      hl7ErrorCode: error.hl7ErrorCode,
    },
  };
}

/** A failure while applying, as the error the message is kept with; anything unexpected is logged, never shown. */
function asFeedError(error: unknown, logger: Logger): FeedMessageError {
  if (error instanceof FeedMessageError) return error;
  logger.error({ err: error }, 'applying a feed message failed; kept as FAILED');
  return new InternalFeedError('apply');
}
