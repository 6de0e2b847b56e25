/**
 * What the hospital-feed adapters may use of the referrals: the discharge
 * message they translate every feed into (discharge-message.ts is that
 * contract), the warnings a reading carries back to its sender, and the
 * business response they send when the hub decides.
 */
export * from './discharge-message.js';
export { readingWarnings } from './person-warnings.js';
export { BUSINESS_RESPONSE, type BusinessResponsePayload } from './business-response.js';
export type { DischargePathway } from '../generated/graphql.js';
