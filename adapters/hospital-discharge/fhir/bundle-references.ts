/**
 * References between the resources of one Bundle
 * (https://hl7.org/fhir/R4/bundle.html#references): a `reference` names an
 * entry by its fullUrl (`urn:uuid:...`, as ADW does) or as `Type/id`
 * (`Patient/123`, as UK Core examples do), possibly as an absolute URL
 * ending in `Type/id`. Contained (`#id`) and outside references are not
 * followed: what they point at is not in the message.
 */
import { type At, asResource, elements, text } from './element-reading.js';
import type { FhirElement, FhirResource } from './fhir-resource.js';

/** The resource a Reference element points at within the message, if it is there. */
export type ResolveReference = (reference: At<FhirElement>) => At<FhirResource> | undefined;

/** For a resource read on its own: nothing to point at. */
export const resolveNothing: ResolveReference = () => undefined;

export interface BundleEntries {
  /** Each entry's resource, with its FHIRPath (`Bundle.entry[2].resource`). */
  resources: At<FhirResource>[];
  resolve: ResolveReference;
}

export function readBundleEntries(bundle: At<FhirElement>): BundleEntries {
  const byKey = new Map<string, At<FhirResource>>();
  const resources: At<FhirResource>[] = [];
  for (const entry of elements(bundle, 'entry')) {
    const held = elements(entry, 'resource')[0];
    const resource = held && asResource(held);
    if (!resource) continue;
    resources.push(resource);
    const fullUrl = text(entry, 'fullUrl')?.value;
    if (fullUrl !== undefined && !byKey.has(fullUrl)) byKey.set(fullUrl, resource);
    const id = text(resource, 'id')?.value;
    const typeAndId = id === undefined ? undefined : `${resource.value.resourceType}/${id}`;
    if (typeAndId !== undefined && !byKey.has(typeAndId)) byKey.set(typeAndId, resource);
  }
  const resolve: ResolveReference = (reference) => {
    const target = text(reference, 'reference')?.value;
    if (target === undefined) return undefined;
    return byKey.get(target) ?? byKey.get(/[A-Z][A-Za-z]+\/[^/]+$/.exec(target)?.[0] ?? '');
  };
  return { resources, resolve };
}
