/**
 * The delimiters an HL7 v2 message declares for itself in MSH-1 and MSH-2
 * (HL7 v2.x chapter 2, "Message delimiters"). `|^~\&` is only the usual
 * choice: a sender may pick any others, so nothing else assumes it.
 */
import { FeedMessageError } from '../../../src/inbox/ports.js';
import { hl7Location } from './hl7-location.js';

export interface EncodingCharacters {
  field: string;
  component: string;
  repetition: string;
  escape: string;
  subcomponent: string;
  /** MSH-2's fifth character from v2.7; null before. */
  truncation: string | null;
}

export const DEFAULT_ENCODING: EncodingCharacters = {
  field: '|',
  component: '^',
  repetition: '~',
  escape: '\\',
  subcomponent: '&',
  truncation: null,
};

// A delimiter may be any printable character that cannot be data it delimits:
// not a letter or digit (segment ids and values), not white space (segment ends).
const DELIMITER = /^[^A-Za-z0-9\s]$/;

/** MSH-1 and MSH-2 as sent, checked: REFUSE at MSH-2 when they cannot delimit a message. */
export function readEncodingCharacters(fieldSeparator: string, msh2: string): EncodingCharacters {
  const chars = [...msh2];
  const all = [fieldSeparator, ...chars];
  if (chars.length < 4 || chars.length > 5 || !all.every((c) => DELIMITER.test(c)) || new Set(all).size !== all.length) {
    throw new FeedMessageError(
      'REFUSE',
      hl7Location({ segment: 'MSH', field: 2 }),
      `MSH-2 must be four (or from v2.7 five) distinct delimiter characters other than MSH-1 \`${fieldSeparator}\`, such as ^~\\&; it is \`${msh2}\``,
      '102',
    );
  }
  const [component, repetition, escape, subcomponent, truncation] = chars as [string, string, string, string, string?];
  return { field: fieldSeparator, component, repetition, escape, subcomponent, truncation: truncation ?? null };
}

/** MSH-2 as it is written for these delimiters. */
export function formatEncodingCharacters(encoding: EncodingCharacters): string {
  return `${encoding.component}${encoding.repetition}${encoding.escape}${encoding.subcomponent}${encoding.truncation ?? ''}`;
}
