/**
 * Parses ER7, the pipe-and-hat encoding of HL7 v2 (v2.x chapter 2). The
 * parser knows structure only: segments, fields, repetitions, components,
 * subcomponents. It keeps every segment, Z-segments and ones it has never
 * heard of included, and leaves meaning to the translation.
 */
import { FeedMessageError, type MessageLocation } from '../../../src/inbox/ports.js';
import { declaredCharset, type Hl7Charset } from './charset.js';
import { type EncodingCharacters, readEncodingCharacters } from './encoding-characters.js';
import { decodeEscapes } from './escapes.js';
import { hl7Location } from './hl7-location.js';

/** `""` in a field: the sender says the value is now empty (v2.x 2.5.3), unlike an empty field, which says nothing. */
export const HL7_NULL = '""';

// MSH-12 (version) is the last field every version requires.
const MSH_REQUIRED_FIELDS = 12;
const SEGMENT_ID = /^[A-Z][A-Z0-9]{2}$/;
const NUL = '\u0000';

/** One repetition of a field. */
export class Hl7Repetition {
  constructor(
    private readonly raw: string,
    private readonly encoding: EncodingCharacters,
    private readonly charset: Hl7Charset,
  ) {}

  /** The decoded component (and subcomponent), 1-based; '' where not sent. */
  component(component: number, subcomponent = 1): string {
    const raw = this.raw.split(this.encoding.component)[component - 1]?.split(this.encoding.subcomponent)[subcomponent - 1];
    return raw === undefined ? '' : decodeEscapes(raw, this.encoding, this.charset);
  }
}

export class Hl7Segment {
  constructor(
    readonly id: string,
    /** Which occurrence of this segment id in the message, from 1. */
    readonly sequence: number,
    /** `fields[n]` is field n as sent; for MSH, `fields[1]` is the field separator and `fields[2]` MSH-2. */
    private readonly fields: readonly string[],
    private readonly encoding: EncodingCharacters,
    private readonly charset: Hl7Charset,
  ) {}

  /** The number of the last field sent. */
  get fieldCount(): number {
    return this.fields.length - 1;
  }

  /** The field as sent, escapes and delimiters included. */
  raw(field: number): string {
    return this.fields[field] ?? '';
  }

  /** Every repetition of the field, empty ones included so that their numbers stay those of the message. */
  repetitions(field: number): Hl7Repetition[] {
    const raw = this.raw(field);
    if (raw === '') return [];
    // MSH-1 and MSH-2 hold the delimiters themselves and are never split.
    const parts = this.id === 'MSH' && field <= 2 ? [raw] : raw.split(this.encoding.repetition);
    return parts.map((part) => new Hl7Repetition(part, this.encoding, this.charset));
  }

  /** The decoded component of the field's first repetition, 1-based; '' where not sent. */
  value(field: number, component = 1, subcomponent = 1): string {
    if (this.id === 'MSH' && field <= 2) return this.raw(field);
    return this.repetitions(field)[0]?.component(component, subcomponent) ?? '';
  }

  location(field?: number, repetition?: number, component?: number): MessageLocation {
    return hl7Location({ segment: this.id, sequence: this.sequence, field, repetition, component });
  }
}

export class Hl7Message {
  constructor(
    readonly all: readonly Hl7Segment[],
    readonly encoding: EncodingCharacters,
    readonly charset: Hl7Charset,
  ) {}

  segments(id: string): Hl7Segment[] {
    return this.all.filter((segment) => segment.id === id);
  }

  segment(id: string): Hl7Segment | undefined {
    return this.all.find((segment) => segment.id === id);
  }

  /** The MSH segment, which parsing guarantees is first. */
  get msh(): Hl7Segment {
    return this.all[0] as Hl7Segment;
  }
}

/**
 * Parses one message's decoded text. Segments may end in CR (the standard),
 * LF or CRLF, and blank lines are skipped: files and some engines use LF.
 * `defaultCharset` decodes `\X..\` escapes when MSH-18 is empty.
 */
export function parseEr7(text: string, defaultCharset = 'UNICODE UTF-8'): Hl7Message {
  const lines = text.split(/\r\n|\r|\n/).filter((line) => line.trim() !== '');
  const first = lines[0] ?? '';
  if (!/^MSH[^A-Za-z0-9\s]/.test(first)) {
    throw new FeedMessageError('REFUSE', hl7Location({ segment: 'MSH' }), 'not an HL7 v2 message: it does not start with an MSH segment', '100');
  }
  const fieldSeparator = first.charAt(3);
  const [, msh2 = ''] = first.split(fieldSeparator);
  const encoding = readEncodingCharacters(fieldSeparator, msh2);
  const mshFields = ['MSH', fieldSeparator, ...first.split(fieldSeparator).slice(1)];
  const charset = declaredCharset(mshFields[18] ?? '', encoding.repetition, defaultCharset);

  const seen = new Map<string, number>();
  const segments = lines.map((line, index) => {
    const parts = line.split(fieldSeparator);
    const id = parts[0] ?? '';
    if (!SEGMENT_ID.test(id)) {
      throw new FeedMessageError(
        'REFUSE',
        { path: `segment ${index + 1}` },
        `segment ${index + 1} starts \`${line.slice(0, 10)}\`: a segment starts with a three-character id (a capital letter, then capitals or digits) and the field separator \`${fieldSeparator}\``,
        '100',
      );
    }
    const sequence = (seen.get(id) ?? 0) + 1;
    seen.set(id, sequence);
    return new Hl7Segment(id, sequence, index === 0 ? mshFields : parts, encoding, charset);
  });

  const msh = segments[0] as Hl7Segment;
  if (msh.fieldCount < MSH_REQUIRED_FIELDS) {
    throw new FeedMessageError(
      'REFUSE',
      msh.location(msh.fieldCount + 1),
      `the message is truncated: MSH ends at field ${msh.fieldCount}, before MSH-9 to MSH-12 (type, control id, processing id, version)`,
      '101',
    );
  }
  const secondMsh = segments.slice(1).find((segment) => segment.id === 'MSH');
  if (secondMsh !== undefined) {
    throw new FeedMessageError('REFUSE', secondMsh.location(), 'a second MSH: split a batch into single messages first', '100');
  }
  for (const segment of segments) refuseEscapedNul(segment, encoding, charset);
  return new Hl7Message(segments, encoding, charset);
}

/**
 * `\Xhh..\` may stand for any byte (v2.x chapter 2, "Use of escape sequences
 * in text fields"), so `\X00\` writes the NUL character that a raw 0x00 byte
 * is refused for (charset.ts). Every field is looked at, read by the
 * translation or not, so that no message carrying one is ever taken.
 */
function refuseEscapedNul(segment: Hl7Segment, encoding: EncodingCharacters, charset: Hl7Charset): void {
  const hexEscape = `${encoding.escape}X`;
  // MSH-1 and MSH-2 are the delimiters themselves, never escaped.
  for (let field = segment.id === 'MSH' ? 3 : 1; field <= segment.fieldCount; field++) {
    const raw = segment.raw(field);
    if (!raw.includes(hexEscape)) continue;
    raw.split(encoding.repetition).forEach((repetition, r) =>
      repetition.split(encoding.component).forEach((component, c) => {
        if (component.split(encoding.subcomponent).some((sub) => decodeEscapes(sub, encoding, charset).includes(NUL))) {
          throw new FeedMessageError('REFUSE', segment.location(field, r + 1, c + 1), 'a hex escape here stands for NUL, which no HL7 text may hold', '102');
        }
      }),
    );
  }
}
