import { FeedMessageError } from '../../../../src/inbox/feed-message-error.js';

/** The FeedMessageError `read` throws; anything else fails the test. */
export function feedError(read: () => unknown): FeedMessageError {
  try {
    read();
  } catch (error) {
    if (error instanceof FeedMessageError) return error;
    throw error;
  }
  throw new Error('expected a FeedMessageError');
}
