/**
 * Looks written together: those recorded in the same turn of the event loop
 * go to the store as one statement, and each caller hears when its own looks
 * are written (or that they were not). A live event heard by 200 boards is
 * 200 looks; written one by one they queue for the store's connections
 * behind each other, and the last board hears the event hundreds of
 * milliseconds after the first.
 */
import type { AuditLook } from './audit-log.js';

interface Waiting {
  looks: readonly AuditLook[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** At most this many looks in one statement: its JSON parameter stays a few hundred kilobytes. */
const MAX_LOOKS_PER_WRITE = 500;

export class AuditBatch {
  private waiting: Waiting[] = [];

  constructor(private readonly write: (looks: readonly AuditLook[]) => Promise<void>) {}

  /** Resolves once these looks are in the store; rejects if the write they were part of failed. */
  record(looks: readonly AuditLook[]): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.waiting.length === 0) setImmediate(() => this.flush());
      this.waiting.push({ looks, resolve, reject });
    });
  }

  private flush(): void {
    const batch = this.waiting;
    this.waiting = [];
    for (const part of chunks(batch)) {
      this.write(part.flatMap((each) => each.looks)).then(
        () => part.forEach((each) => each.resolve()),
        (error: unknown) => part.forEach((each) => each.reject(error)),
      );
    }
  }
}

/** The waiting callers in runs of at most MAX_LOOKS_PER_WRITE looks (a caller's looks are never split). */
function chunks(batch: readonly Waiting[]): Waiting[][] {
  const parts: Waiting[][] = [];
  let current: Waiting[] = [];
  let size = 0;
  for (const each of batch) {
    if (size > 0 && size + each.looks.length > MAX_LOOKS_PER_WRITE) {
      parts.push(current);
      current = [];
      size = 0;
    }
    current.push(each);
    size += each.looks.length;
  }
  if (current.length > 0) parts.push(current);
  return parts;
}
