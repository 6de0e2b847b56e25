/**
 * What the hospital-feed adapters may use of the inbox: the errors a reader
 * throws, what it gives back, the endpoints and listener it provides, and
 * the one thing it asks of the inbox, to file a message. Not the Inbox
 * itself: an adapter files, it does not reach into how filing is done.
 */
import type { Inbox } from './inbox.js';

export { FeedMessageError, InternalFeedError, WrongSenderError, type Hl7ErrorCode, type MessageLocation } from './feed-message-error.js';
export type { DeliveryCredentials, FeedReader, FeedReading } from './feed-reading.js';
export type { FeedEndpoint, FeedReply, HospitalFeeds, MllpListener, MllpOptions } from './hospital-feeds.js';
export type { InboxOutcome } from './inbox.js';
export { feedErrorOf } from './inbox-message.js';

/** Files received messages: kept, de-duplicated and applied, each with its outcome. */
export type MessageFiling = Pick<Inbox, 'receive' | 'receiveAll'>;
