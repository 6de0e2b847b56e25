/**
 * Which FHIR XML elements become JSON arrays. FHIR XML repeats an element
 * where JSON has an array (https://hl7.org/fhir/R4/xml.html), so the reader
 * must know an element's cardinality to give a repeat of one the array JSON
 * would have. There is no full schema here: this table covers the resources
 * and paths the discharge feed reads (message Bundles, MessageHeader, Patient,
 * Encounter, ReferralRequest, DocumentReference, Organization, Location,
 * OperationOutcome) in both DSTU2 and R4. Where the two versions differ
 * (Practitioner.name, Organization.type, Location.type) the R4 cardinality is
 * used; the translator reads every element through `elements()`, which takes
 * one or many, so a DSTU2 JSON message with a single value reads the same.
 * An element the table does not name becomes an array only when it occurs
 * more than once, so nothing is lost from the parts the hub does not read.
 */

/** Data-type elements that repeat wherever they occur. */
const REPEATING_ANYWHERE: ReadonlySet<string> = new Set([
  'extension',
  'modifierExtension',
  'coding',
  'given',
  'prefix',
  'suffix',
  'line',
  'telecom',
  'contained',
  'entry',
  'issue',
  'contact',
]);

/**
 * Repeating elements by path from the enclosing resource (`Patient.name`),
 * `*` standing for any resource type.
 */
const REPEATING_AT: ReadonlySet<string> = new Set([
  '*.meta.profile',
  '*.meta.tag',
  '*.meta.security',
  'Bundle.link',
  'MessageHeader.destination',
  'MessageHeader.focus',
  'MessageHeader.data',
  'Patient.identifier',
  'Patient.name',
  'Patient.address',
  'Patient.communication',
  'Patient.generalPractitioner',
  'Patient.careProvider',
  'Patient.link',
  'Patient.photo',
  'Patient.contact.relationship',
  'Encounter.identifier',
  'Encounter.type',
  'Encounter.statusHistory',
  'Encounter.classHistory',
  'Encounter.episodeOfCare',
  'Encounter.incomingReferral',
  'Encounter.basedOn',
  'Encounter.participant',
  'Encounter.participant.type',
  'Encounter.reason',
  'Encounter.reasonCode',
  'Encounter.reasonReference',
  'Encounter.diagnosis',
  'Encounter.indication',
  'Encounter.account',
  'Encounter.hospitalization.admittingDiagnosis',
  'Encounter.hospitalization.dischargeDiagnosis',
  'Encounter.hospitalization.dietPreference',
  'Encounter.hospitalization.specialCourtesy',
  'Encounter.hospitalization.specialArrangement',
  'Encounter.location',
  'ReferralRequest.identifier',
  'ReferralRequest.recipient',
  'ReferralRequest.serviceRequested',
  'ReferralRequest.supportingInformation',
  'DocumentReference.identifier',
  'DocumentReference.category',
  'DocumentReference.author',
  'DocumentReference.relatesTo',
  'DocumentReference.securityLabel',
  'DocumentReference.content',
  'DocumentReference.context.event',
  'DocumentReference.context.encounter',
  'DocumentReference.context.related',
  'Composition.author',
  'Composition.attester',
  'Composition.category',
  'Composition.event',
  'Composition.section',
  'Composition.section.section',
  'Organization.identifier',
  'Organization.type',
  'Organization.alias',
  'Organization.address',
  'Organization.endpoint',
  'Location.identifier',
  'Location.type',
  'Location.alias',
  'Practitioner.identifier',
  'Practitioner.name',
  'Practitioner.address',
  'Practitioner.practitionerRole',
  'Practitioner.qualification',
  'Practitioner.communication',
  'OperationOutcome.issue.location',
  'OperationOutcome.issue.expression',
]);

/**
 * True where JSON has an array for `name` inside the element at `within`
 * (names from the resource's root, empty for the root itself).
 */
export function isRepeatingElement(resourceType: string, within: readonly string[], name: string): boolean {
  if (REPEATING_ANYWHERE.has(name)) return true;
  const tail = [...within, name].join('.');
  return REPEATING_AT.has(`${resourceType}.${tail}`) || REPEATING_AT.has(`*.${tail}`);
}
