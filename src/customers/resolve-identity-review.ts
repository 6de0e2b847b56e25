/**
 * A coordinator decides an identity review, in one transaction with a
 * CHANGE audit row for each customer touched.
 *
 * LINK. CONFIRM: the link is proof from now on, and the customer's
 * demographics are the council's (the hub has confirmed the person).
 * SEPARATE: a new customer is made from the person as the hospital sent
 * them, and the link and the referrals that came through it move there.
 *
 * MERGE. CONFIRM: the two records are one person; everything of the one
 * merged away moves onto the survivor. SEPARATE: they are not; nothing moves.
 */
import { randomUUID } from 'node:crypto';
import { recordChange, type ChangeMaker } from '../audit/audit-log.js';
import { GatewayError, NotFoundError } from '../errors.js';
import type { IdentityReviewDecision } from '../generated/graphql.js';
import { actorOf, type ActorRecord } from '../auth/viewer.js';
import type { ReferralRecord } from '../referrals/referral.js';
import { ReferralRepository, saveReferralsInto } from '../referrals/referral-repository.js';
import { CombinedWrite } from '../store/combined-write.js';
import type { SqlExecutor } from '../store/database.js';
import type { CustomerRecord } from './customer.js';
import { CustomerRepository, saveCustomersInto } from './customer-repository.js';
import type { IdentityReviewRecord } from './identity-review.js';
import { IdentityReviewRepository } from './identity-review-repository.js';
import { moveCustomerRecords } from './merge-customers.js';
import { customerFromPerson, lockCustomers } from './resolve-customer.js';

/** A review named by its id, or a LINK review by its link. */
export type ReviewName = { id: string } | { system: string; localId: string };

/** The decision cannot be carried out as things stand; the review stays open. */
export class ReviewDecisionError extends GatewayError {
  readonly code = 'REVIEW_DECISION_NOT_POSSIBLE';
  constructor(reviewId: string, message: string) {
    super(message, { reviewId });
  }
}

/** Returns the id of the customer the identity ends on. */
export async function resolveIdentityReview(by: ChangeMaker, name: ReviewName, decision: IdentityReviewDecision): Promise<string> {
  return by.db.transaction(async (tx) => {
    const reviews = new IdentityReviewRepository(tx);
    const review = 'id' in name ? await reviews.lockOpen(name.id) : await reviews.lockOpenLink(name.system, name.localId);
    if (!review) throw new NotFoundError('Identity review', 'id' in name ? name.id : `${name.system} ${name.localId}`);
    const actor = actorOf(by.viewer);
    const { endsOn, touched } = review.kind === 'LINK' ? await decideLink(tx, review, decision, by) : await decideMerge(tx, review, decision, actor, by.at);
    await reviews.close(review.id, decision === 'CONFIRM' ? 'CONFIRMED' : 'SEPARATED', actor, by.at);
    await recordChange(tx, by, touched);
    return endsOn;
  });
}

async function decideLink(tx: SqlExecutor, review: IdentityReviewRecord, decision: IdentityReviewDecision, by: ChangeMaker) {
  const customers = new CustomerRepository(tx);
  const linkedTo = review.customerId;
  const link = { system: review.system, localId: review.localId, needsReview: false, linkedAt: by.at };
  const write = new CombinedWrite();
  if (decision === 'CONFIRM' || review.sentPerson === null) {
    const customer = (await lockCustomers(tx, [linkedTo])).get(linkedTo);
    // The hub has confirmed who the person is: their record is the council's from now on.
    saveCustomersInto(write, [], decision === 'CONFIRM' ? [{ ...customer!, demographicsTrust: null, updatedAt: by.at }] : [], [{ ...link, customerId: linkedTo }]);
    await write.run(tx);
    return { endsOn: linkedTo, touched: [linkedTo] };
  }
  const customerId = randomUUID();
  // The number stays with the customer who has it; the new one is told apart by review, not by a duplicate.
  const holder = review.sentPerson.nhsNumber ? await customers.findByNhsNumber(review.sentPerson.nhsNumber) : null;
  const person = holder ? { ...review.sentPerson, nhsNumber: null } : review.sentPerson;
  // A person of the trust's, told apart: the demographics are as the trust sent them, and its own to keep up to date.
  const created: CustomerRecord = customerFromPerson(customerId, person, review.sender, by.at);
  const moved: ReferralRecord[] = (await new ReferralRepository(tx).lockByIdentity({ system: review.system, value: review.localId })).map(
    (referral) => ({ ...referral, customerId, updatedAt: by.at }),
  );
  saveCustomersInto(write, [created], [], [{ ...link, customerId }]);
  saveReferralsInto(write, [], moved, []);
  await write.run(tx);
  return { endsOn: customerId, touched: [linkedTo, customerId] };
}

async function decideMerge(tx: SqlExecutor, review: IdentityReviewRecord, decision: IdentityReviewDecision, actor: ActorRecord, at: Date) {
  const into = review.customerId;
  const from = review.mergeFromCustomerId!;
  if (decision === 'SEPARATE') return { endsOn: into, touched: [into, from] };
  const customers = new CustomerRepository(tx);
  const locked = await lockCustomers(tx, [into, from]);
  const survivor = locked.get(into)!;
  const mergedAway = locked.get(from)!;
  if (survivor.nhsNumber !== null && mergedAway.nhsNumber !== null) {
    throw new ReviewDecisionError(
      review.id,
      `Both customers hold an NHS number (${survivor.nhsNumber} and ${mergedAway.nhsNumber}): one person has one, so find out which is right before merging`,
    );
  }
  await moveCustomerRecords(tx, from, into, {
    by: actor,
    at,
    reason: `merge of ${review.sender ?? 'a trust'}'s ${review.system} ${review.localId} confirmed on review`,
    hospitalEvent: 'MERGED',
    inboxMessageId: null,
  });
  if (mergedAway.nhsNumber !== null) await customers.replaceDemographics({ ...mergedAway, nhsNumber: null, updatedAt: at });
  // The hub has confirmed who the survivor is: the record is the council's, with the number the person holds.
  await customers.replaceDemographics({ ...survivor, nhsNumber: survivor.nhsNumber ?? mergedAway.nhsNumber, demographicsTrust: null, updatedAt: at });
  return { endsOn: into, touched: [into, from] };
}
