/**
 * Sorts a CX identifier list (PID-3, MRG-1) into NHS numbers and hospital
 * numbers: a repetition typed `NH` is an NHS number, and so is one where the
 * sender's profile says its NHS number sits.
 */
import { parseNhsNumber, pasIdentifierSystem } from '../../../src/customers/ports.js';
import { FeedMessageError, type MessageLocation } from '../../../src/inbox/ports.js';
import { MAX_IDENTIFIER_LENGTH, type PersonIdentifier } from '../../../src/referrals/ports.js';
import type { SenderProfile } from '../sender-profile.js';
import type { Hl7Repetition, Hl7Segment } from './er7.js';

export interface PatientIdentifiers {
  /** Check-digit valid NHS numbers, in the order sent. */
  nhsNumbers: string[];
  /** The rest, each under `PAS:<trust>[:<assigning authority>]`. */
  localIds: PersonIdentifier[];
  /** The repetitions among them whose value is shaped and checked like an NHS number. */
  localIdsLikeNhsNumbers: MessageLocation[];
}

/**
 * A wrong check digit FAILs the message at the repetition: a mistyped NHS
 * number would join two people. A number of one repeated digit
 * (`9999999999`) is skipped instead: PASes send it as "no NHS number yet"
 * (UCLH's Epic does), so it says nothing about who the person is. A local
 * id that is ten digits passing the check is noted where it is: a PAS that
 * puts the NHS number in its own slot (`^^^RX1^PI`) would otherwise key the
 * person's link on it unseen.
 */
export function readPatientIdentifiers(segment: Hl7Segment, field: number, profile: SenderProfile): PatientIdentifiers {
  const found: PatientIdentifiers = { nhsNumbers: [], localIds: [], localIdsLikeNhsNumbers: [] };
  segment.repetitions(field).forEach((cx, index) => {
    const value = cx.component(1).trim();
    if (value === '') return;
    const authority = cx.component(4);
    // Value and assigning authority key the person's link.
    for (const [component, part] of [[1, value], [4, authority]] as const) {
      if (part.length > MAX_IDENTIFIER_LENGTH) {
        throw new FeedMessageError('FAIL', segment.location(field, index + 1, component), `the identifier's part is ${part.length} characters, over the ${MAX_IDENTIFIER_LENGTH} the gateway keeps`, '102');
      }
    }
    if (!isNhsNumberPlace(cx, profile)) {
      found.localIds.push({ system: pasIdentifierSystem(profile.trustOdsCode, authority), value });
      // Kept as sent, never guessed into the NHS number, but never taken quietly as a hospital number either.
      if (parseNhsNumber(value).ok) found.localIdsLikeNhsNumbers.push(segment.location(field, index + 1));
      return;
    }
    const parsed = parseNhsNumber(value);
    if (parsed.ok) found.nhsNumbers.push(parsed.value);
    else if (parsed.reason !== 'NHS_NUMBER_REPEATED_DIGIT') {
      throw new FeedMessageError(
        'FAIL',
        segment.location(field, index + 1, 1),
        `the NHS number \`${value}\` in repetition ${index + 1} is not valid: ${parsed.message}`,
        '102',
      );
    }
  });
  return found;
}

/**
 * CX-5 `NH` (HL7 table 0203; the HL7 UK profile's code for the NHS number)
 * says what the value is whatever CX-4 says: many UK engines leave the
 * assigning authority empty, or put their own there.
 */
const NHS_NUMBER_TYPE_CODE = 'NH';

function isNhsNumberPlace(cx: Hl7Repetition, profile: SenderProfile): boolean {
  const authority = cx.component(4);
  const typeCode = cx.component(5);
  if (typeCode === NHS_NUMBER_TYPE_CODE) return true;
  return profile.nhsNumberPlaces.some((place) => place.assigningAuthority === authority && place.typeCodes.includes(typeCode));
}
