/**
 * Sends the calls the outbox owes. Each destination has its own circuit
 * breaker and every call a timeout (cockatiel); a failed call is tried again
 * later with exponential backoff and jitter, stored in the row itself so that
 * a restart or another replica carries on where this one stopped.
 */
import { RepeatingJob } from '../repeating-job.js';
import {
  circuitBreaker,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleWhen,
  isBrokenCircuitError,
  isTaskCancelledError,
  timeout,
  TimeoutStrategy,
  wrap,
  type IPolicy,
} from 'cockatiel';
import type { Logger } from 'pino';
import { DEFAULT_OUTBOX, type OutboxConfig } from '../config.js';
import type { Database } from '../store/database.js';
import { OutsideCallMetrics, type CallOutcome } from '../metrics/outside-call-metrics.js';
import { OutboxRepository, type OutboxCall } from './outbox-repository.js';
import { DeferredSendError, PermanentSendError, type OutboxSender } from './ports.js';

/** Only failures that say the destination is unwell count towards opening its breaker. */
const destinationFailure = handleWhen((error) => !(error instanceof PermanentSendError || error instanceof DeferredSendError));

/** What OUTBOX_* configures, and the two the dispatcher fixes itself. */
export interface DispatcherOptions extends OutboxConfig {
  batchSize: number;
  /** Consecutive failures that open a destination's breaker (OUTBOX_BREAKER_OPEN_MS says how long it stays open). */
  breakAfter: number;
}

export const DEFAULT_DISPATCHER_OPTIONS: DispatcherOptions = { ...DEFAULT_OUTBOX, batchSize: 20, breakAfter: 5 };

export class OutboxDispatcher {
  private readonly policies = new Map<string, IPolicy>();
  private readonly backoff: ExponentialBackoff<unknown>;
  private readonly rounds: RepeatingJob;

  constructor(
    private readonly db: Database,
    private readonly senders: Readonly<Record<string, OutboxSender>>,
    private readonly logger: Logger,
    private readonly options: DispatcherOptions = DEFAULT_DISPATCHER_OPTIONS,
    private readonly metrics: OutsideCallMetrics = new OutsideCallMetrics(),
    private readonly now: () => Date = () => new Date(),
  ) {
    this.backoff = new ExponentialBackoff({ initialDelay: options.backoffInitialMs, maxDelay: options.backoffMaxMs });
    this.rounds = new RepeatingJob(() => this.drain(), (error) => this.logger.warn({ err: error }, 'outbox dispatch failed; will try again'), options.pollMs);
  }

  start(): void {
    this.rounds.start({ runNow: true });
  }

  stop(): Promise<void> {
    return this.rounds.stop();
  }

  /** Sends every call due now, batch by batch; resolves when none is left due. Returns how many were sent. */
  async drain(): Promise<number> {
    let sent = 0;
    for (;;) {
      const leaseMs = this.options.timeoutMs * 3;
      const calls = await new OutboxRepository(this.db).claimDue(this.options.batchSize, leaseMs, this.now());
      if (calls.length === 0) return sent;
      const results = await Promise.all(calls.map((call) => this.send(call)));
      sent += results.filter(Boolean).length;
    }
  }

  private async send(call: OutboxCall): Promise<boolean> {
    const outbox = new OutboxRepository(this.db);
    const sender = this.senders[call.operation];
    try {
      if (!sender) throw new PermanentSendError(`no sender for ${call.operation}`);
      // A signal of its own per call: without one, cockatiel hangs every call's timeout on one shared signal (and a MaxListeners warning follows).
      const policy = this.policyFor(call.destination);
      await this.metrics.measure(call.destination, call.operation, () => policy.execute(({ signal }) => sender(call, signal), new AbortController().signal), outcomeOf);
      await outbox.markDone(call.id, this.now());
      this.logger.info({ outboxId: call.id, operation: call.operation, destination: call.destination, attempts: call.attempts }, 'outbox call sent');
      return true;
    } catch (error) {
      if (isBrokenCircuitError(error) || error instanceof DeferredSendError) {
        // Not tried: the attempt is given back, and the call waits for the breaker to let a probe through.
        const retryAt = new Date(this.now().getTime() + (isBrokenCircuitError(error) ? this.options.halfOpenAfterMs : backoffAfter(this.backoff, 1)));
        await outbox.markDeferred(call.id, describe(error), retryAt);
        this.logger.debug({ outboxId: call.id, operation: call.operation, destination: call.destination, retryAt, reason: describe(error) }, 'outbox call deferred');
        return false;
      }
      const permanent = error instanceof PermanentSendError || call.attempts >= this.options.maxAttempts;
      const retryAt = permanent ? null : new Date(this.now().getTime() + backoffAfter(this.backoff, call.attempts));
      await outbox.markFailed(call.id, describe(error), retryAt, this.now());
      const log = { outboxId: call.id, operation: call.operation, destination: call.destination, attempts: call.attempts, retryAt, reason: describe(error) };
      if (permanent) this.logger.error(log, 'outbox call given up (DEAD)');
      else this.logger.warn(log, 'outbox call failed; will retry');
      return false;
    }
  }

  private policyFor(destination: string): IPolicy {
    let policy = this.policies.get(destination);
    if (!policy) {
      const breaker = circuitBreaker(destinationFailure, {
        halfOpenAfter: this.options.halfOpenAfterMs,
        breaker: new ConsecutiveBreaker(this.options.breakAfter),
      });
      policy = wrap(breaker, timeout(this.options.timeoutMs, TimeoutStrategy.Aggressive));
      this.policies.set(destination, policy);
    }
    return policy;
  }
}

/** The delay before attempt `attempts + 1`: cockatiel's exponential backoff with decorrelated jitter. */
function backoffAfter(policy: ExponentialBackoff<unknown>, attempts: number): number {
  let backoff = policy.next();
  for (let i = 1; i < attempts; i++) backoff = backoff.next(undefined);
  return backoff.duration;
}

function outcomeOf(error: unknown): CallOutcome {
  if (isBrokenCircuitError(error)) return 'circuit_open';
  if (isTaskCancelledError(error)) return 'timeout';
  if (error instanceof DeferredSendError) return 'deferred';
  return error instanceof PermanentSendError ? 'refused' : 'unavailable';
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
