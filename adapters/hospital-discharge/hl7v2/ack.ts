/**
 * The HL7 v2 acknowledgement (original mode, v2.x chapter 2.9.2) returned for
 * every message received, over HTTP and MLLP alike: AA accepted, AE failed
 * (kept, replayable after a fix), AR refused. It is addressed from the
 * message's own MSH bytes so that a message that cannot be decoded or parsed
 * still gets an ACK its sender can match by MSA-2.
 */
import type { FeedMessageError, Hl7ErrorCode, MessageLocation } from '../../../src/inbox/ports.js';
import { DEFAULT_ENCODING, type EncodingCharacters, formatEncodingCharacters, readEncodingCharacters } from './encoding-characters.js';
import { encodeEscapes } from './escapes.js';
import { formatHl7Timestamp } from './hl7-time.js';
import { readMshPrefix } from './msh-prefix.js';

/** Answering a message whose MSH could not be read: the version most English feeds speak. */
const DEFAULT_ACK_VERSION = '2.4';

/** HL7 table 0357. */
const ERROR_CODE_TEXT: Readonly<Record<Hl7ErrorCode, string>> = {
  '100': 'Segment sequence error',
  '101': 'Required field missing',
  '102': 'Data type error',
  '103': 'Table value not found',
  '200': 'Unsupported message type',
  '201': 'Unsupported event code',
  '202': 'Unsupported processing id',
  '203': 'Unsupported version id',
  '204': 'Unknown key identifier',
  '205': 'Duplicate key identifier',
  '207': 'Application internal error',
};

/** The parts of a message's MSH an ACK is made from, as sent (still escaped in the message's own delimiters). */
export interface AckAddress {
  encoding: EncodingCharacters;
  /** MSH-3 to MSH-6 of the message. */
  sendingApplication: string;
  sendingFacility: string;
  /** MSH-4 as a facility: its namespace id, or its universal id (an ODS code) when the namespace is empty. */
  facility: string;
  receivingApplication: string;
  receivingFacility: string;
  /** MSH-9.1 and MSH-9.2. */
  messageType: string;
  triggerEvent: string;
  /** MSH-10, which MSA-2 echoes. */
  controlId: string;
  /** MSH-11 and MSH-12, mirrored. */
  processingId: string;
  version: string;
}

/** The message's MSH, read from its bytes before any decoding; null when they do not start with MSH. */
export function readAckAddress(message: Buffer): AckAddress | null {
  const msh = readMshPrefix(message);
  if (msh === null) return null;
  const field = (n: number) => msh.fields[n] ?? '';
  let encoding: EncodingCharacters;
  try {
    encoding = readEncodingCharacters(msh.fieldSeparator, field(2));
  } catch {
    encoding = { ...DEFAULT_ENCODING, field: msh.fieldSeparator };
  }
  return {
    encoding,
    sendingApplication: field(3),
    sendingFacility: field(4),
    facility: hierarchicDesignator(field(4), encoding.component),
    receivingApplication: field(5),
    receivingFacility: field(6),
    messageType: field(9).split(encoding.component)[0] ?? '',
    triggerEvent: field(9).split(encoding.component)[1] ?? '',
    controlId: field(10),
    processingId: field(11),
    version: field(12),
  };
}

/** Something about an accepted message its sender should know: an ERR of severity W on the AA. */
export interface AckWarning {
  location: MessageLocation;
  text: string;
}

export interface AckRequest {
  /** From readAckAddress; null when the message had no readable MSH. */
  address: AckAddress | null;
  /** null: accepted (AA). REFUSE answers AR, FAIL answers AE. */
  error: FeedMessageError | null;
  /**
   * Said on an AA only, and only from v2.5, where ERR-4 gives a severity:
   * before, an ERR has none and an engine would take it for an error.
   */
  warnings?: readonly AckWarning[];
  now: Date;
  /** MSH-10 of the ACK itself: unique per ACK, at most 20 characters for v2.4 receivers. */
  controlId: string;
}

