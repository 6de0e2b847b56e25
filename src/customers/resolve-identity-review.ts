/**
 * A person decides a link made without proof. CONFIRM clears the flag;
 * SEPARATE makes a new customer from the person as the hospital sent them and
 * moves the link, and the referrals that came through it, there. Both are
 * one transaction with a CHANGE audit row for each customer touched.
 */
import { randomUUID } from 'node:crypto';
import { recordChange, type ChangeMaker } from '../audit/audit-log.js';
import { NotFoundError } from '../errors.js';
import type { IdentityReviewDecision } from '../generated/graphql.js';
import type { ReferralRecord } from '../referrals/referral.js';
import { ReferralRepository, saveReferralsInto } from '../referrals/referral-repository.js';
import { CombinedWrite } from '../store/combined-write.js';
import type { CustomerRecord } from './customer.js';
import { CustomerRepository, saveCustomersInto } from './customer-repository.js';
import { customerFromPerson } from './resolve-customer.js';

export interface ReviewDecision {
  system: string;
  localId: string;
  decision: IdentityReviewDecision;
}

/** Returns the id of the customer the link ends on. */
export async function resolveIdentityReview(by: ChangeMaker, { system, localId, decision }: ReviewDecision): Promise<string> {
  return by.db.transaction(async (tx) => {
    const customers = new CustomerRepository(tx);
    const review = await customers.lockReview(system, localId);
    if (!review) throw new NotFoundError('Identity link waiting for review', `${system} ${localId}`);
    const linkedTo = review.identity.customerId;
    let customerId = linkedTo;
    const created: CustomerRecord[] = [];
    const moved: ReferralRecord[] = [];
    if (decision === 'SEPARATE' && review.sentPerson !== null) {
      customerId = randomUUID();
      // The number stays with the customer who has it; the new one is told apart by review, not by a duplicate.
      const holder = review.sentPerson.nhsNumber ? await customers.findByNhsNumber(review.sentPerson.nhsNumber) : null;
      created.push(customerFromPerson(customerId, holder ? { ...review.sentPerson, nhsNumber: null } : review.sentPerson, by.at));
      for (const referral of await new ReferralRepository(tx).lockByIdentity({ system, value: localId })) {
        moved.push({ ...referral, customerId, updatedAt: by.at });
      }
    }
    const write = new CombinedWrite();
    saveCustomersInto(write, created, [], [{ system, localId, customerId, needsReview: false, linkedAt: by.at, reviewBasis: null, sentPerson: null }]);
    saveReferralsInto(write, [], moved, []);
    await write.run(tx);
    await recordChange(tx, by, customerId === linkedTo ? [customerId] : [linkedTo, customerId]);
    return customerId;
  });
}
