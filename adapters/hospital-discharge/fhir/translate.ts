/**
 * A FHIR message as the port's DischargeMessage. Pure: the Bundle comes from
 * parseFhirJson or parseFhirXml, and every problem is a FeedMessageError
 * naming its FHIRPath. DSTU2 messages are ADW notices; R4 messages carry UK
 * Core Encounters and Patients.
 */
import type { DischargeMessage } from '../../../src/referrals/ports.js';
import { translateAdwNotice } from './adw-notice.js';
import type { FhirResource } from './fhir-resource.js';
import { readFhirMessage } from './message-header.js';
import type { FhirEventMapping } from './r4-events.js';
import { translateR4Message } from './r4-message.js';

/** `senderEvents`: the sender profile's `fhirEvents`, the trust's own R4 event codes. */
export function translateFhirMessage(bundle: FhirResource, senderEvents: readonly FhirEventMapping[] = []): DischargeMessage {
  const message = readFhirMessage(bundle);
  return message.header.fhirVersion === 'DSTU2' ? translateAdwNotice(message) : translateR4Message(message, senderEvents);
}
