/**
 * A record system behind a timeout and a circuit breaker (cockatiel), so a
 * slow or failing one costs a query its own fields only: a call past the
 * timeout is abandoned, and after repeated failures the breaker answers at
 * once for a while instead of making every request wait the timeout again.
 * Whatever stops a call becomes RecordSystemUnavailableError naming the system.
 */
import {
  circuitBreaker,
  ConsecutiveBreaker,
  handleWhen,
  isBrokenCircuitError,
  isTaskCancelledError,
  timeout,
  TimeoutStrategy,
} from 'cockatiel';
import type { CallOutcome, OutsideCallMetrics } from '../metrics/outside-call-metrics.js';
import { RecordSystemRefusalError, RecordSystemUnavailableError, type CareRecordSystem } from './ports.js';

export interface GuardOptions {
  timeoutMs: number;
  /** Consecutive failures that open the breaker, and how long it then answers at once. */
  breakAfter: number;
  halfOpenAfterMs: number;
}

export function guardRecordSystem(system: CareRecordSystem, options: GuardOptions, metrics: OutsideCallMetrics): CareRecordSystem {
  // A refusal is the system answering properly, and a caller that stopped
  // waiting says nothing of the system: neither counts towards the breaker.
  const breaker = circuitBreaker(
    handleWhen((error) => !(error instanceof RecordSystemRefusalError || error instanceof CallerGaveUp)),
    { halfOpenAfter: options.halfOpenAfterMs, breaker: new ConsecutiveBreaker(options.breakAfter) },
  );
  const deadline = timeout(options.timeoutMs, TimeoutStrategy.Aggressive);
  const attempt = async <T>(operation: string, call: (signal: AbortSignal) => Promise<T>, outer?: AbortSignal): Promise<T> => {
    try {
      return await breaker.execute(async ({ signal }) => {
        try {
          return await deadline.execute(({ signal: timed }) => call(timed), signal);
        } catch (error) {
          // The deadline's cancellation looks the same whether it ran out or the caller aborted.
          if (outer?.aborted) throw new CallerGaveUp(system.system, operation);
          throw error;
        }
      }, outer ?? new AbortController().signal);
    } catch (error) {
      if (isBrokenCircuitError(error)) throw new GuardStop(system.system, operation, 'circuit open after repeated failures', 'circuit_open');
      if (isTaskCancelledError(error)) throw new GuardStop(system.system, operation, `no answer within ${options.timeoutMs} ms`, 'timeout');
      throw error;
    }
  };
  const guarded = <T>(operation: string, call: (signal: AbortSignal) => Promise<T>, outer?: AbortSignal): Promise<T> =>
    metrics.measure(system.system, operation, () => attempt(operation, call, outer), outcomeOf);
  return {
    system: system.system,
    pageLimit: system.pageLimit,
    fetchRecords: (localIds, signal) => guarded('fetchRecords', (s) => system.fetchRecords(localIds, s), signal),
    writeContact: (localId, contact, signal) => guarded('writeContact', (s) => system.writeContact(localId, contact, s), signal),
    referToTeam: (localId, referral, signal) => guarded('referToTeam', (s) => system.referToTeam(localId, referral, s), signal),
    teamReferralStatus: (reference, signal) => guarded('teamReferralStatus', (s) => system.teamReferralStatus(reference, s), signal),
  };
}

/** The guard's own stops, told apart in the metrics. */
class GuardStop extends RecordSystemUnavailableError {
  constructor(
    system: CareRecordSystem['system'],
    operation: string,
    message: string,
    readonly outcome: CallOutcome,
  ) {
    super(system, operation, message);
  }
}

/** The caller stopped waiting before the system answered. */
class CallerGaveUp extends GuardStop {
  constructor(system: CareRecordSystem['system'], operation: string) {
    super(system, operation, 'the caller stopped waiting', 'cancelled');
  }
}

function outcomeOf(error: unknown): CallOutcome {
  if (error instanceof GuardStop) return error.outcome;
  return error instanceof RecordSystemRefusalError ? 'refused' : 'unavailable';
}
