/**
 * UTF-8 bytes read strictly. Buffer's decoder puts U+FFFD wherever bytes are
 * not UTF-8, so a name sent in another character set would be stored as if
 * it were fine; the readers (HL7 v2 in UTF-8, FHIR, the equipment supplier's
 * XML) refuse such bytes instead, saying where the first one is.
 */
import { isUtf8 } from 'node:buffer';

/** The text, or the offset of the first byte that is not UTF-8. */
export function decodeUtf8(bytes: Buffer): { text: string } | { invalidAt: number } {
  return isUtf8(bytes) ? { text: bytes.toString('utf8') } : { invalidAt: firstInvalidUtf8Byte(bytes) };
}

/**
 * Node's decoder puts U+FFFD where bytes are not UTF-8, but a real U+FFFD
 * (EF BF BD) decodes to the same; the first U+FFFD whose bytes are not EF BF
 * BD marks the first bad byte. The byte offset is counted on from the last
 * U+FFFD, not from the start each time: a body of real U+FFFDs would
 * otherwise take time in the square of its length, and hold every feed up.
 */
function firstInvalidUtf8Byte(buffer: Buffer): number {
  const lenient = buffer.toString('utf8');
  let offset = 0;
  let counted = 0;
  for (let at = lenient.indexOf('\uFFFD'); at !== -1; at = lenient.indexOf('\uFFFD', at + 1)) {
    offset += Buffer.byteLength(lenient.slice(counted, at));
    counted = at;
    if (!(buffer[offset] === 0xef && buffer[offset + 1] === 0xbf && buffer[offset + 2] === 0xbd)) return offset;
  }
  return buffer.length;
}

/**
 * Where the byte at `offset` sits as a reader sees it: 1-based line (after
 * LF), and column in characters as JavaScript counts them, for bytes that
 * are valid UTF-8 up to `offset` (as they are before the first invalid one).
 */
export function positionOfByte(bytes: Buffer, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let at = bytes.indexOf(0x0a); at !== -1 && at < offset; at = bytes.indexOf(0x0a, at + 1)) {
    line++;
    lineStart = at + 1;
  }
  return { line, column: bytes.toString('utf8', lineStart, offset).length + 1 };
}

/** `byte 0xC8 at offset 1234` (from 0): how a reason names a byte. */
export function describeByte(bytes: Buffer, offset: number): string {
  return `byte 0x${(bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0')} at offset ${offset}`;
}
