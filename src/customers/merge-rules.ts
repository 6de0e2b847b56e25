/**
 * Whether a trust's merge (HL7 A40) may be made at once (pure). A trust
 * speaks for its own identifiers only: it may say two of its records are one
 * person, and move what is wholly its own. Anything wider (an NHS number,
 * another trust's or a record system's link, another's referral, the hub's
 * equipment, or a person whose demographics the trust does not own) is not
 * one trust's to move, and waits for a coordinator. The reasons are all
 * given, so the coordinator sees everything at stake.
 */
import type { MergeHoldReason } from '../generated/graphql.js';
import type { PersonIdentifier } from '../referrals/discharge-message.js';
import type { CustomerIdentityRecord, CustomerRecord } from './customer.js';
import { isTrustsOwnSystem } from './identifier-namespaces.js';

export interface MergeFacts {
  sender: string;
  /** What the message named as merged away, all naming this customer. */
  identifiers: readonly PersonIdentifier[];
  /** The survivor was found by a link that itself waits for review. */
  survivorNeedsReview: boolean;
  mergedAway: CustomerRecord;
  identities: readonly Pick<CustomerIdentityRecord, 'system'>[];
  referrals: readonly { referringTrustOdsCode: string | null }[];
  equipmentOrders: number;
}

/** Why the merge must wait for a coordinator; none: it may be made now. */
export function mergeHoldReasons(facts: MergeFacts): MergeHoldReason[] {
  const { sender } = facts;
  const own = (system: string) => isTrustsOwnSystem(system, sender);
  const reasons: [MergeHoldReason, boolean][] = [
    ['NHS_NUMBER', facts.identifiers.some(({ system }) => system === 'NHS')],
    ['NOT_THE_SENDERS_IDENTIFIER', facts.identifiers.some(({ system }) => system !== 'NHS' && !own(system))],
    ['HOLDS_NHS_NUMBER', facts.mergedAway.nhsNumber !== null],
    ['OTHER_LINKS', facts.identities.some(({ system }) => !own(system))],
    ['OTHER_REFERRALS', facts.referrals.some((referral) => referral.referringTrustOdsCode !== sender)],
    ['HUB_RECORDS', facts.equipmentOrders > 0],
    ['CONFIRMED_PERSON', facts.mergedAway.demographicsTrust !== sender],
    ['SURVIVOR_UNCONFIRMED', facts.survivorNeedsReview],
  ];
  return reasons.flatMap(([reason, holds]) => (holds ? [reason] : []));
}
