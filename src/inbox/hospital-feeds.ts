/**
 * What the gateway needs from the hospital-discharge adapter, declared here
 * so that src/ never imports the adapter: main.ts wires it in.
 */
import type { FeedReader, DeliveryCredentials } from './feed-reading.js';
import type { OutboxSender } from '../outbox/ports.js';
import type { Inbox } from './inbox.js';

export interface FeedReply {
  status: number;
  contentType: string;
  body: string;
}

/** One HTTP feed: takes a request body and answers in the feed's own terms (HL7 ACKs, OperationOutcome). */
export interface FeedEndpoint {
  /** Media types it takes, lower case without parameters. */
  readonly contentTypes: readonly string[];
  receive(body: Buffer, contentType: string, credentials: DeliveryCredentials): Promise<FeedReply>;
  /** The answer for a request refused before its body was read (too large, wrong media type, bad token), in its media type where the feed has a choice. */
  refuse(status: number, reason: string, contentType: string): FeedReply;
}

export interface MllpListener {
  port: number;
  /** Stops accepting, ends idle connections and waits for messages being stored to finish. */
  close(): Promise<void>;
}

export interface MllpOptions {
  host: string;
  port: number;
  maxFrameBytes: number;
  idleTimeoutMs: number;
}

export interface HospitalFeeds {
  /** Readers by the content type stored with a message: the inbox uses them to replay. */
  readers: ReadonlyMap<string, FeedReader>;
  /** HTTP endpoints by path (`/feeds/hl7v2`, `/feeds/fhir`). */
  endpoints(inbox: Inbox): Readonly<Record<string, FeedEndpoint>>;
  listenMllp(inbox: Inbox, options: MllpOptions): Promise<MllpListener>;
  /** Outbox senders by operation: the business responses owed to trusts. */
  outboxSenders: Readonly<Record<string, OutboxSender>>;
}
