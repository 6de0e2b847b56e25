/**
 * What the adapters may use of the customers: the checks every reader of a
 * person applies the same way (NHS number, postcode), the namespaces a
 * trust's identifiers are filed under, and the shapes of a person's details
 * the schema defines.
 */
export { parseNhsNumber } from './nhs-number.js';
export { normalisePostcode } from './postcode.js';
export { fhirIdentifierSystem, pasIdentifierSystem } from './identifier-namespaces.js';
export type { CustomerRecord } from './customer.js';
export type { Phone, PhoneUse, Sex } from '../generated/graphql.js';
