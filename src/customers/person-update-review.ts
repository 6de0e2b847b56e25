import type { PersonDetails } from '../referrals/discharge-message.js';

/**
 * A trust's person that differs from demographics the trust does not own,
 * waiting for a coordinator to accept field by field or dismiss.
 */
export interface PersonUpdateReviewRecord {
  id: string;
  customerId: string;
  sender: string;
  sentPerson: PersonDetails;
  raisedAt: Date;
  updatedAt: Date;
}

/** What a batch of messages offers the hub: the latest person per customer and sender. */
export interface PersonUpdateOffer {
  customerId: string;
  sender: string;
  person: PersonDetails;
  /** The inbox message that said it. */
  messageId: string | null;
}

/** Keys offers and reviews by customer and sender: one open review each. */
export function reviewKey(customerId: string, sender: string): string {
  return `${customerId}\u0000${sender}`;
}
