/**
 * Onward referrals' port: what a target of an onward referral (a social care
 * record system's team, community health) is asked and answers, in the
 * gateway's words. The targets over the record systems and community health
 * (record-system-target.ts, community-health-target.ts) are thin wrappers
 * over those areas' own ports; a new kind of target implements this.
 */
import { GatewayError } from '../errors.js';

/** Where an onward referral can go: a record system's team, or a community health service. */
export const ONWARD_TARGET_SYSTEMS = ['LAS', 'CAREFIRST', 'COMMUNITY_HEALTH'] as const;
export type OnwardTargetSystem = (typeof ONWARD_TARGET_SYSTEMS)[number];

/** The target's answer, in the gateway's words: it has it, its team has seen it, and took it on or turned it down. */
export type OnwardTargetStatus = 'SENT' | 'ACKNOWLEDGED' | 'ACCEPTED' | 'DECLINED';

export interface OnwardTargetState {
  /** The target's own reference for the referral. */
  reference: string;
  status: OnwardTargetStatus;
  /** The target's words for its status (a decline's reason), where it gives any. */
  reason: string | null;
}

/** One onward referral as a target is sent it. */
export interface OnwardRequest {
  /** The gateway's id: the idempotency key on the wire (the same id twice is one referral there). */
  onwardReferralId: string;
  /** The hub referral it comes from. */
  referralId: string;
  /** Who the person is there: the record system's id for a record system, the NHS number for community health. */
  personRef: string;
  /** The team's code at a record system, or the community service (DISTRICT_NURSING, COMMUNITY_THERAPY, OTHER). */
  destination: string;
  /** The service asked for, in words ("Carers' support"). */
  serviceName: string;
  reason: string;
  details: string | null;
  /** Who at the hub made it, for the target to call back. */
  requestedBy: string;
  /** ISO 8601 instant. */
  requestedAt: string;
}

export interface OnwardTarget {
  readonly system: OnwardTargetSystem;
  /** Makes the referral there (or finds it again, by its id); where it stands. */
  send(request: OnwardRequest, signal?: AbortSignal): Promise<OnwardTargetState>;
  /** Where the referral with this reference stands now. */
  statusOf(reference: string, signal?: AbortSignal): Promise<OnwardTargetState>;
}

/**
 * The target refused the referral for good (unknown person, invalid
 * request): retrying will not help. The message is the target area's own,
 * which names the system and operation and never the person.
 */
export class OnwardTargetRefusalError extends GatewayError {
  readonly code = 'ONWARD_TARGET_REFUSED';
  constructor(system: OnwardTargetSystem, message: string) {
    super(message, { system });
  }
}
