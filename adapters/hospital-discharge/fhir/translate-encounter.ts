/**
 * An R4 UK Core Encounter as a spell event: its status says what happened
 * (https://hl7.org/fhir/R4/valueset-encounter-status.html), its identifier is
 * the spell (as PV1-19 is in HL7 v2), its period the admission and discharge
 * times.
 */
import { MAX_IDENTIFIER_LENGTH, type Instant, type ReportedDeath, type SpellDetails, type SpellEventKind } from '../../../src/referrals/ports.js';
import { type ResolveReference, resolveNothing } from './bundle-references.js';
import { describeConcept, extensionConcept } from './codeable-concepts.js';
import { element, elements, failAt, keyText, refuseAt, requireType, text } from './element-reading.js';
import { instantOf } from './fhir-dates.js';
import type { FhirResource } from './fhir-resource.js';
import { readEncounterPlace } from './encounter-place.js';
import { readPeriod } from './period.js';
import { deathByDischarge } from './read-deceased.js';

const DISCHARGE_METHOD_EXTENSION = 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-DischargeMethod';

/** Encounter.status to what happened; `planned` and `unknown` say nothing the hub can fold. */
const KIND_BY_STATUS: Readonly<Record<string, SpellEventKind | null>> = {
  planned: null,
  arrived: 'ADMITTED',
  triaged: 'ADMITTED',
  'in-progress': 'ADMITTED',
  // On leave is still admitted: details may change, the state does not.
  onleave: 'UPDATED',
  finished: 'DISCHARGED',
  cancelled: 'ADMISSION_CANCELLED',
  'entered-in-error': 'ADMISSION_CANCELLED',
  unknown: null,
};

export interface TranslatedEncounter {
  spellId: string;
  kind: SpellEventKind;
  /** When it happened by the Encounter's own times (admission: period.start, discharge: period.end); null: use the message's time. */
  occurredAt: Instant | null;
  details: SpellDetails;
  /** A discharge whose method is "Patient died" (code 4): the death, at the discharge. */
  death?: ReportedDeath;
}

export function translateEncounter(encounter: FhirResource, path: string, resolve: ResolveReference = resolveNothing): TranslatedEncounter {
  const at = requireType({ value: encounter, path }, 'Encounter');
  const identifier = elements(at, 'identifier')
    .map((each) => text(each, 'value'))
    .find((value) => value !== undefined);
  if (identifier === undefined) failAt(`${path}.identifier`, 'the Encounter has no identifier to tie its spell together');
  const spellId = keyText(identifier, MAX_IDENTIFIER_LENGTH, 'the spell identifier');

  const status = text(at, 'status');
  if (status === undefined) failAt(`${path}.status`, 'the Encounter has no status');
  const kind = KIND_BY_STATUS[status.value];
  if (kind === undefined) failAt(status.path, `${status.value} is not an Encounter status`);
  if (kind === null) refuseAt(status.path, `an Encounter that is ${status.value} is not an event of a hospital spell`, '201');

  const { start, end } = readPeriod(element(at, 'period'));
  const details: SpellDetails = { ...readEncounterPlace(at, resolve) };
  if (start) details.admittedAt = instantOf(start);
  // A cancel or update happened when it was sent, not when the admission began.
  if (kind !== 'DISCHARGED') return { spellId, kind, occurredAt: kind === 'ADMITTED' ? (details.admittedAt ?? null) : null, details };

  if (!end) failAt(`${path}.period.end`, 'a finished Encounter needs period.end, the time of discharge');
  details.dischargedAt = instantOf(end);
  const method = extensionConcept(at, DISCHARGE_METHOD_EXTENSION);
  if (method) details.dischargeMethod = describeConcept(method);
  const hospitalization = element(at, 'hospitalization');
  const destination = hospitalization && element(hospitalization, 'dischargeDisposition');
  if (destination) details.dischargeDestination = describeConcept(destination);
  const death = deathByDischarge(method, details.dischargedAt);
  return { spellId, kind, occurredAt: details.dischargedAt, details, ...(death ? { death } : {}) };
}
