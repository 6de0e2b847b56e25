/**
 * The port between the inbox and the feed adapters: an adapter reads a
 * message's bytes into who sent it, its control id and either the translated
 * message or the reason it cannot be applied. The inbox stores the bytes and
 * the outcome whatever the answer, so nothing received is ever lost.
 */
import type { DischargeMessage } from '../referrals/discharge-message.js';
import type { FeedMessageError } from './feed-message-error.js';

export type FeedTransport = 'HTTP' | 'MLLP' | 'GRAPHQL';

export interface FeedReading {
  /** The trust the message is from: resolved from its header, or as claimed where it was refused. */
  sender: string;
  /** MSH-10 / MessageHeader.id; null where the message is not readable enough to have one. */
  controlId: string | null;
  messageType: string | null;
  result: { ok: true; message: DischargeMessage } | { ok: false; error: FeedMessageError };
}

/** Who may speak for which trust on this delivery: a token's trust, or MLLP's configured facilities. */
export interface DeliveryCredentials {
  transport: FeedTransport;
  /** The trust the caller speaks for; null when it speaks for none (every message is then refused). */
  trustOdsCode: string | null;
}

/** Reads one message of a content type. Pure apart from configuration: replay calls it again on the stored bytes. */
export type FeedReader = (body: Buffer, credentials: DeliveryCredentials) => FeedReading;