/** The ACK as text, every segment ended by CR. */
export function buildAck({ address, error, warnings = [], now, controlId }: AckRequest): string {
  const encoding = address?.encoding ?? DEFAULT_ENCODING;
  const version = address?.version || DEFAULT_ACK_VERSION;
  const code = error === null ? 'AA' : error.disposition === 'REFUSE' ? 'AR' : 'AE';
  const text = error === null ? '' : encodeEscapes(error.message, encoding);
  const messageType = address?.triggerEvent ? ['ACK', address.triggerEvent, 'ACK'].join(encoding.component) : 'ACK';
  const segments = [
    [
      'MSH',
      formatEncodingCharacters(encoding),
      // The ACK goes back the way the message came: its receiver is the ACK's sender.
      address?.receivingApplication ?? '',
      address?.receivingFacility ?? '',
      address?.sendingApplication ?? '',
      address?.sendingFacility ?? '',
      formatHl7Timestamp(now),
      '',
      messageType,
      encodeEscapes(controlId, encoding),
      address?.processingId || 'P',
      version,
    ],
    ['MSA', code, address?.controlId ?? '', text],
  ];
  if (error !== null) segments.push(errSegment(error, version, encoding));
  else if (usesErlLocation(version)) segments.push(...warnings.map((warning) => warningSegment(warning, encoding)));
  return segments.map((fields) => `${withoutTrailingEmpties(fields).join(encoding.field)}\r`).join('');
}

/**
 * ERR changed shape in v2.5: before, ERR-1 is one CM_ELD (segment, sequence,
 * field, and the code as subcomponents); from v2.5, ERR-2 is the location
 * (ERL), ERR-3 the code, ERR-4 the severity and ERR-8 the message for people.
 */
function errSegment(error: FeedMessageError, version: string, encoding: EncodingCharacters): string[] {
  const place = error.location.hl7;
  const codeParts = [error.hl7ErrorCode, ERROR_CODE_TEXT[error.hl7ErrorCode], 'HL70357'];
  if (!usesErlLocation(version)) {
    const elementLocation = [place?.segment ?? '', number(place?.sequence), number(place?.field), codeParts.join(encoding.subcomponent)];
    return ['ERR', elementLocation.join(encoding.component)];
  }
  return erlSegment(error.location, codeParts, 'E', error.message, encoding);
}

/** HL7 table 0357 has no code for a warning; `0`, message accepted, is what the AA says too. */
function warningSegment(warning: AckWarning, encoding: EncodingCharacters): string[] {
  return erlSegment(warning.location, ['0', 'Message accepted', 'HL70357'], 'W', `${warning.location.path}: ${warning.text}`, encoding);
}

/** A v2.5 ERR: ERR-2 the location, ERR-3 the code, ERR-4 the severity (HL7 table 0516), ERR-8 the text. */
function erlSegment(location: MessageLocation, codeParts: string[], severity: 'E' | 'W', text: string, encoding: EncodingCharacters): string[] {
  const place = location.hl7;
  const erl = place === undefined ? [] : [place.segment, number(place.sequence), number(place.field), number(place.repetition), number(place.component)];
  return ['ERR', '', withoutTrailingEmpties(erl).join(encoding.component), codeParts.join(encoding.component), severity, '', '', '', encodeEscapes(text, encoding)];
}

function number(n: number | undefined): string {
  return n === undefined ? '' : String(n);
}

function usesErlLocation(version: string): boolean {
  const minor = /^2\.(\d+)/.exec(version)?.[1];
  return minor !== undefined && Number(minor) >= 5;
}

/** A segment's fields without the empty ones that end it: HL7 sends none. */
export function withoutTrailingEmpties(parts: string[]): string[] {
  let end = parts.length;
  while (end > 0 && parts[end - 1] === '') end--;
  return parts.slice(0, end);
}

function hierarchicDesignator(hd: string, componentSeparator: string): string {
  const [namespace = '', universal = ''] = hd.split(componentSeparator);
  return namespace || universal;
}
