/** CodeableConcept and Coding values as the port keeps them: `code: display`, the way PV1-36/37 are kept. */
import { type At, element, elements, textValue } from './element-reading.js';
import type { FhirElement } from './fhir-resource.js';

/** `19: Usual place of residence`, the code alone, or the concept's text; null where it says nothing. */
export function describeConcept(concept: At<FhirElement>): string | null {
  for (const coding of elements(concept, 'coding')) {
    const described = describeCoding(coding);
    if (described !== null) return described;
  }
  return textValue(concept, 'text');
}

function describeCoding(coding: At<FhirElement>): string | null {
  const code = textValue(coding, 'code');
  const display = textValue(coding, 'display');
  if (code === null) return display;
  return display === null ? code : `${code}: ${display}`;
}

export function hasCode(concept: At<FhirElement>, code: string): boolean {
  return elements(concept, 'coding').some((coding) => textValue(coding, 'code') === code);
}

/** The value of the extension with this URL (`valueCodeableConcept`), if the element has it. */
export function extensionConcept(parent: At<FhirElement>, url: string): At<FhirElement> | undefined {
  const extension = elements(parent, 'extension').find((candidate) => textValue(candidate, 'url') === url);
  return extension && element(extension, 'valueCodeableConcept');
}
