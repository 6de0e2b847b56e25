/**
 * A reading as the inbox can store it, whatever the message held. Its
 * sender, control id and message type come straight from the message's
 * header and go into text columns under the inbox's unique index, so they
 * are made storable and bounded; a control id that is fine is kept as sent.
 * A translated message goes into jsonb (spell events, the person as sent)
 * and text columns, so one holding text the store cannot keep is refused
 * here, naming where, in case an adapter let it through.
 */
import type { DischargeMessage } from '../referrals/discharge-message.js';
import { storableText, unstorableTextPath } from '../store/storable-text.js';
import { FeedMessageError } from './feed-message-error.js';
import type { FeedReading } from './feed-reading.js';

/**
 * The longest sender, control id and message type kept (longer ones are cut).
 * HL7 v2.5 allows 199 characters in MSH-10, FHIR 64 in an id; three such
 * values and the body's hash stay well inside a btree entry.
 */
export const MAX_HEADER_VALUE_LENGTH = 200;

export function storableReading(reading: FeedReading): FeedReading {
  const header = (value: string) => storableText(value, MAX_HEADER_VALUE_LENGTH);
  return {
    sender: header(reading.sender),
    controlId: reading.controlId === null ? null : header(reading.controlId),
    messageType: reading.messageType === null ? null : header(reading.messageType),
    result: reading.result.ok ? refuseUnstorable(reading.result.message) : reading.result,
  };
}

function refuseUnstorable(message: DischargeMessage): FeedReading['result'] {
  const path = unstorableTextPath(message, 'message');
  if (path === null) return { ok: true, message };
  return {
    ok: false,
    error: new FeedMessageError('REFUSE', { path }, 'the message holds a NUL character or half of a UTF-16 surrogate pair, which no text may hold', '102'),
  };
}
