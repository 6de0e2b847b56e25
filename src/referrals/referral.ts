import type { ActorRecord } from '../auth/viewer.js';
import type { Connection } from '../store/pagination.js';
import type { BusinessResponseRequest, PersonDetails, PersonIdentifier } from './discharge-message.js';
import type {
  DischargePathway,
  Referral,
  ReferralEvent,
  ReferralStatus,
  Risks,
  TriageDecision,
} from '../generated/graphql.js';

/**
 * A referral as the gateway stores it: the schema's Referral with the fields
 * that need a lookup (customer, trust, history) as ids.
 */
export type ReferralRecord = Omit<
  Referral,
  '__typename' | 'customer' | 'referringTrust' | 'triage' | 'history' | 'referredPerson' | 'careRecordReferences' | 'risks' | 'personDied'
> & {
  customerId: string;
  risks: Risks;
  referringTrustOdsCode: string | null;
  triage: TriageRecord | null;
  referredPerson: PersonDetails | null;
  /** The identity link the person came through; a link separated on review takes its referrals along. */
  identityLink: PersonIdentifier | null;
  /** The notice a hub decision must answer, for referrals that came as ADW notices. */
  businessResponseTo: BusinessResponseRequest | null;
};

export type TriageRecord = Omit<TriageDecision, '__typename' | 'decidedBy'> & { decidedBy: ActorRecord };

/** One step of a referral's history. */
export type ReferralEventRecord = Omit<ReferralEvent, '__typename' | 'by'> & { referralId: string; by: ActorRecord };

export type ReferralConnectionRecord = Connection<ReferralRecord>;

export interface ReferralListFilter {
  statuses?: readonly ReferralStatus[] | null;
  pathways?: readonly DischargePathway[] | null;
  trustOdsCode?: string | null;
  receivedSince?: Date | null;
  customerId?: string | null;
}

export interface HubBoardRecord {
  counts: { status: ReferralStatus; pathway: DischargePathway | null; count: number }[];
}
