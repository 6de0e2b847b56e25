/**
 * Two customer records found to be one person: everything the gateway
 * holds of the one merged away moves onto the survivor, each referral with a
 * history step; the emptied record stays, for the audit trail. Who may make
 * a merge, and when, is decided before this is called: a trust's merge of its
 * own identifiers (discharge intake), or a coordinator's confirmation of a
 * merge held for review.
 */
import type { HospitalEvent } from '../generated/graphql.js';
import type { ActorRecord } from '../auth/viewer.js';
import { EquipmentOrderRepository } from '../equipment/equipment-order-repository.js';
import { ReferralRepository } from '../referrals/referral-repository.js';
import type { SqlExecutor } from '../store/database.js';
import { CustomerRepository } from './customer-repository.js';
import { IdentityReviewRepository } from './identity-review-repository.js';
import { PersonUpdateReviewRepository } from './person-update-review-repository.js';

export interface MergeStep {
  by: ActorRecord;
  at: Date;
  reason: string;
  /** For a merge a feed message made: the message and what the hospital said. */
  hospitalEvent: HospitalEvent | null;
  inboxMessageId: string | null;
}

/** Moves links, referrals, equipment orders and reviews of `from` onto `into`; returns the referrals moved. */
export async function moveCustomerRecords(tx: SqlExecutor, from: string, into: string, step: MergeStep): Promise<number> {
  await new CustomerRepository(tx).moveIdentities(from, into);
  await new EquipmentOrderRepository(tx).moveToCustomer(from, into, step.at);
  const referrals = new ReferralRepository(tx);
  const moved = await referrals.lockByCustomer(from);
  for (const referral of moved) {
    await referrals.update({ ...referral, customerId: into, updatedAt: step.at });
    await referrals.appendEvent({
      referralId: referral.id,
      action: 'CUSTOMER_MERGED',
      fromStatus: referral.status,
      toStatus: referral.status,
      at: step.at,
      by: step.by,
      reason: step.reason,
      hospitalEvent: step.hospitalEvent,
      inboxMessageId: step.inboxMessageId,
    });
  }
  // Links waiting for review now point where the person is; differences offered about the record merged away are moot.
  await new IdentityReviewRepository(tx).repointLinks(from, into);
  await new PersonUpdateReviewRepository(tx).withdrawAll(from, step.at);
  return moved.length;
}
