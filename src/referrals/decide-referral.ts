import { AuditLog } from '../audit/audit-log.js';
import type { Viewer } from '../auth/viewer.js';
import { NotFoundError } from '../errors.js';
import type { Database } from '../store/database.js';
import type { BusinessResponseRequest } from './discharge-message.js';
import type { ReferralRecord } from './referral.js';
import { ReferralRepository } from './referral-repository.js';
import { applyReferralCommand, type ReferralCommand } from './referral-state-machine.js';
import { OutboxRepository, type NewOutboxCall } from '../outbox/outbox-repository.js';

/** The operation of the outbox call that answers a trust's notice (ADW business response). */
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

/**
 * A referral that came as a notice expecting an answer (ADW) owes the trust
 * one when the hub accepts or declines it. The call is written in the
 * decision's transaction, keyed so a repeated decision owes it once.
 */
function businessResponseOwed(referral: ReferralRecord, command: ReferralCommand): NewOutboxCall | null {
  const notice = referral.businessResponseTo;
  if (!notice || !referral.referringTrustOdsCode || !referral.hospitalSpell) return null;
  if (command.kind !== 'accept' && command.kind !== 'decline') return null;
  const payload: BusinessResponsePayload = {
    trustOdsCode: referral.referringTrustOdsCode,
    referralId: referral.id,
    spellId: referral.hospitalSpell.spellId,
    accepted: command.kind === 'accept',
    reason: command.kind === 'accept' ? command.note : command.reason,
    notice,
  };
  return {
    destination: `trust:${referral.referringTrustOdsCode}`,
    operation: BUSINESS_RESPONSE,
    idempotencyKey: `${notice.protocol}:${referral.id}:${notice.noticeMessageId}:${notice.noticeEvent}`,
    payload,
  };
}

export interface DecisionMaker {
  db: Database;
  viewer: Viewer;
  requestId: string;
  operation: string;
  at: Date;
}

/**
 * Applies a hub decision to a referral: lock it, run the state machine, store
 * the new state, its history event and the audit row, all in one transaction,
 * so a decision is either wholly recorded or not at all.
 */
export async function decideReferral(
  by: DecisionMaker,
  referralId: string,
  command: ReferralCommand,
): Promise<ReferralRecord> {
  return by.db.transaction(async (tx) => {
    const referrals = new ReferralRepository(tx);
    const current = await referrals.lockById(referralId);
    if (!current) throw new NotFoundError('Referral', referralId);
    const actor = { subject: by.viewer.subject, name: by.viewer.name, role: by.viewer.role };
    const { referral, event } = applyReferralCommand(current, command, actor, by.at);
    await referrals.update(referral);
    await referrals.appendEvent(event);
    const answer = businessResponseOwed(referral, command);
    if (answer) await new OutboxRepository(tx).enqueue(answer, by.at);
    await new AuditLog(tx).record({
      at: by.at,
      requestId: by.requestId,
      viewer: by.viewer,
      operation: by.operation,
      action: 'CHANGE',
      customerIds: [referral.customerId],
    });
    return referral;
  });
}
