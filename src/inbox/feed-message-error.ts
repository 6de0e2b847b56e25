import { GatewayError } from '../errors.js';

/**
 * Where in a received message a problem is. `hl7` is set for HL7 v2 so that
 * the ACK's ERR segment can name segment, field and component; `path` is a
 * human-readable place for logs, replies and the inbox (`PID-3[2].1`,
 * `Bundle.entry[1].resource.birthDate`).
 */
export interface MessageLocation {
  path: string;
  hl7?: { segment: string; sequence?: number; field?: number; repetition?: number; component?: number };
}

/**
 * REFUSE: the message can never be applied as sent (not HL7, unsupported
 * version or event, wrong trust): HL7 `AR`. FAIL: it was understood as a
 * message but could not be applied (bad field, missing segment); it is kept as
 * FAILED and can be replayed after a fix: HL7 `AE`.
 */
export type FeedDisposition = 'REFUSE' | 'FAIL';

/** HL7 table 0357 error codes, used in ERR and mapped to HTTP / OperationOutcome by the routes. */
export type Hl7ErrorCode =
  | '100' // segment sequence error
  | '101' // required field missing
  | '102' // data type error
  | '103' // table value not found
  | '200' // unsupported message type
  | '201' // unsupported event code
  | '202' // unsupported processing id
  | '203' // unsupported version id
  | '204' // unknown key identifier
  | '205' // duplicate key identifier
  | '207'; // application internal error

export class FeedMessageError extends GatewayError {
  readonly code = 'FEED_MESSAGE_REJECTED';
  constructor(
    readonly disposition: FeedDisposition,
    readonly location: MessageLocation,
    readonly reason: string,
    readonly hl7ErrorCode: Hl7ErrorCode = disposition === 'REFUSE' ? '200' : '102',
  ) {
    super(`${location.path}: ${reason}`, { location: location.path, disposition, hl7ErrorCode });
  }
}

/**
 * The message names a trust the delivery may not speak for: refused (AR) and
 * kept, and answered 403 over HTTP.
 */
export class WrongSenderError extends FeedMessageError {
  constructor(location: MessageLocation, reason: string) {
    super('REFUSE', location, reason, '204');
  }
}

/**
 * Reading or applying the message failed inside the gateway (a bug), not
 * because of the message: kept as FAILED (AE 207) for replay once fixed,
 * never lost and never answered as if the sender should send it again.
 */
export class InternalFeedError extends FeedMessageError {
  constructor(doing: 'read' | 'apply') {
    super('FAIL', { path: 'message' }, `the gateway could not ${doing} this message (internal error); it is kept for replay`, '207');
  }
}
