/**
 * HL7 v2 ADT in, ACKs out, over HTTP and MLLP alike: each message is read
 * (sender check, decode, parse, translate), received by the inbox, and
 * answered with an ACK built from the stored outcome, so a resend gets the
 * same answer as the first time.
 */
import { randomUUID } from 'node:crypto';
import {
  FeedMessageError,
  WrongSenderError,
  feedErrorOf,
  type DeliveryCredentials,
  type FeedEndpoint,
  type FeedReader,
  type FeedReading,
  type FeedReply,
  type InboxOutcome,
  type MessageFiling,
} from '../../src/inbox/ports.js';
import { readingWarnings } from '../../src/referrals/ports.js';
import { buildAck, readAckAddress } from './hl7v2/ack.js';
import { decodeHl7Text } from './hl7v2/charset.js';
import { parseEr7 } from './hl7v2/er7.js';
import { hl7Location } from './hl7v2/hl7-location.js';
import { wrapBatchAcks } from './hl7v2/batch-ack.js';
import { readBatchHeaders, splitHl7Batch } from './hl7v2/split-hl7-batch.js';
import { translateHl7v2 } from './hl7v2/translate.js';
import { refusedSender, senderCheck } from './sender-check.js';
import type { SenderProfile } from './sender-profile.js';

export const HL7V2_CONTENT_TYPE = 'application/hl7-v2';
/** What engines send: the IANA type, HAPI's, and plain text from scripts. */
const ACCEPTED_CONTENT_TYPES = [HL7V2_CONTENT_TYPE, 'x-application/hl7-v2+er7', 'text/plain'];
const UNKNOWN_SENDER = 'UNKNOWN';

export function hl7v2Reader(profiles: readonly SenderProfile[]): FeedReader {
  return (body, credentials) => readHl7v2(profiles, body, credentials);
}

function readHl7v2(profiles: readonly SenderProfile[], body: Buffer, credentials: DeliveryCredentials): FeedReading {
  const address = readAckAddress(body);
  const claimed = credentials.trustOdsCode ?? UNKNOWN_SENDER;
  if (address === null) {
    const error = new FeedMessageError('REFUSE', hl7Location({ segment: 'MSH' }), 'not an HL7 v2 message: it does not start with an MSH segment', '100');
    return { sender: claimed, controlId: null, messageType: null, result: { ok: false, error } };
  }
  const controlId = address.controlId || null;
  const { facility } = address;
  let sender = claimed;
  // As sent, so that even a message refused before it is parsed is listed by its type.
  const messageType = [address.messageType, address.triggerEvent].filter(Boolean).join('^') || null;
  try {
    const profile = senderCheck(profiles, facility, credentials, hl7Location({ segment: 'MSH', field: 4 }));
    sender = profile.trustOdsCode;
    const message = parseEr7(decodeHl7Text(body, profile.defaultCharset), profile.defaultCharset);
    return { sender, controlId, messageType, result: { ok: true, message: translateHl7v2(message, profile) } };
  } catch (error) {
    if (!(error instanceof FeedMessageError)) throw error;
    if (error instanceof WrongSenderError) sender = refusedSender(credentials, facility);
    return { sender, controlId, messageType, result: { ok: false, error } };
  }
}

/** Receives one message and answers its ACK; the outcome says how the HTTP reply should look. */
export async function receiveHl7v2(
  inbox: MessageFiling,
  reader: FeedReader,
  body: Buffer,
  credentials: DeliveryCredentials,
  contentType: string,
): Promise<{ ack: string; outcome: InboxOutcome }> {
  const reading = reader(body, credentials);
  const outcome = await inbox.receive({ transport: credentials.transport, contentType, body }, reading);
  return { ack: ackFor(body, reading, outcome), outcome };
}

/**
 * Built from the stored outcome, so a resend is answered as the first time;
 * its warnings come from reading the same bytes again, which says the same.
 */
function ackFor(body: Buffer, reading: FeedReading, { record }: Pick<InboxOutcome, 'record'>): string {
  const error = record.error === null ? null : feedErrorOf(record.error);
  return buildAck({ address: readAckAddress(body), error, warnings: readingWarnings(reading), now: new Date(), controlId: ackControlId() });
}

/** An ACK's own MSH-10: unique, and within v2.4's 20 characters. */
function ackControlId(): string {
  return randomUUID().replace(/-/g, '').slice(0, 20);
}

/** An ACK for something that is not a message at all (an oversize MLLP frame, an empty body). */
export function refusalAck(reason: string): string {
  return buildAck({
    address: null,
    error: new FeedMessageError('REFUSE', hl7Location({ segment: 'MSH' }), reason, '100'),
    now: new Date(),
    controlId: ackControlId(),
  });
}

/** The HTTP route. A batch is answered as the profile of the trust the token names asks. */
export function hl7v2Endpoint(inbox: MessageFiling, reader: FeedReader, profiles: readonly SenderProfile[]): FeedEndpoint {
  const wantsBatchAcks = (trust: string | null) => profiles.some((profile) => profile.trustOdsCode === trust && profile.batchAcks === 'BATCH');
  return {
    contentTypes: ACCEPTED_CONTENT_TYPES,
    refuse: (status, reason) => reply(status, refusalAck(reason)),
    async receive(body, _contentType, credentials) {
      if (body.length === 0) return reply(400, refusalAck('the body is empty: it holds no HL7 v2 message'));
      const pieces = splitHl7Batch(body);
      // White space or a batch envelope alone is still bytes received: kept, and refused as not HL7, like any other.
      const messages = pieces.length > 0 ? pieces : [body];
      // Together and in order: a body's messages may be events of one spell.
      const items = messages.map((message) => ({
        received: { transport: credentials.transport, contentType: HL7V2_CONTENT_TYPE, body: message },
        reading: reader(message, credentials),
      }));
      const outcomes = await inbox.receiveAll(items);
      const status = Math.max(...outcomes.map(httpStatusOf));
      const acks = outcomes.map((outcome, i) => ackFor(messages[i]!, items[i]!.reading, outcome));
      const headers = readBatchHeaders(body);
      const isBatch = headers.fhs !== null || headers.bhs !== null;
      if (!isBatch || !wantsBatchAcks(credentials.trustOdsCode)) return reply(status, acks.join(''));
      return reply(status, wrapBatchAcks({ headers, acks, now: new Date(), controlId: ackControlId }));
    },
  };
}

/** 403 for a wrong trust, 400 for anything else refused; a stored message is 200 whatever its ACK code says. */
function httpStatusOf({ record }: InboxOutcome): number {
  if (record.status !== 'REFUSED') return 200;
  return record.error && feedErrorOf(record.error) instanceof WrongSenderError ? 403 : 400;
}

function reply(status: number, body: string): FeedReply {
  return { status, contentType: `${HL7V2_CONTENT_TYPE}; charset=utf-8`, body };
}
