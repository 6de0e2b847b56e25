/**
 * A reader returns what is wrong with a message as its reading; one that
 * throws has a bug. Its message is still kept, as FAILED (AE 207) for replay
 * once the bug is fixed, under the caller's trust: answering 5xx, or
 * dropping an MLLP connection unACKed, would make the sender resend a
 * message that fails the same way every time, and stall its feed.
 */
import type { Logger } from 'pino';
import { InternalFeedError, type FeedReader } from '../../src/inbox/ports.js';
import { refusedSender } from './sender-check.js';

export function guardedReader(reader: FeedReader, logger: Logger): FeedReader {
  return (body, credentials) => {
    try {
      return reader(body, credentials);
    } catch (error) {
      logger.error({ err: error, transport: credentials.transport }, 'reading a feed message failed; kept as FAILED');
      return { sender: refusedSender(credentials, ''), controlId: null, messageType: null, result: { ok: false, error: new InternalFeedError('read') } };
    }
  };
}
