/**
 * An R4 message about a person and, usually, a hospital spell: its focus
 * (https://hl7.org/fhir/R4/messageheader-definitions.html#MessageHeader.focus)
 * decides what it is, not its event code, which varies between senders.
 *
 * - An Encounter in the focus: a spell event as its status says
 *   (`translate-encounter.ts`), about the Encounter's subject.
 * - A Patient in the focus, or a document (Transfer of Care DocumentReference
 *   or Composition) whose subject is a Patient in the Bundle: a person update.
 * - A document that names its patient only by NHS number, as NHS England's
 *   Transfer of Care notifications do, is refused: the hub needs a name and
 *   date of birth to match a person, and it does not open the attached
 *   document (a discharge summary, often a nested Bundle or a PDF).
 */
import type { DischargeMessage, PersonDetails } from '../../../src/referrals/discharge-message.js';
import { type At, element, failAt, refuseAt } from './element-reading.js';
import type { FhirResource } from './fhir-resource.js';
import { dischargeMessageHeader, type FhirMessage, messageFocus } from './message-header.js';
import { translateEncounter } from './translate-encounter.js';
import { translatePatient } from './translate-patient.js';

const DOCUMENT_TYPES: ReadonlySet<string> = new Set(['DocumentReference', 'Composition']);

export function translateR4Message(message: FhirMessage): DischargeMessage {
  const { header, messageHeader, entries } = message;
  const focus = messageFocus(message);
  const person = (resource: At<FhirResource>): PersonDetails => translatePatient(resource.value, resource.path, entries.resolve);
  const subjectOf = (resource: At<FhirResource>): At<FhirResource> | undefined => {
    const reference = element(resource, 'subject') ?? element(resource, 'patient');
    const subject = reference && entries.resolve(reference);
    return subject?.value.resourceType === 'Patient' ? subject : undefined;
  };

  const encounter = focus.find((resource) => resource.value.resourceType === 'Encounter');
  if (encounter) {
    const patient = subjectOf(encounter);
    if (!patient) return failAt(`${encounter.path}.subject`, 'the Encounter’s subject is not a Patient in the message');
    const spell = translateEncounter(encounter.value, encounter.path, entries.resolve);
    return {
      kind: 'SPELL_EVENT',
      header: dischargeMessageHeader(header),
      person: person(patient),
      event: { spellId: spell.spellId, kind: spell.kind, occurredAt: spell.occurredAt ?? header.sentAt, details: spell.details, reason: null },
    };
  }

  const patient = focus.find((resource) => resource.value.resourceType === 'Patient');
  if (patient) return { kind: 'PERSON_UPDATE', header: dischargeMessageHeader(header), person: person(patient) };

  const document = focus.find((resource) => DOCUMENT_TYPES.has(resource.value.resourceType));
  if (document) {
    const subject = subjectOf(document);
    if (subject) return { kind: 'PERSON_UPDATE', header: dischargeMessageHeader(header), person: person(subject) };
    return refuseAt(
      `${document.path}.subject`,
      `unsupported event: the ${document.value.resourceType} names its patient without a Patient resource, and the hub reads people, not attached documents`,
      '201',
    );
  }
  return refuseAt(`${messageHeader.path}.focus`, 'unsupported event: the message is about no Encounter, Patient or document', '201');
}
