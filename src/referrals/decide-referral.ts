import { recordChange, type ChangeMaker } from '../audit/audit-log.js';
import { NotFoundError } from '../errors.js';
import { businessResponseCall } from './business-response.js';
import type { ReferralRecord } from './referral.js';
import { ReferralRepository } from './referral-repository.js';
import { applyReferralCommand, type ReferralCommand } from './referral-state-machine.js';
import { OutboxRepository } from '../outbox/outbox-repository.js';

/**
 * Applies a hub decision to a referral: lock it, run the state machine, store
 * the new state, its history event and the audit row, all in one transaction,
 * so a decision is either wholly recorded or not at all.
 */
export async function decideReferral(
  by: ChangeMaker,
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
    const answer =
      command.kind === 'accept'
        ? businessResponseCall(referral, true, command.note)
        : command.kind === 'decline'
          ? businessResponseCall(referral, false, command.reason)
          : null;
    if (answer) await new OutboxRepository(tx).enqueue(answer, by.at);
    await recordChange(tx, by, [referral.customerId]);
    return referral;
  });
}
