/**
 * An outside system read per request (a record system, community health)
 * behind a timeout and a circuit breaker (cockatiel), so a slow or failing
 * one costs a query its own fields only: a call past the timeout is
 * abandoned, and after repeated failures the breaker answers at once for a
 * while instead of making every request wait the timeout again. Whatever
 * stops a call becomes the system's own "unavailable" error.
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

/** The system a guard stands before: its name in the metrics, its "unavailable" error, and which errors are its answers. */
export interface GuardedSystem {
  name: string;
  unavailable(operation: string, message: string): Error;
  /** A refusal is the system answering properly: it neither counts towards the breaker nor reads as unavailable. */
  isRefusal(error: unknown): boolean;
}

/** Runs one call to the system under the guard; `outer` is the caller's signal. */
export type GuardedCall = <T>(operation: string, call: (signal: AbortSignal) => Promise<T>, outer?: AbortSignal) => Promise<T>;

export function guardCalls(system: GuardedSystem, options: GuardOptions, metrics: OutsideCallMetrics): GuardedCall {
  // The guard's own stops, told apart in the metrics.
  const stops = new WeakMap<object, CallOutcome>();
  const stopOf = (error: unknown): CallOutcome | undefined => (typeof error === 'object' && error !== null ? stops.get(error) : undefined);
  const stop = (operation: string, message: string, outcome: CallOutcome): Error => {
    const error = system.unavailable(operation, message);
    stops.set(error, outcome);
    return error;
  };
  // A caller that stopped waiting says nothing of the system: it does not count towards the breaker either.
  const breaker = circuitBreaker(
    handleWhen((error) => !(system.isRefusal(error) || stopOf(error) === 'cancelled')),
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
          if (outer?.aborted) throw stop(operation, 'the caller stopped waiting', 'cancelled');
          throw error;
        }
      }, outer ?? new AbortController().signal);
    } catch (error) {
      if (isBrokenCircuitError(error)) throw stop(operation, 'circuit open after repeated failures', 'circuit_open');
      if (isTaskCancelledError(error)) throw stop(operation, `no answer within ${options.timeoutMs} ms`, 'timeout');
      throw error;
    }
  };
  const outcomeOf = (error: unknown): CallOutcome =>
    stopOf(error) ?? (system.isRefusal(error) ? 'refused' : 'unavailable');
  return (operation, call, outer) => metrics.measure(system.name, operation, () => attempt(operation, call, outer), outcomeOf);
}

export function guardRecordSystem(system: CareRecordSystem, options: GuardOptions, metrics: OutsideCallMetrics): CareRecordSystem {
  const guarded = guardCalls(
    {
      name: system.system,
      unavailable: (operation, message) => new RecordSystemUnavailableError(system.system, operation, message),
      isRefusal: (error) => error instanceof RecordSystemRefusalError,
    },
    options,
    metrics,
  );
  return {
    system: system.system,
    pageLimit: system.pageLimit,
    fetchRecords: (localIds, signal) => guarded('fetchRecords', (s) => system.fetchRecords(localIds, s), signal),
    writeContact: (localId, contact, signal) => guarded('writeContact', (s) => system.writeContact(localId, contact, s), signal),
    referToTeam: (localId, referral, signal) => guarded('referToTeam', (s) => system.referToTeam(localId, referral, s), signal),
    teamReferralStatus: (reference, signal) => guarded('teamReferralStatus', (s) => system.teamReferralStatus(reference, s), signal),
  };
}
