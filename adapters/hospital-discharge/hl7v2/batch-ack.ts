/**
 * The answer to an HL7 batch, for a sender whose profile asks for one
 * (`batchAcks: "BATCH"`): the ACKs wrapped as a batch of their own, as the
 * batch protocol describes (HL7 v2.5 chapter 2.10.3). The answering batch
 * goes back the way the batch came, names the batch it answers in BHS-12
 * (reference batch control id) and the file in FHS-12, and counts its ACKs
 * in BTS-1. A file header is answered with one, a bare batch without.
 */
import { withoutTrailingEmpties } from './ack.js';
import { DEFAULT_ENCODING, type EncodingCharacters, formatEncodingCharacters, readEncodingCharacters } from './encoding-characters.js';
import { encodeEscapes } from './escapes.js';
import { formatHl7Timestamp } from './hl7-time.js';
import type { BatchHeaders } from './split-hl7-batch.js';

export interface BatchAckRequest {
  headers: BatchHeaders;
  /** The ACKs, in the order of the messages they answer, each ended by CR. */
  acks: readonly string[];
  now: Date;
  /** Control ids for the answering file and batch (FHS-11, BHS-11): unique per answer. */
  controlId: () => string;
}

/** A header segment's fields as sent: `fields[n]` is FHS-n / BHS-n (`fields[1]` the separator itself). */
interface SentHeader {
  encoding: EncodingCharacters;
  fields: string[];
}

export function wrapBatchAcks({ headers, acks, now, controlId }: BatchAckRequest): string {
  const fhs = headers.fhs === null ? null : readHeader(headers.fhs);
  const bhs = headers.bhs === null ? fhs : readHeader(headers.bhs);
  const encoding = (fhs ?? bhs)?.encoding ?? DEFAULT_ENCODING;
  const segment = (fields: string[]) => `${withoutTrailingEmpties(fields).join(encoding.field)}\r`;
  const header = (id: 'FHS' | 'BHS', sent: SentHeader | null) =>
    segment([
      id,
      formatEncodingCharacters(encoding),
      // Back the way it came: the batch's receiver is the answer's sender.
      field(sent, 5),
      field(sent, 6),
      field(sent, 3),
      field(sent, 4),
      formatHl7Timestamp(now),
      '',
      '',
      '',
      encodeEscapes(controlId(), encoding),
      field(sent, 11),
    ]);
  const file = fhs === null ? null : header('FHS', fhs);
  const batch = [header('BHS', bhs), ...acks, segment(['BTS', String(acks.length)])].join('');
  return file === null ? batch : file + batch + segment(['FTS', '1']);
}

function readHeader(line: string): SentHeader {
  const separator = line.charAt(3);
  const [id = '', ...fromField2] = line.split(separator);
  let encoding: EncodingCharacters;
  try {
    encoding = readEncodingCharacters(separator, fromField2[0] ?? '');
  } catch {
    encoding = { ...DEFAULT_ENCODING, field: separator };
  }
  return { encoding, fields: [id, separator, ...fromField2] };
}

/** A field as sent, escapes and all: it goes back in the same delimiters it came in. */
function field(sent: SentHeader | null, n: number): string {
  return sent?.fields[n] ?? '';
}
