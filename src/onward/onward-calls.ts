/**
 * The call an onward referral owes its target, through the outbox (exactly
 * once: its id is the idempotency key on the wire; retried with backoff
 * behind the destination's breaker; visible to ADMIN as any outbox call),
 * and the answer applied to the onward referral.
 */
import type { NewOutboxCall } from '../outbox/outbox-repository.js';
import { PermanentSendError, type OutboxSender } from '../outbox/ports.js';
import type { Database } from '../store/database.js';
import type { OnwardReferralRecord } from './onward-referral.js';
import { OnwardReferralRepository } from './onward-referral-repository.js';
import { OnwardTargetRefusalError, type OnwardRequest, type OnwardTarget } from './ports.js';

export const SEND_ONWARD_REFERRAL = 'SEND_ONWARD_REFERRAL';

/** Only the id travels in the row: what is sent is read from the onward referral when it is sent. */
export function sendOnwardCall(onward: OnwardReferralRecord): NewOutboxCall {
  return { destination: onward.targetSystem, operation: SEND_ONWARD_REFERRAL, idempotencyKey: `onward:${onward.id}`, payload: { onwardReferralId: onward.id } };
}

export function requestOf(onward: OnwardReferralRecord): OnwardRequest {
  const by = onward.madeBy.name ?? onward.madeBy.role;
  return {
    onwardReferralId: onward.id,
    referralId: onward.referralId,
    personRef: onward.personRef,
    destination: onward.destination,
    serviceName: onward.serviceName,
    reason: onward.reason ?? `Referral for ${onward.serviceName}`,
    details: onward.details,
    requestedBy: `${by}, Locality Hub`,
    requestedAt: onward.madeAt.toISOString(),
  };
}

export function onwardSenders(db: Database, targets: readonly OnwardTarget[]): Record<string, OutboxSender> {
  return {
    [SEND_ONWARD_REFERRAL]: async (call, signal) => {
      const { onwardReferralId } = call.payload as { onwardReferralId: string };
      const onward = await new OnwardReferralRepository(db).findById(onwardReferralId);
      if (!onward) throw new PermanentSendError(`onward referral ${onwardReferralId} is not in the store`);
      const target = targets.find((candidate) => candidate.system === onward.targetSystem);
      if (!target) throw new PermanentSendError(`no ${onward.targetSystem} target is wired in`);
      try {
        const answer = await target.send(requestOf(onward), signal);
        await db.transaction((tx) => new OnwardReferralRepository(tx).applyTargetAnswer(onward.id, answer, new Date()));
      } catch (error) {
        if (!(error instanceof OnwardTargetRefusalError)) throw error;
        // Refused for good: the hub sees it on the onward referral, an operator the DEAD call with its error.
        await db.transaction((tx) => new OnwardReferralRepository(tx).applyTargetAnswer(onward.id, { status: 'REFUSED', reference: null, reason: error.message }, new Date()));
        throw new PermanentSendError(error.message);
      }
    },
  };
}
