/**
 * Where the person is and who is in charge, as an Encounter says it (DSTU2
 * and R4 alike): the ward is the Location's name (PV1-3's point of care), the
 * site the service provider's name (PV1-3.4), the consultant the `CON`
 * participant, else the attending (`ATND`) one, as PV1-7/PV1-9 are read.
 */
import type { SpellDetails } from '../../../src/referrals/ports.js';
import type { ResolveReference } from './bundle-references.js';
import { hasCode } from './codeable-concepts.js';
import { type At, element, elements, textValue } from './element-reading.js';
import type { FhirElement } from './fhir-resource.js';

const CONSULTANT_ROLES = ['CON', 'ATND'];

/** The place and consultant facts the Encounter states; a fact it does not state is left out. */
export function readEncounterPlace(encounter: At<FhirElement>, resolve: ResolveReference): Pick<SpellDetails, 'ward' | 'site' | 'consultant'> {
  const details: Pick<SpellDetails, 'ward' | 'site' | 'consultant'> = {};
  const location = elements(encounter, 'location')
    .map((entry) => element(entry, 'location'))
    .find((reference) => reference !== undefined);
  const ward = location && nameOf(location, resolve);
  if (ward) details.ward = ward;
  const provider = element(encounter, 'serviceProvider');
  const site = provider && nameOf(provider, resolve);
  if (site) details.site = site;
  const consultant = readConsultant(encounter, resolve);
  if (consultant) details.consultant = consultant;
  return details;
}

/** What a Reference names: the target's name where it is in the message, else the reference's display. */
function nameOf(reference: At<FhirElement>, resolve: ResolveReference): string | null {
  const target = resolve(reference);
  return (target && textValue(target, 'name')) ?? textValue(reference, 'display');
}

function readConsultant(encounter: At<FhirElement>, resolve: ResolveReference): string | null {
  const participants = elements(encounter, 'participant');
  for (const role of CONSULTANT_ROLES) {
    const participant = participants.find((candidate) => elements(candidate, 'type').some((type) => hasCode(type, role)));
    const individual = participant && element(participant, 'individual');
    if (!individual) continue;
    const practitioner = resolve(individual);
    const name = practitioner && elements(practitioner, 'name')[0];
    const named = name && (textValue(name, 'text') ?? [textValue(name, 'prefix'), textValue(name, 'given'), textValue(name, 'family')].filter(Boolean).join(' '));
    const display = named || textValue(individual, 'display');
    if (display) return display;
  }
  return null;
}
