/**
 * Reads the MSH segment straight from a message's bytes, before the message
 * is decoded: MSH-18 says how to decode the rest, and an ACK must still be
 * addressed when the rest cannot be read. MSH-1 to MSH-12 are ASCII in every
 * HL7 character set, so reading the bytes as latin1 (one character per byte)
 * is exact for them and never fails.
 */

export interface MshPrefix {
  /** MSH-1. */
  fieldSeparator: string;
  /** `fields[n]` is MSH-n as sent, escapes and all (`fields[1]` is MSH-1, `fields[2]` MSH-2). */
  fields: string[];
}

const CR = 0x0d;
const LF = 0x0a;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** The offset where a message's content starts: after leading white space and a UTF-8 byte order mark. */
export function contentStart(bytes: Buffer): number {
  let at = bytes.subarray(0, 3).equals(UTF8_BOM) ? 3 : 0;
  while (at < bytes.length && isWhiteSpace(bytes[at] as number)) at++;
  return at;
}

export function isWhiteSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === CR || byte === LF;
}

/** True where `MSH` followed by a possible field separator starts at `at`. */
export function startsWithMsh(bytes: Buffer, at: number): boolean {
  const separator = bytes[at + 3];
  return (
    bytes[at] === 0x4d && // M
    bytes[at + 1] === 0x53 && // S
    bytes[at + 2] === 0x48 && // H
    separator !== undefined &&
    !isWhiteSpace(separator) &&
    !isAlphanumeric(separator)
  );
}

function isAlphanumeric(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
}

/** The MSH segment's fields, or null when the bytes do not start (after white space) with an MSH segment. */
export function readMshPrefix(bytes: Buffer): MshPrefix | null {
  const start = contentStart(bytes);
  if (!startsWithMsh(bytes, start)) return null;
  let end = start;
  while (end < bytes.length && bytes[end] !== CR && bytes[end] !== LF) end++;
  const line = bytes.toString('latin1', start, end);
  const fieldSeparator = line.charAt(3);
  // MSH-1 is the separator itself, so MSH-n sits at split index n-1 from MSH-2 on.
  const [, ...fromMsh2] = line.split(fieldSeparator);
  return { fieldSeparator, fields: ['MSH', fieldSeparator, ...fromMsh2] };
}
