/**
 * FHIR resources as the JSON format has them (https://hl7.org/fhir/R4/json.html),
 * whichever wire format they came in: FHIR XML is read into the same shape, so
 * that one translator serves both.
 */

export type FhirPrimitive = string | number | boolean;
/** `null` only appears in the `_given: [null, {...}]` arrays that carry a repeating primitive's extensions. */
export type FhirValue = FhirPrimitive | null | FhirElement | FhirValue[];

export interface FhirElement {
  [name: string]: FhirValue | undefined;
}

export interface FhirResource extends FhirElement {
  resourceType: string;
}

/** The XML namespace of every FHIR element (https://hl7.org/fhir/R4/xml.html). */
export const FHIR_NAMESPACE = 'http://hl7.org/fhir';

/**
 * Deepest nesting of elements (XML) or of objects and arrays (JSON) taken. A
 * DSTU2 ADW Bundle with a document Bundle inside it is about 20 deep; the bound
 * stops a crafted message from exhausting the stack of whatever walks it.
 */
export const MAX_NESTING_DEPTH = 100;

/** FHIR element names are camelCase letters and digits (JSON adds `_name` for a primitive's extensions). */
export const FHIR_ELEMENT_NAME = /^[a-z][A-Za-z0-9]*$/;
export const FHIR_RESOURCE_TYPE = /^[A-Z][A-Za-z0-9]*$/;

export function isFhirElement(value: FhirValue | undefined): value is FhirElement {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isFhirResource(value: FhirValue | undefined): value is FhirResource {
  return isFhirElement(value) && typeof value.resourceType === 'string';
}

/**
 * Sets an own property even where the name is one `=` would treat specially
 * (`__proto__`): names come from the message, and the parsers check them, but
 * building the result must not depend on that check alone.
 */
export function setOwn(target: FhirElement, name: string, value: FhirValue): void {
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}
