import type { PersonDetails } from '../referrals/discharge-message.js';
import type { CustomerIdentityRecord } from './customer.js';
import type { ReviewBasis } from './identity-matching.js';

/** A link waiting for a person to confirm or separate it. */
export interface IdentityReviewRecord {
  identity: CustomerIdentityRecord;
  basis: ReviewBasis | null;
  sentPerson: PersonDetails | null;
}
