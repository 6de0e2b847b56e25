/**
 * What the hub should know about how a message named its person, though the
 * message was taken: each warning's place in the message and what it means.
 * One list serves the sender's answer (an HL7 ACK's ERR of severity W, a FHIR
 * OperationOutcome warning) and the inbox note coordinators read, so the
 * three never say different things. Places only: a warning never repeats
 * the value it is about.
 */
import type { MessageLocation } from '../inbox/feed-message-error.js';
import type { FeedReading } from '../inbox/feed-reading.js';
import type { PersonDetails } from './discharge-message.js';

export interface PersonWarning {
  location: MessageLocation;
  text: string;
}

const LOCAL_ID_LIKE_NHS_NUMBER =
  "shaped and checked like an NHS number, in a place read as a local id: kept as a local id, not as the NHS number; the person's link goes to identity review unless a coordinator has confirmed it";
const SET_ASIDE_NHS_NUMBER =
  'a second NHS number, not verified, beside the verified one the person is known by: neither matched nor kept, noted for the hub to check';

export function personWarnings(person: PersonDetails): PersonWarning[] {
  return [
    ...(person.localIdsLikeNhsNumbers ?? []).map((location) => ({ location, text: LOCAL_ID_LIKE_NHS_NUMBER })),
    ...(person.setAsideNhsNumbers ?? []).map((location) => ({ location, text: SET_ASIDE_NHS_NUMBER })),
  ];
}

/** The warnings of a message read from the wire; none where it could not be read. */
export function readingWarnings({ result }: FeedReading): PersonWarning[] {
  return result.ok ? personWarnings(result.message.person) : [];
}

/** The warnings as the inbox notes them; null where there are none. */
export function personWarningNote(person: PersonDetails): string | null {
  const warnings = personWarnings(person);
  return warnings.length === 0 ? null : warnings.map(({ location, text }) => `${location.path}: ${text}`).join('; ');
}
