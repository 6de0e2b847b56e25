import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { TrackerRow } from '../../referrals/discharge-tracker.js';

/** A tracker file being written to a response, a batch of rows at a time. */
export interface TrackerFile {
  /** Resolves when the file can take the next batch: what it was given has gone on towards the client. */
  write(rows: readonly TrackerRow[]): Promise<void>;
  /** Ends the file and resolves once the response has all of it. */
  finish(): Promise<void>;
  /** Stops writing: the client has gone. */
  abandon(): void;
}

/**
 * Resolves when a stream can take more (its buffer is under its mark), is
 * gone, or the client has left (`left`): a stream the client's leaving
 * unpiped never drains, so the leaving must end the wait too. The losing
 * wait's listeners are taken off, so a long export does not pile them up.
 */
export async function roomIn(stream: Writable, left: AbortSignal): Promise<void> {
  if (!stream.writableNeedDrain || stream.destroyed || left.aborted) return;
  const settled = new AbortController();
  const signal = AbortSignal.any([left, settled.signal]);
  // An aborted or failed wait is an end of waiting too: what follows looks at whether the client is still there.
  const until = (event: string) => once(stream, event, { signal }).then(
    () => undefined,
    () => undefined,
  );
  await Promise.race([until('drain'), until('close')]);
  settled.abort();
}

/** Resolves when the client has left. */
export function leaving(left: AbortSignal): Promise<void> {
  return left.aborted ? Promise.resolve() : once(left, 'abort').then(() => undefined);
}
