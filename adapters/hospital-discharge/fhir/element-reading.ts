/**
 * Reading a FHIR resource element by element while keeping the FHIRPath of
 * each (`Bundle.entry[3].resource.identifier[0].value`), so that every
 * problem found names where it is. An element FHIR allows to repeat may come
 * as one value or as an array (DSTU2 and R4 differ, see
 * `repeating-elements.ts`); `elements` and `texts` take either.
 */
import { FeedMessageError, type Hl7ErrorCode } from '../../../src/inbox/ports.js';
import { type FhirElement, type FhirResource, type FhirValue, isFhirElement } from './fhir-resource.js';

/** A value and the FHIRPath it was read from. */
export interface At<T> {
  readonly value: T;
  readonly path: string;
}

/** Understood as a message, but a field is wrong or missing: kept as FAILED for replay after a fix. */
export function failAt(path: string, reason: string): never {
  throw new FeedMessageError('FAIL', { path }, reason);
}

/** A text that keys the hub's lookups (an identifier, a name), refused where it is longer than the gateway keeps. */
export function keyText(at: At<string>, maxLength: number, what: string): string {
  if (at.value.length > maxLength) failAt(at.path, `${what} is ${at.value.length} characters, over the ${maxLength} the gateway keeps`);
  return at.value;
}

/** Can never be applied as sent (not a message, unsupported event). */
export function refuseAt(path: string, reason: string, hl7ErrorCode?: Hl7ErrorCode): never {
  throw new FeedMessageError('REFUSE', { path }, reason, hl7ErrorCode);
}

function each(parent: At<FhirElement>, name: string): At<FhirValue>[] {
  const value = parent.value[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return [{ value, path: `${parent.path}.${name}` }];
  return value.flatMap((item, index) => (item === null ? [] : [{ value: item, path: `${parent.path}.${name}[${index}]` }]));
}

export function elements(parent: At<FhirElement>, name: string): At<FhirElement>[] {
  return each(parent, name).map((item) => {
    if (!isFhirElement(item.value)) failAt(item.path, 'expected an element with child elements, not a value');
    return { value: item.value, path: item.path };
  });
}

/** The element, or the first where several were sent. */
export function element(parent: At<FhirElement>, name: string): At<FhirElement> | undefined {
  return elements(parent, name)[0];
}

/** Text values; FHIR has no empty strings, so an empty one counts as not sent. */
export function texts(parent: At<FhirElement>, name: string): At<string>[] {
  return each(parent, name).flatMap((item) => {
    if (typeof item.value !== 'string') failAt(item.path, 'expected a text value');
    const trimmed = item.value.trim();
    return trimmed === '' ? [] : [{ value: trimmed, path: item.path }];
  });
}

export function text(parent: At<FhirElement>, name: string): At<string> | undefined {
  return texts(parent, name)[0];
}

export function textValue(parent: At<FhirElement>, name: string): string | null {
  return text(parent, name)?.value ?? null;
}

/** Several text values as one, space-separated (given names, a name's parts); null where there are none. */
export function joinedTexts(parts: readonly At<string>[]): string | null {
  return parts.length === 0 ? null : parts.map((part) => part.value).join(' ');
}

export function asResource(at: At<FhirElement>): At<FhirResource> | undefined {
  return typeof at.value.resourceType === 'string' ? (at as At<FhirResource>) : undefined;
}

/** The resource must be of this type, or the message is not what it claims. */
export function requireType(resource: At<FhirResource>, resourceType: string): At<FhirResource> {
  if (resource.value.resourceType !== resourceType) {
    failAt(resource.path, `expected a ${resourceType} here, not a ${resource.value.resourceType}`);
  }
  return resource;
}
