/**
 * FHIR Address and ContactPoint elements as the port keeps them, for the
 * Patient and its contacts (Patient.contact) alike.
 */
import { normalisePostcode, type Phone, type PhoneUse } from '../../../src/customers/ports.js';
import type { PersonDetails } from '../../../src/referrals/ports.js';
import { type At, elements, texts, textValue } from './element-reading.js';
import type { FhirElement } from './fhir-resource.js';

const PHONE_USE: Readonly<Record<string, PhoneUse>> = { mobile: 'MOBILE', home: 'HOME', work: 'WORK' };

const ADDRESS_PREFERENCE = ['home', undefined];
/** Names, addresses and numbers marked `old` are never the current ones. */
const NEVER_CURRENT = new Set(['old']);

/** The element's home address, else its first not marked old; null where it has none. */
export function readAddress(parent: At<FhirElement>): PersonDetails['address'] {
  const address = preferred(elements(parent, 'address'), ADDRESS_PREFERENCE);
  if (!address) return null;
  const postalCode = textValue(address, 'postalCode');
  return {
    lines: texts(address, 'line').map((line) => line.value),
    town: textValue(address, 'city'),
    // A postcode that is not a UK one (an address abroad) is not one the hub can use.
    postcode: postalCode === null ? null : normalisePostcode(postalCode),
  };
}

/** The element's phone numbers (telecom with system `phone`), old ones left out. */
export function readPhones(parent: At<FhirElement>): Phone[] {
  return elements(parent, 'telecom').flatMap((telecom) => {
    const number = textValue(telecom, 'value');
    const use = textValue(telecom, 'use');
    if (textValue(telecom, 'system') !== 'phone' || number === null || (use !== null && NEVER_CURRENT.has(use))) return [];
    return [{ number, use: (use !== null ? PHONE_USE[use] : undefined) ?? 'OTHER' }];
  });
}

/** The first element whose `use` comes earliest in `order`, else the first not marked old. */
export function preferred(candidates: At<FhirElement>[], order: readonly (string | undefined)[]): At<FhirElement> | undefined {
  const current = candidates.filter((candidate) => !NEVER_CURRENT.has(textValue(candidate, 'use') ?? ''));
  for (const use of order) {
    const found = current.find((candidate) => (textValue(candidate, 'use') ?? undefined) === use);
    if (found) return found;
  }
  return current[0];
}
