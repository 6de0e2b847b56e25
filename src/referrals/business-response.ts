/**
 * A referral that came as a notice expecting an answer (ADW) owes the trust
 * one: when the hub accepts or declines it, and at once for a notice that
 * arrives after the hub has decided (a Discharge Notice for a referral
 * already accepted). The call is written through the outbox in the same
 * transaction as the change that owes it, keyed by referral, notice and
 * decision so each answer is owed once however often the change is made.
 */
import type { NewOutboxCall } from '../outbox/outbox-repository.js';
import type { BusinessResponseRequest } from './discharge-message.js';
import type { ReferralRecord } from './referral.js';

/** The operation of the outbox call that answers a trust's notice. */
export const BUSINESS_RESPONSE = 'BUSINESS_RESPONSE';

export interface BusinessResponsePayload {
  [key: string]: unknown;
  trustOdsCode: string;
  referralId: string;
  spellId: string;
  accepted: boolean;
  reason: string | null;
  notice: BusinessResponseRequest;
}

/** The answer the hub's decision gives the referral's latest notice; null when none is owed. */
export function businessResponseCall(referral: ReferralRecord, accepted: boolean, reason: string | null): NewOutboxCall | null {
  const notice = referral.businessResponseTo;
  if (!notice || !referral.referringTrustOdsCode || !referral.hospitalSpell) return null;
  const payload: BusinessResponsePayload = {
    trustOdsCode: referral.referringTrustOdsCode,
    referralId: referral.id,
    spellId: referral.hospitalSpell.spellId,
    accepted,
    reason,
    notice,
  };
  return {
    destination: `trust:${referral.referringTrustOdsCode}`,
    operation: BUSINESS_RESPONSE,
    // The decision is part of the key: a referral declined, reopened and accepted owes the trust its acceptance too.
    idempotencyKey: `${notice.protocol}:${referral.id}:${notice.noticeMessageId}:${notice.noticeEvent}:${accepted ? 'accepted' : 'declined'}`,
    payload,
  };
}

/** A notice that reaches a referral the hub has already decided is answered with that decision. */
export function answerForDecidedReferral(referral: ReferralRecord): NewOutboxCall | null {
  if (referral.status === 'ACCEPTED') return businessResponseCall(referral, true, 'The hub has accepted this referral.');
  if (referral.status === 'DECLINED') return businessResponseCall(referral, false, 'The hub has declined this referral.');
  return null;
}
