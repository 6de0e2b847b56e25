import type { FhirValue } from '../../../../adapters/hospital-discharge/fhir/fhir-resource.js';

/** Every path to a value in a resource, without array indices: `entry.resource.event.code`. */
export function fieldPaths(value: FhirValue | undefined, prefix = ''): Set<string> {
  const paths = new Set<string>();
  const walk = (node: FhirValue | undefined, path: string): void => {
    if (Array.isArray(node)) node.forEach((item) => walk(item, path));
    else if (typeof node === 'object' && node !== null) {
      for (const [name, child] of Object.entries(node)) walk(child, path === '' ? name : `${path}.${name}`);
    } else if (node !== undefined) paths.add(path);
  };
  walk(value, prefix);
  return paths;
}
