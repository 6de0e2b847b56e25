import type { ActorRecord } from '../auth/viewer.js';
import type { Connection } from '../store/pagination.js';
import type { BusinessResponseRequest, PersonDetails, PersonIdentifier } from './discharge-message.js';
import type {
  DateRange,
  DischargePathway,
  Referral,
  ReferralPriority,
  ReferralEvent,
  ReferralStatus,
  Referrer,
  Risks,
  TriageDecision,
} from '../generated/graphql.js';

/**
 * A referral as the gateway stores it: the schema's Referral with the fields
 * that need a lookup (customer, trust, history) as ids.
 */
/** Every referral status, in the order a referral usually passes through them. */
export const REFERRAL_STATUSES: readonly ReferralStatus[] = ['RECEIVED', 'TRIAGED', 'ACCEPTED', 'DECLINED', 'WITHDRAWN', 'CLOSED'];

export type ReferralRecord = Omit<
  Referral,
  '__typename' | 'customer' | 'referringTrust' | 'triage' | 'history' | 'referredPerson' | 'careRecordReferences' | 'risks' | 'personDied' | 'referrer' | 'notes' | 'tasks' | 'onwardReferrals'
> & {
  customerId: string;
  risks: Risks;
  referringTrustOdsCode: string | null;
  /** Who referred, where it was not a hospital. */
  referrer: ReferrerRecord | null;
  triage: TriageRecord | null;
  referredPerson: PersonDetails | null;
  /** The identity link the person came through; a link separated on review takes its referrals along. */
  identityLink: PersonIdentifier | null;
  /** The notice a hub decision must answer, for referrals that came as ADW notices. */
  businessResponseTo: BusinessResponseRequest | null;
};

export type ReferrerRecord = Omit<Referrer, '__typename'>;

export type TriageRecord = Omit<TriageDecision, '__typename' | 'decidedBy'> & { decidedBy: ActorRecord };

/** One step of a referral's history. */
export type ReferralEventRecord = Omit<ReferralEvent, '__typename' | 'by'> & { referralId: string; by: ActorRecord };

export type ReferralConnectionRecord = Connection<ReferralRecord>;

export interface ReferralListFilter {
  statuses?: readonly ReferralStatus[] | null;
  pathways?: readonly DischargePathway[] | null;
  trustOdsCode?: string | null;
  receivedSince?: Date | null;
  receivedBefore?: Date | null;
  customerId?: string | null;
  ward?: string | null;
  priorities?: readonly ReferralPriority[] | null;
  assignedTeam?: string | null;
  assignedWorker?: string | null;
  updatedSince?: Date | null;
  expectedDischargeOn?: DateRange | null;
  dischargeReadyOn?: DateRange | null;
  search?: ReferralSearch | null;
}

/**
 * Search text (name words or an NHS number, as readSearchText gave it) and
 * whose view of the person it searches: the council's record (hub staff), or
 * the person as the referring trust sent them (its own hospital team, who
 * must not find people by what only the council knows of them).
 */
export interface ReferralSearch {
  text: string;
  of: 'CUSTOMER' | 'AS_SENT';
}

export interface HubBoardRecord {
  counts: { status: ReferralStatus; pathway: DischargePathway | null; count: number }[];
}
