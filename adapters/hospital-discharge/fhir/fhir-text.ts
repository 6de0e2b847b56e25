/**
 * A FHIR message's bytes as text. "FHIR uses UTF-8 for all request and
 * response bodies" (https://hl7.org/fhir/R4/http.html#mime-type), so bytes
 * that are not UTF-8 are refused, never decoded into replacement characters
 * that would be stored as a wrong name. No setting could make them readable,
 * so it is a refusal, at the byte's line and column, with its offset.
 */
import { FeedMessageError } from '../../../src/inbox/ports.js';
import { decodeUtf8, describeByte, positionOfByte } from '../../utf8-text.js';

export function readFhirText(bytes: Buffer, format: 'JSON' | 'XML'): string {
  const decoded = decodeUtf8(bytes);
  if ('text' in decoded) return decoded.text;
  const { line, column } = positionOfByte(bytes, decoded.invalidAt);
  throw new FeedMessageError(
    'REFUSE',
    { path: `${format} line ${line} column ${column}` },
    `${describeByte(bytes, decoded.invalidAt)} is not UTF-8, which FHIR ${format} must be`,
    '102',
  );
}
