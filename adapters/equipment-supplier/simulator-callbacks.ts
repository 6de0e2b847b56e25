/**
 * The simulated supplier's status callbacks: each status change POSTed,
 * signed, to the gateway's webhook. An order's callbacks go one at a time in
 * the order they happened (so the reorder fault is the only way they arrive
 * out of order), and a failed one is retried a few times with a short
 * backoff, as the contract says the supplier does.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { SupplierStatusUpdate } from '../../src/equipment/ports.js';
import { signCallback } from './callback-signature.js';
import type { SupplierFaultInjector } from './simulator-faults.js';
import type { OrderBookListener } from './simulator-order-book.js';
import { callbackReceivedFromXml, statusUpdateToXml } from './translate.js';

const ATTEMPTS = 4;
const FIRST_BACKOFF_MS = 50;
const ATTEMPT_TIMEOUT_MS = 5_000;

export class CallbackSender implements OrderBookListener {
  private readonly queues = new Map<string, Promise<void>>();
  /** Callbacks held back by the reorder fault, per order, oldest first. */
  private readonly held = new Map<string, SupplierStatusUpdate[]>();
  private sent = 0;
  private failed = 0;

  constructor(
    /** The gateway's webhook; null sends nothing. */
    private url: string | null,
    private readonly secret: string,
    private readonly faults: SupplierFaultInjector,
    /** Aborted when the simulator closes: stops sends and backoff waits at once. */
    private readonly signal: AbortSignal,
  ) {}

  /** For a gateway that starts after its supplier, and so learns its own address later. */
  setUrl(url: string | null): void {
    this.url = url;
  }

  status(update: SupplierStatusUpdate): void {
    if (this.url === null) return;
    if (this.faults.current.reorderCallbacks) {
      this.held.set(update.orderId, [...(this.held.get(update.orderId) ?? []), update]);
    } else {
      this.enqueue(update.orderId, [update]);
    }
  }

  settled(orderId: string): void {
    const held = this.held.get(orderId);
    if (held === undefined) return;
    this.held.delete(orderId);
    this.faults.count();
    this.enqueue(orderId, held.reverse());
  }

  counts(): { callbacksSent: number; callbacksFailed: number } {
    return { callbacksSent: this.sent, callbacksFailed: this.failed };
  }

  /** Resolves once every queued callback has been sent, given up on or stopped by the abort signal. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.queues.values()]);
  }

  private enqueue(orderId: string, updates: SupplierStatusUpdate[]): void {
    const next = (this.queues.get(orderId) ?? Promise.resolve()).then(async () => {
      for (const update of updates) await this.deliver(update);
    });
    this.queues.set(orderId, next);
    void next.finally(() => {
      if (this.queues.get(orderId) === next) this.queues.delete(orderId);
    });
  }

  private async deliver(update: SupplierStatusUpdate): Promise<void> {
    const body = statusUpdateToXml(update);
    const copies = this.faults.current.duplicateCallbacks ? 2 : 1;
    if (copies > 1) this.faults.count();
    for (let copy = 0; copy < copies; copy += 1) {
      for (let attempt = 1; attempt <= ATTEMPTS && !this.signal.aborted; attempt += 1) {
        const url = this.url;
        // Unset since the callback was queued: nowhere to send it.
        if (url === null) return;
        if (await this.post(url, body)) {
          this.sent += 1;
          break;
        }
        if (this.signal.aborted) return;
        this.failed += 1;
        if (attempt < ATTEMPTS) {
          await sleep(FIRST_BACKOFF_MS * 2 ** (attempt - 1), undefined, { signal: this.signal, ref: false }).catch(() => undefined);
        }
      }
    }
  }

  /** True when the gateway took the callback: a 2xx carrying a `CallbackReceived`, whatever its outcome. */
  private async post(url: string, body: string): Promise<boolean> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/xml', ...signCallback(this.secret, body, Math.floor(Date.now() / 1000)) },
        body,
        signal: AbortSignal.any([this.signal, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)]),
      });
      const text = await response.text();
      if (!response.ok) return false;
      // A 2xx that is not the contract's answer came from something in between (a proxy, a login page), not the gateway.
      callbackReceivedFromXml(text);
      return true;
    } catch {
      return false;
    }
  }
}
