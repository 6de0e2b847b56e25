/**
 * Turns a message's bytes into text in the character set it declares in
 * MSH-18 (HL7 table 0211), or the sender profile's default when MSH-18 is
 * empty. Only the sets English trusts send are supported; any other is
 * refused rather than guessed at, because a wrong guess corrupts names.
 */
import { FeedMessageError } from '../../../src/inbox/ports.js';
import { decodeUtf8 } from '../../utf8-text.js';
import { hl7Location } from './hl7-location.js';
import { readMshPrefix } from './msh-prefix.js';

export type Hl7Charset = 'ASCII' | '8859/1' | '8859/15' | 'UTF-8';

// ITK messages say `UNICODE`, which table 0211 (v2.4) leaves undefined
// between UTF-8 and UTF-16; every ITK sender means UTF-8.
const CHARSETS: Readonly<Record<string, Hl7Charset>> = {
  ASCII: 'ASCII',
  '8859/1': '8859/1',
  '8859/15': '8859/15',
  UNICODE: 'UTF-8',
  'UNICODE UTF-8': 'UTF-8',
};

const MSH_18 = hl7Location({ segment: 'MSH', field: 18 });

/** The table 0211 names the gateway reads, for messages and for checking sender profiles at start-up. */
export const KNOWN_CHARSETS = Object.keys(CHARSETS).join(', ');

export function isKnownCharset(name: string): boolean {
  return CHARSETS[name.trim().toUpperCase()] !== undefined;
}

/** The supported character set a table 0211 name stands for; REFUSE at MSH-18 for any other. */
function resolveCharset(name: string, source: 'MSH-18' | 'the sender profile' = 'MSH-18'): Hl7Charset {
  const charset = CHARSETS[name.trim().toUpperCase()];
  if (charset === undefined) {
    throw new FeedMessageError(
      'REFUSE',
      MSH_18,
      `character set \`${name}\` (from ${source}) is not supported; send one of ${KNOWN_CHARSETS}`,
      '102',
    );
  }
  return charset;
}

/** The character set MSH-18 names (its first repetition: later ones are ISO 2022 switches), else the default. */
export function declaredCharset(msh18: string, repetitionSeparator: string, defaultCharset: string): Hl7Charset {
  const declared = (msh18.split(repetitionSeparator)[0] ?? '').trim();
  return declared === '' ? resolveCharset(defaultCharset, 'the sender profile') : resolveCharset(declared);
}

/** The text, or where the first byte the character set cannot hold is. */
export function decodeBytes(bytes: Uint8Array, charset: Hl7Charset): { text: string } | { invalidAt: number } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (charset) {
    case 'ASCII': {
      const invalidAt = buffer.findIndex((byte) => byte > 0x7f);
      return invalidAt === -1 ? { text: buffer.toString('latin1') } : { invalidAt };
    }
    case '8859/1':
      // Buffer's latin1 is ISO 8859-1 itself; TextDecoder's would be windows-1252.
      return { text: buffer.toString('latin1') };
    case '8859/15':
      return { text: new TextDecoder('iso-8859-15').decode(buffer) };
    case 'UTF-8':
      return decodeUtf8(buffer);
  }
}

/**
 * One message's text. Bytes the declared character set cannot hold FAIL the
 * message at the field they are in (not replacement characters, which would
 * be stored as a wrong name): the sender's declaration or the profile's
 * default is wrong, and after that is fixed the message can be replayed.
 */
export function decodeHl7Text(bytes: Buffer, defaultCharset: string): string {
  const msh = readMshPrefix(bytes);
  if (msh === null) {
    throw new FeedMessageError('REFUSE', hl7Location({ segment: 'MSH' }), 'not an HL7 v2 message: it does not start with an MSH segment', '100');
  }
  refuseNulByte(bytes, msh.fieldSeparator);
  const repetitionSeparator = (msh.fields[2] ?? '').charAt(1) || '~';
  const charset = declaredCharset(msh.fields[18] ?? '', repetitionSeparator, defaultCharset);
  const decoded = decodeBytes(bytes, charset);
  if ('text' in decoded) return decoded.text;
  const byte = (bytes[decoded.invalidAt] as number).toString(16).toUpperCase().padStart(2, '0');
  throw new FeedMessageError(
    'FAIL',
    locationOfByte(bytes, decoded.invalidAt, msh.fieldSeparator),
    `byte 0x${byte} is not ${charset} text, the character set ${msh.fields[18] ? 'MSH-18 declares' : "the sender's profile assumes"}`,
    '102',
  );
}

/**
 * A NUL byte is the NUL character in every set of table 0211, and no HL7 text
 * may hold it (v2.x chapter 2A: ST and the types built on it are printable
 * characters). It is refused, before any byte the set cannot hold is failed:
 * a fixed character set would not make the message one the gateway can take.
 */
function refuseNulByte(bytes: Buffer, fieldSeparator: string): void {
  const at = bytes.indexOf(0x00);
  if (at === -1) return;
  throw new FeedMessageError('REFUSE', locationOfByte(bytes, at, fieldSeparator), 'byte 0x00 (NUL) is not text in any HL7 character set', '102');
}

/** The segment and field that hold the byte at `offset`, counted from the bytes before it. */
function locationOfByte(bytes: Buffer, offset: number, fieldSeparator: string) {
  const segments = bytes.toString('latin1', 0, offset).split(/\r\n|\r|\n/).filter((line) => line.trim() !== '');
  const line = segments.at(-1) ?? '';
  const segment = line.slice(0, 3);
  const sequence = segments.filter((s) => s.startsWith(segment)).length;
  const separators = line.split(fieldSeparator).length - 1;
  // MSH-1 is the first separator itself, so MSH counts one field more.
  const field = segment === 'MSH' ? separators + 1 : separators;
  return hl7Location({ segment, sequence, field: field > 0 ? field : undefined });
}
