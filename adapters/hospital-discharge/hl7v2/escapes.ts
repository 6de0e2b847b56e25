/**
 * HL7 v2 escape sequences (v2.x chapter 2, "Use of escape sequences in text
 * fields"). Decoding never fails: senders write `\` into free text unescaped,
 * so anything that is not a sequence this module knows is kept as sent.
 */
import { decodeBytes, type Hl7Charset } from './charset.js';
import type { EncodingCharacters } from './encoding-characters.js';

// Formatting commands of FT fields: only line breaks matter in plain text.
const LINE_BREAKS = new Set(['.br', '.sp']);
const OTHER_FORMATTING = /^\.(?:in|ti|sk|ce|fi|nf)[+-]?\d*$/;
const HEX_BYTES = /^X((?:[0-9A-Fa-f]{2})+)$/;

export function decodeEscapes(text: string, encoding: EncodingCharacters, charset: Hl7Charset = 'UTF-8'): string {
  const { escape } = encoding;
  if (!text.includes(escape)) return text;
  let decoded = '';
  let at = 0;
  for (;;) {
    const open = text.indexOf(escape, at);
    const close = open === -1 ? -1 : text.indexOf(escape, open + 1);
    if (close === -1) return decoded + text.slice(at);
    const sequence = text.slice(open + 1, close);
    const meaning = escapeMeaning(sequence, encoding, charset);
    decoded += text.slice(at, open) + (meaning ?? text.slice(open, close + 1));
    at = close + 1;
  }
}

/** What `\sequence\` stands for, or null when it is no escape this module knows. */
function escapeMeaning(sequence: string, encoding: EncodingCharacters, charset: Hl7Charset): string | null {
  switch (sequence) {
    case 'F':
      return encoding.field;
    case 'S':
      return encoding.component;
    case 'T':
      return encoding.subcomponent;
    case 'R':
      return encoding.repetition;
    case 'E':
      return encoding.escape;
    case 'P':
      return encoding.truncation;
    // Highlighting on and off: plain text has none.
    case 'H':
    case 'N':
      return '';
  }
  if (LINE_BREAKS.has(sequence)) return '\n';
  if (OTHER_FORMATTING.test(sequence)) return '';
  const hex = HEX_BYTES.exec(sequence)?.[1];
  if (hex === undefined) return null;
  const decoded = decodeBytes(Buffer.from(hex, 'hex'), charset);
  return 'text' in decoded ? decoded.text : null;
}

/**
 * Escapes the delimiters, and the line ends that would otherwise end the
 * segment (receivers, this one included, take CR or LF as a segment end).
 * Line ends go as hex, `\X0A\`, not `\.br\`: a sender may choose `.` as a
 * delimiter, and then `.br` could not be written.
 */
export function encodeEscapes(text: string, encoding: EncodingCharacters): string {
  const { escape } = encoding;
  const sequences = new Map<string, string>([
    [encoding.escape, 'E'],
    [encoding.field, 'F'],
    [encoding.component, 'S'],
    [encoding.subcomponent, 'T'],
    [encoding.repetition, 'R'],
    ['\n', 'X0A'],
    ['\r', 'X0D'],
  ]);
  if (encoding.truncation !== null) sequences.set(encoding.truncation, 'P');
  let encoded = '';
  for (const char of text) {
    const sequence = sequences.get(char);
    encoded += sequence === undefined ? char : `${escape}${sequence}${escape}`;
  }
  return encoded;
}
