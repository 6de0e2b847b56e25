/**
 * Fault injection for the supplier simulator: the ways a real supplier's
 * interface lets a gateway down (slow, down, 5xx, a hung socket, a garbled
 * answer, callbacks twice or out of order), switchable at run time so tests
 * and people trying the gateway by hand can watch it cope.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface SimulatorFaults {
  /** Added before every answer. */
  latencyMs: number;
  /** The next N calls answer 503 with `<Error>`, without doing anything. */
  failNext5xx: number;
  /** Accept requests and never answer them. */
  hang: boolean;
  /** The next N answers are cut short (broken XML); the call itself still happens, as when a proxy drops the end of an answer. */
  malformedNext: number;
  /** Send each callback twice. */
  duplicateCallbacks: boolean;
  /** Hold an order's callbacks until it settles, then send them newest first. */
  reorderCallbacks: boolean;
  /** Close connections at once. */
  down: boolean;
}

export const NO_FAULTS: Readonly<SimulatorFaults> = {
  latencyMs: 0,
  failNext5xx: 0,
  hang: false,
  malformedNext: 0,
  duplicateCallbacks: false,
  reorderCallbacks: false,
  down: false,
};

/** What a request meets before it is handled: null when it is handled as normal. */
export type RequestFault = 'down' | 'hang' | 'unavailable' | null;

export class FaultInjector {
  private faults: SimulatorFaults = { ...NO_FAULTS };
  private injectedCount = 0;

  get current(): Readonly<SimulatorFaults> {
    return this.faults;
  }

  set(changes: Partial<SimulatorFaults>): SimulatorFaults {
    this.faults = { ...this.faults, ...changes };
    return { ...this.faults };
  }

  /** Faults applied so far, each request or callback batch it touched counted once per fault. */
  injected(): number {
    return this.injectedCount;
  }

  /** Counts a fault applied elsewhere (the callback sender's duplicates and reorders). */
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
      this.faults.failNext5xx -= 1;
      return this.counted('unavailable');
    }
    return null;
  }

  /** The answer body as sent: cut in half (never well-formed XML) while malformedNext lasts. */
  answerBody(xml: string): string {
    if (this.faults.malformedNext <= 0) return xml;
    this.faults.malformedNext -= 1;
    this.count();
    return xml.slice(0, Math.floor(xml.length / 2));
  }

  private counted(fault: Exclude<RequestFault, null>): RequestFault {
    this.count();
    return fault;
  }
}

const KINDS: Record<keyof SimulatorFaults, 'count' | 'flag'> = {
  latencyMs: 'count',
  failNext5xx: 'count',
  hang: 'flag',
  malformedNext: 'count',
  duplicateCallbacks: 'flag',
  reorderCallbacks: 'flag',
  down: 'flag',
};

/** Faults from a JSON body (`POST /_simulator/faults`); throws with a message naming the first field that is not one. */
export function parseFaults(json: unknown): Partial<SimulatorFaults> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('expected a JSON object of faults');
  const faults: Record<string, number | boolean> = {};
  for (const [name, value] of Object.entries(json)) {
    const kind = KINDS[name as keyof SimulatorFaults] as 'count' | 'flag' | undefined;
    if (kind === undefined) throw new Error(`unknown fault ${name}; known: ${Object.keys(KINDS).join(', ')}`);
    const fits = kind === 'flag' ? typeof value === 'boolean' : Number.isInteger(value) && (value as number) >= 0;
    if (!fits) throw new Error(`${name} must be ${kind === 'flag' ? 'true or false' : 'a whole number of at least 0'}`);
    faults[name] = value as number | boolean;
  }
  return faults;
}
