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

/** Resolves when a stream can take more (its buffer is under its mark), or is gone. */
export async function roomIn(stream: Writable): Promise<void> {
  if (!stream.writableNeedDrain || stream.destroyed) return;
  await Promise.race([once(stream, 'drain'), once(stream, 'close')]);
}
