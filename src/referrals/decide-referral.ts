import { recordChange, type ChangeMaker } from '../audit/audit-log.js';
import { NotFoundError } from '../errors.js';
import { businessResponseCall } from './business-response.js';
import type { ReferralRecord } from './referral.js';
import { ReferralRepository } from './referral-repository.js';
import { applyReferralCommand, type ReferralCommand } from './referral-state-machine.js';
import { OutboxRepository } from '../outbox/outbox-repository.js';
import { oweCareRecordContacts } from '../care-records/care-record-contacts.js';
import type { RecordSystemCode } from '../care-records/ports.js';
import { CustomerRepository } from '../customers/customer-repository.js';
import { actorOf } from '../auth/viewer.js';

/**
 * Applies a hub decision to a referral: lock it, run the state machine, store
 * the new state, its history event, the audit row and the calls it owes (the
 * trust's business response, the contact on the person's social care record),
 * all in one transaction, so a decision is either wholly recorded or not at all.
 */
export async function decideReferral(
  by: ChangeMaker,
  referralId: string,
  command: ReferralCommand,
  recordSystems: readonly RecordSystemCode[],
): Promise<ReferralRecord> {
  return by.db.transaction(async (tx) => {
    const referrals = new ReferralRepository(tx);
    const current = await referrals.lockById(referralId);
    if (!current) throw new NotFoundError('Referral', referralId);
    // A reopen is judged by how long the referral has been declined or closed.
    const since = command.kind === 'reopen' ? await referrals.statusSince(current) : null;
    const { referral, event } = applyReferralCommand(current, command, actorOf(by.viewer), by.at, since);
    await referrals.saveStep(referral, event);
    const answer =
      command.kind === 'accept'
        ? businessResponseCall(referral, true, command.note)
        : command.kind === 'decline'
          ? businessResponseCall(referral, false, command.reason)
          : null;
    const outbox = new OutboxRepository(tx);
    if (answer) await outbox.enqueue(answer, by.at);
    if (command.kind === 'accept') {
      // The person's social care record hears of it too, in each system they are linked to.
      const identities = await new CustomerRepository(tx).identitiesOf([referral.customerId]);
      for (const call of await oweCareRecordContacts(tx, referral, identities, recordSystems, by.at)) await outbox.enqueue(call, by.at);
    }
    await recordChange(tx, by, [referral.customerId]);
    return referral;
  });
}
