/**
 * Whose an identifier is. Every identifier a trust's messages carry lives in
 * that trust's own namespace (its PAS numbers `PAS:<trust>[:<authority>]`,
 * its spells `SPELL:<trust>`, its FHIR identifiers `FHIR:<trust>:<system>`),
 * so that no trust can name, link through or merge another's identifiers.
 * NHS numbers are nobody's to merge; record systems' ids (`LAS`,
 * `CAREFIRST`) are the council's.
 */

/** The prefixes of the systems a trust's messages may use. */
function ownPrefixes(trustOdsCode: string): string[] {
  return [`PAS:${trustOdsCode}`, `SPELL:${trustOdsCode}`, `FHIR:${trustOdsCode}`];
}

/** Whether identifiers of this system are the trust's own. */
export function isTrustsOwnSystem(system: string, trustOdsCode: string): boolean {
  return ownPrefixes(trustOdsCode).some((prefix) => system === prefix || system.startsWith(`${prefix}:`));
}

/** The system of a trust's FHIR identifiers of a given identifier system (a URI). */
export function fhirIdentifierSystem(trustOdsCode: string, system: string): string {
  return `FHIR:${trustOdsCode}:${system}`;
}

/** The system of a trust's PAS (hospital) numbers, under the assigning authority where it names one. */
export function pasIdentifierSystem(trustOdsCode: string, assigningAuthority: string): string {
  return `PAS:${trustOdsCode}${assigningAuthority ? `:${assigningAuthority}` : ''}`;
}

/** The system keying a person by the spell they came with, when the trust sent no number for them. */
export function spellIdentifierSystem(trustOdsCode: string): string {
  return `SPELL:${trustOdsCode}`;
}
