import type { InboxMessage } from '../generated/graphql.js';
import type { Connection } from '../store/pagination.js';
import { FeedMessageError, WrongSenderError, type Hl7ErrorCode } from './feed-message-error.js';
import type { FeedTransport } from './feed-reading.js';

/** The error a message got, stored so that a resend is answered the same way. */
export interface StoredFeedError {
  disposition: 'REFUSE' | 'FAIL';
  path: string;
  hl7?: { segment: string; sequence?: number; field?: number; repetition?: number; component?: number };
  reason: string;
  hl7ErrorCode: string;
}

export type InboxMessageRecord = Omit<InboxMessage, '__typename' | 'body' | 'error'> & {
  transport: FeedTransport;
  error: StoredFeedError | null;
};

export type InboxMessageConnectionRecord = Connection<InboxMessageRecord>;

/** The stored error as the error it was, so a resend's answer is built the same way as the first. */
export function feedErrorOf(stored: StoredFeedError): FeedMessageError {
  const location = { path: stored.path, ...(stored.hl7 ? { hl7: stored.hl7 } : {}) };
  if (stored.disposition === 'REFUSE' && stored.hl7ErrorCode === '204') return new WrongSenderError(location, stored.reason);
  return new FeedMessageError(stored.disposition, location, stored.reason, stored.hl7ErrorCode as Hl7ErrorCode);
}
