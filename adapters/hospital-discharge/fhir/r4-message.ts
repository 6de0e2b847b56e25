/**
 * An R4 message about a person and, usually, a hospital spell. Its event
 * (`r4-events.ts`) says whether the gateway takes it at all and what it may
 * be about; its focus
 * (https://hl7.org/fhir/R4/messageheader-definitions.html#MessageHeader.focus)
 * says which resources, and must agree with the event:
 *
 * - An Encounter in the focus, for a spell event: a spell event as its
 *   status says (`translate-encounter.ts`), about the Encounter's subject.
 * - A Patient in the focus, or a document (Transfer of Care DocumentReference
 *   or Composition) whose subject is a Patient in the Bundle, for a person
 *   event: a person update.
 * - A visit update (A08) may be either, the Encounter first.
 * - A document that names its patient only by NHS number, as NHS England's
 *   Transfer of Care notifications do, is refused: the hub needs a name and
 *   date of birth to match a person, and it does not open the attached
 *   document (a discharge summary, often a nested Bundle or a PDF).
 */
import type { DischargeMessage, PersonDetails } from '../../../src/referrals/ports.js';
import { type At, element, failAt, refuseAt } from './element-reading.js';
import type { FhirResource } from './fhir-resource.js';
import { dischargeMessageHeader, type FhirMessage, messageFocus } from './message-header.js';
import { type FhirEventMapping, R4_EVENTS, r4EventOf, type R4MessageSubject } from './r4-events.js';
import { translateEncounter } from './translate-encounter.js';
import { translatePatient } from './translate-patient.js';
import { deathOfMessage } from './read-deceased.js';

const DOCUMENT_TYPES: ReadonlySet<string> = new Set(['DocumentReference', 'Composition']);

export function translateR4Message(message: FhirMessage, senderEvents: readonly FhirEventMapping[]): DischargeMessage {
  const { header, messageHeader, entries } = message;
  const { event, written } = r4EventOf(header, messageHeader, senderEvents);
  const about: readonly R4MessageSubject[] = R4_EVENTS[event];
  const focus = messageFocus(message);
  const person = (resource: At<FhirResource>): PersonDetails => translatePatient(resource.value, resource.path, entries.resolve);
  const subjectOf = (resource: At<FhirResource>): At<FhirResource> | undefined => {
    const reference = element(resource, 'subject') ?? element(resource, 'patient');
    const subject = reference && entries.resolve(reference);
    return subject?.value.resourceType === 'Patient' ? subject : undefined;
  };

  const encounter = about.includes('SPELL') ? focus.find((resource) => resource.value.resourceType === 'Encounter') : undefined;
  if (encounter) {
    const patient = subjectOf(encounter);
    if (!patient) return failAt(`${encounter.path}.subject`, 'the Encounter’s subject is not a Patient in the message');
    const spell = translateEncounter(encounter.value, encounter.path, entries.resolve);
    const sent = person(patient);
    const death = deathOfMessage(sent.death, spell.death);
    return {
      kind: 'SPELL_EVENT',
      header: dischargeMessageHeader(header),
      person: death === undefined ? sent : { ...sent, death },
      event: { spellId: spell.spellId, kind: spell.kind, occurredAt: spell.occurredAt ?? header.sentAt, details: spell.details, reason: null },
    };
  }

  const patient = about.includes('PERSON') ? focus.find((resource) => resource.value.resourceType === 'Patient') : undefined;
  if (patient) return { kind: 'PERSON_UPDATE', header: dischargeMessageHeader(header), person: person(patient) };

  const document = about.includes('PERSON') ? focus.find((resource) => DOCUMENT_TYPES.has(resource.value.resourceType)) : undefined;
  if (document) {
    const subject = subjectOf(document);
    if (subject) return { kind: 'PERSON_UPDATE', header: dischargeMessageHeader(header), person: person(subject) };
    return refuseAt(
      `${document.path}.subject`,
      `unsupported event: the ${document.value.resourceType} names its patient without a Patient resource, and the hub reads people, not attached documents`,
      '201',
    );
  }
  const expected = about.includes('SPELL') ? (about.includes('PERSON') ? 'an Encounter, a Patient or a document' : 'the Encounter') : 'the Patient or a document about them';
  return refuseAt(`${messageHeader.path}.focus`, `unsupported event: ${written} is taken as ${event}, so MessageHeader.focus must name ${expected}, and it names none`, '201');
}
