/**
 * An onward referral as the gateway keeps it, and the pure rules of making
 * one: which hub referrals may have one, and what a kind needs.
 */
import type { ActorRecord } from '../auth/viewer.js';
import { BadInputError, GatewayError } from '../errors.js';
import type { ReferralStatus } from '../generated/graphql.js';
import type { OnwardService } from './onward-services.js';
import type { OnwardTargetStatus, OnwardTargetSystem } from './ports.js';

/**
 * REQUESTED: owed to the target (an outbox call), not yet taken; REFUSED:
 * the target refused it for good (see the outbox call's error); the rest
 * are the target's own answers.
 */
export type OnwardReferralStatus = 'REQUESTED' | OnwardTargetStatus | 'REFUSED';

export interface OnwardReferralRecord {
  id: string;
  referralId: string;
  /** The person's, through the referral. */
  customerId: string;
  kind: string;
  serviceName: string;
  targetSystem: OnwardTargetSystem;
  destination: string;
  personRef: string;
  reason: string | null;
  details: string | null;
  status: OnwardReferralStatus;
  targetReference: string | null;
  statusReason: string | null;
  madeBy: ActorRecord;
  madeAt: Date;
  updatedAt: Date;
}

export interface OnwardReferralEventRecord {
  onwardReferralId: string;
  status: OnwardReferralStatus;
  reason: string | null;
  at: Date;
}

/** Statuses the target may still move on from: the poller asks about these. */
export const UNSETTLED: readonly OnwardReferralStatus[] = ['SENT', 'ACKNOWLEDGED'];

/**
 * Only an ACCEPTED referral: the hub has taken the case on (RECEIVED and
 * TRIAGED are still being decided, and may yet be declined), and is working
 * it; DECLINED, WITHDRAWN and CLOSED are finished. The record system has been
 * told of the case (its contact) by then too.
 */
export const ONWARD_FROM: readonly ReferralStatus[] = ['ACCEPTED'];

/** An onward referral this referral or person cannot have (the referral's status, no link to the target, no target wired). */
export class OnwardReferralNotAllowedError extends GatewayError {
  readonly code = 'ONWARD_REFERRAL_NOT_ALLOWED';
  constructor(referralId: string, message: string, details: Record<string, unknown> = {}) {
    super(`Cannot make an onward referral from referral ${referralId}: ${message}`, { referralId, ...details });
  }
}

/** A kind no configured onward service has. */
export class OnwardKindUnknownError extends GatewayError {
  readonly code = 'ONWARD_KIND_UNKNOWN';
  constructor(kind: string, known: readonly string[]) {
    super(`input.kind: ${JSON.stringify(kind)} is not a kind of onward referral here; the kinds are ${known.join(', ')}`, { argument: 'input.kind', kinds: known });
  }
}

export function serviceOfKind(services: readonly OnwardService[], kind: string): OnwardService {
  const wanted = kind.trim().toUpperCase();
  const service = services.find((candidate) => candidate.kind === wanted);
  if (!service) throw new OnwardKindUnknownError(kind, services.map((candidate) => candidate.kind));
  return service;
}

/** The kind's required fields, each given: the first missing one named. */
export function checkRequiredFields(service: OnwardService, given: { reason: string | null; details: string | null }): void {
  for (const field of service.requires) {
    if (given[field] === null) throw new BadInputError(`input.${field}`, `is required for ${service.kind} (${service.name})`);
  }
}

export function checkReferralStatus(referralId: string, status: ReferralStatus): void {
  if (!ONWARD_FROM.includes(status)) {
    throw new OnwardReferralNotAllowedError(referralId, `it is ${status}; onward referrals are made only from ${ONWARD_FROM.join(' or ')} referrals`, { status });
  }
}
