/**
 * A coordinator decides a person update review: takes the chosen fields of
 * the trust's person onto the customer, or keeps the record as it is. Either
 * way the hub has now confirmed or edited the record, so it is the council's
 * from then on: the trust's later differences come for review too. One
 * transaction, with a CHANGE audit row. The person is locked before the
 * review, as a feed message about them does, and the review must still be
 * what was listed (its id changes when its trust sends something else).
 */
import { recordChange, type ChangeMaker } from '../audit/audit-log.js';
import { actorOf } from '../auth/viewer.js';
import { BadInputError } from '../errors.js';
import type { DemographicField } from '../generated/graphql.js';
import { lockNames } from '../store/advisory-locks.js';
import { retryingTransaction } from '../store/retrying-transaction.js';
import { CustomerRepository } from './customer-repository.js';
import { takeDemographics } from './demographics.js';
import { PersonUpdateReviewRepository } from './person-update-review-repository.js';
import { lockCustomers, nhsLockName } from './resolve-customer.js';
import { ReviewNotOpenError } from './review-queue.js';

export type PersonUpdateDecision = { accept: readonly DemographicField[] } | 'DISMISS';

const KIND = 'Person update review';

/** Returns the customer's id. */
export async function decidePersonUpdate(by: ChangeMaker, reviewId: string, decision: PersonUpdateDecision): Promise<string> {
  if (decision !== 'DISMISS' && decision.accept.length === 0) {
    throw new BadInputError('input.fields', 'name at least one field to take (dismissPersonUpdate keeps the record as it is)');
  }
  return retryingTransaction(by.db, async (tx) => {
    const reviews = new PersonUpdateReviewRepository(tx);
    const seen = await reviews.findOpen(reviewId);
    if (!seen) throw new ReviewNotOpenError(KIND, reviewId);
    const customer = (await lockCustomers(tx, [seen.customerId])).get(seen.customerId)!;
    const review = await reviews.lockOpen(reviewId);
    if (!review) throw new ReviewNotOpenError(KIND, reviewId);
    const fields = decision === 'DISMISS' ? [] : [...new Set(decision.accept)];
    const taken = takeDemographics(customer, review.sentPerson, fields, by.at);
    const customers = new CustomerRepository(tx);
    if (taken.nhsNumber !== null && taken.nhsNumber !== customer.nhsNumber) {
      // Under the number's own lock, as a message carrying it would take it.
      await lockNames(tx, [nhsLockName(taken.nhsNumber)]);
      if (await customers.findByNhsNumber(taken.nhsNumber)) {
        throw new BadInputError('input.fields', `NHS number ${taken.nhsNumber} is another customer's: if they are one person, a merge is the way to join them`);
      }
    }
    await customers.replaceRecord({ ...taken, demographicsTrust: null });
    await reviews.decide(review.id, decision === 'DISMISS' ? 'DISMISSED' : 'ACCEPTED', decision === 'DISMISS' ? null : fields, actorOf(by.viewer), by.at);
    await recordChange(tx, by, [review.customerId]);
    return review.customerId;
  });
}
