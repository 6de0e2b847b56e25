/**
 * What the gateway's calls to outside systems cost, for `GET /metrics`
 * (Prometheus text format, prom-client): calls by system, operation and
 * outcome, and their latency. An operator sees which system is failing, and
 * a test how many calls a query made. One registry per gateway, so that
 * several gateways in one process (the tests) keep their counts apart.
 */
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** `deferred`: a call put off before it was made (it waits for another call to settle). */
/** `cancelled`: the caller stopped waiting (its request ended), which says nothing of the system's health. */
export type CallOutcome = 'ok' | 'refused' | 'unavailable' | 'timeout' | 'circuit_open' | 'deferred' | 'cancelled';

export class OutsideCallMetrics {
  readonly registry = new Registry();
  private readonly calls: Counter<'system' | 'operation' | 'outcome'>;
  private readonly seconds: Histogram<'system' | 'operation'>;

  /** `processMetrics`: add Node's own (memory, event loop lag, GC) for the gateway; tests leave them out. */
  constructor(processMetrics = false) {
    if (processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'care_gateway_' });
    this.calls = new Counter({
      name: 'care_gateway_outside_calls_total',
      help: 'Calls to outside systems, by system, operation and outcome',
      labelNames: ['system', 'operation', 'outcome'],
      registers: [this.registry],
    });
    this.seconds = new Histogram({
      name: 'care_gateway_outside_call_seconds',
      help: 'Time taken by calls to outside systems, whatever their outcome',
      labelNames: ['system', 'operation'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
      registers: [this.registry],
    });
  }

  /** Runs `call`, counting it under the outcome `outcomeOf` gives its error (or ok). */
  async measure<T>(system: string, operation: string, call: () => Promise<T>, outcomeOf: (error: unknown) => CallOutcome): Promise<T> {
    const stop = this.seconds.startTimer({ system, operation });
    try {
      const result = await call();
      this.calls.inc({ system, operation, outcome: 'ok' });
      return result;
    } catch (error) {
      this.calls.inc({ system, operation, outcome: outcomeOf(error) });
      throw error;
    } finally {
      stop();
    }
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
