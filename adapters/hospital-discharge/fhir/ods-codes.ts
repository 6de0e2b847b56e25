/**
 * Organisation Data Service codes: how FHIR messages name trusts, sites, GP
 * practices and councils. DSTU2 CareConnect used the `fhir.nhs.net` system
 * before NHS Digital moved identifiers to `fhir.nhs.uk`; both are read.
 */
import type { ResolveReference } from './bundle-references.js';
import { type At, element, elements, textValue } from './element-reading.js';
import type { FhirElement } from './fhir-resource.js';

const ODS_ORGANISATION_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';

const ODS_SYSTEMS: ReadonlySet<string> = new Set([
  ODS_ORGANISATION_SYSTEM,
  'https://fhir.nhs.uk/Id/ods-site-code',
  'http://fhir.nhs.net/Id/ods-organization-code',
  'http://fhir.nhs.net/Id/ods-site-code',
]);

/** MessageHeader endpoints in the NHS addressing form. */
const ODS_ENDPOINT = /^urn:nhs-uk:addressing:ods:([A-Za-z0-9]+)$/;

export function odsEndpoint(odsCode: string): string {
  return `urn:nhs-uk:addressing:ods:${odsCode}`;
}

export function odsCodeOfEndpoint(endpoint: string): string | null {
  return ODS_ENDPOINT.exec(endpoint)?.[1]?.toUpperCase() ?? null;
}

export function odsCodeOfIdentifier(identifier: At<FhirElement>): string | null {
  const system = textValue(identifier, 'system');
  return system !== null && ODS_SYSTEMS.has(system) ? textValue(identifier, 'value') : null;
}

/**
 * The ODS code of the organisation a Reference names: by its logical
 * identifier, or by the ODS identifier of the Organization it points at.
 */
export function odsCodeOfReference(reference: At<FhirElement>, resolve: ResolveReference): string | null {
  const logical = element(reference, 'identifier');
  const direct = logical && odsCodeOfIdentifier(logical);
  if (direct) return direct;
  const organisation = resolve(reference);
  if (organisation?.value.resourceType !== 'Organization') return null;
  return elements(organisation, 'identifier').map(odsCodeOfIdentifier).find((code) => code !== null) ?? null;
}
