import type { IdentityReviewKind, MergeHoldReason } from '../generated/graphql.js';
import type { PersonDetails } from '../referrals/discharge-message.js';
import type { DeathContradiction } from './deaths.js';
import type { ReviewBasis } from './identity-matching.js';

/**
 * A decision about who is who waiting for a coordinator: a link made
 * without proof (LINK), or a trust's merge that reaches beyond its own
 * identifiers (MERGE), which has moved nothing, or a death a trust reported
 * and then contradicted (DEATH), which stays recorded meanwhile.
 */
export interface IdentityReviewRecord {
  id: string;
  kind: IdentityReviewKind;
  /** LINK: the link; MERGE: the identifier the sender says was merged away; DEATH: the one its report came through. */
  system: string;
  localId: string;
  sender: string | null;
  /** LINK: where the link points; MERGE: the survivor. */
  customerId: string;
  /** MERGE: whose links and referrals would move. */
  mergeFromCustomerId: string | null;
  /** LINK: why the link is no proof; DEATH: what contradicts the death. */
  basis: ReviewBasis | DeathContradiction | null;
  heldBecause: MergeHoldReason[];
  sentPerson: PersonDetails | null;
  raisedAt: Date;
}
