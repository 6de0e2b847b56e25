import type { Connection } from '../store/pagination.js';
import type {
  Actor,
  DischargePathway,
  ReferralAction,
  ReferralPriority,
  ReferralSource,
  ReferralStatus,
  RiskFlag,
} from '../generated/graphql.js';

/** A referral as the gateway stores it; GraphQL fields that need a lookup resolve from the ids. */
export interface ReferralRecord {
  id: string;
  customerId: string;
  source: ReferralSource;
  referringTrustOdsCode: string | null;
  ward: string | null;
  admittedAt: Date | null;
  expectedDischargeOn: string | null;
  dischargeReadyOn: string | null;
  dischargedAt: Date | null;
  pathway: DischargePathway | null;
  status: ReferralStatus;
  priority: ReferralPriority | null;
  needsSummary: string | null;
  risks: { flags: RiskFlag[]; notes: string | null };
  assignedTeam: string | null;
  assignedWorker: string | null;
  triage: TriageRecord | null;
  receivedAt: Date;
  updatedAt: Date;
}

export interface TriageRecord {
  pathway: DischargePathway;
  priority: ReferralPriority;
  reason: string;
  decidedBy: Actor;
  decidedAt: Date;
}

/** One step of a referral's history. */
export interface ReferralEventRecord {
  referralId: string;
  action: ReferralAction;
  fromStatus: ReferralStatus | null;
  toStatus: ReferralStatus;
  at: Date;
  by: Actor;
  reason: string | null;
}

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
