/**
 * Fault injection shared by the simulators of outside systems: the ways a
 * real system's interface lets a gateway down (slow, down, 5xx, a hung
 * socket, a garbled answer), switchable at run time so tests and people
 * trying the gateway by hand can watch it cope. A simulator adds faults of
 * its own (the supplier's duplicate callbacks) to these.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface RequestFaults {
  /** Added before every answer. */
  latencyMs: number;
  /** The next N calls answer 503 without doing anything. */
  failNext5xx: number;
  /** Accept requests and never answer them. */
  hang: boolean;
  /** The next N answers are cut short (never well-formed); the call itself still happens, as when a proxy drops the end of an answer. */
  malformedNext: number;
  /** Close connections at once. */
  down: boolean;
}

export const NO_REQUEST_FAULTS: Readonly<RequestFaults> = { latencyMs: 0, failNext5xx: 0, hang: false, malformedNext: 0, down: false };

/** How each fault is given in JSON: a count, or a flag. */
export type FaultKinds<F> = Record<keyof F, 'count' | 'flag'>;

export const REQUEST_FAULT_KINDS: FaultKinds<RequestFaults> = { latencyMs: 'count', failNext5xx: 'count', hang: 'flag', malformedNext: 'count', down: 'flag' };

/** What a request meets before it is handled: null when it is handled as normal. */
export type RequestFault = 'down' | 'hang' | 'unavailable' | null;

export class FaultInjector<F extends RequestFaults = RequestFaults> {
  private faults: F;
  private injectedCount = 0;

  constructor(private readonly none: F) {
    this.faults = { ...none };
  }

  get current(): Readonly<F> {
    return this.faults;
  }

  set(changes: Partial<F>): F {
    this.faults = { ...this.faults, ...changes };
    return { ...this.faults };
  }

  /** Faults applied so far, each request or batch it touched counted once per fault. */
  injected(): number {
    return this.injectedCount;
  }

  /** Counts a fault applied elsewhere (a simulator's own). */
  count(): void {
    this.injectedCount += 1;
  }

  /** Applies the request-level faults in the order a network would: a closed port first, then the wait, then what the server does. */
  async beforeAnswer(signal: AbortSignal): Promise<RequestFault> {
    if (this.faults.down) return this.counted('down');
    if (this.faults.latencyMs > 0) {
      this.count();
      await sleep(this.faults.latencyMs, undefined, { signal, ref: false });
    }
    if (this.faults.hang) return this.counted('hang');
    if (this.faults.failNext5xx > 0) {
      this.faults = { ...this.faults, failNext5xx: this.faults.failNext5xx - 1 };
      return this.counted('unavailable');
    }
    return null;
  }

  /** The answer body as sent: cut in half (never well-formed XML or JSON) while malformedNext lasts. */
  answerBody(body: string): string {
    if (this.faults.malformedNext <= 0) return body;
    this.faults = { ...this.faults, malformedNext: this.faults.malformedNext - 1 };
    this.count();
    return body.slice(0, Math.floor(body.length / 2));
  }

  private counted(fault: Exclude<RequestFault, null>): RequestFault {
    this.count();
    return fault;
  }
}

/** Faults from a JSON body (`POST /_simulator/faults`); throws with a message naming the first field that is not one. */
export function parseFaults<F>(json: unknown, kinds: FaultKinds<F>): Partial<F> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('expected a JSON object of faults');
  const faults: Record<string, number | boolean> = {};
  for (const [name, value] of Object.entries(json)) {
    const kind = (kinds as Record<string, 'count' | 'flag' | undefined>)[name];
    if (kind === undefined) throw new Error(`unknown fault ${name}; known: ${Object.keys(kinds).join(', ')}`);
    const fits = kind === 'flag' ? typeof value === 'boolean' : Number.isInteger(value) && (value as number) >= 0;
    if (!fits) throw new Error(`${name} must be ${kind === 'flag' ? 'true or false' : 'a whole number of at least 0'}`);
    faults[name] = value as number | boolean;
  }
  return faults as Partial<F>;
}
