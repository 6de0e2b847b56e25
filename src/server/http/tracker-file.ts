import type { TrackerRow } from '../../referrals/discharge-tracker.js';

/** A tracker file being written to a response, a batch of rows at a time. */
export interface TrackerFile {
  write(rows: readonly TrackerRow[]): void;
  /** Ends the file and resolves once the response has all of it. */
  finish(): Promise<void>;
  /** Stops writing: the client has gone. */
  abandon(): void;
}
