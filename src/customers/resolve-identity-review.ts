/**
 * A coordinator decides an identity review, in one transaction with a
 * CHANGE audit row for each customer touched.
 *
 * LINK. CONFIRM: the link is proof from now on, and the customer's
 * demographics are the council's (the hub has confirmed the person).
 * SEPARATE: a new customer is made from the person as the hospital sent
 * them, and the link and the referrals that came through it move there.
 *
 * MERGE. CONFIRM: the two records are one person; the council's record of
 * them is kept and everything of the other moves onto it. SEPARATE: they are
 * not; nothing moves.
 *
 * The people are locked before the review, in the order a feed message
 * about them takes them, so a decision and a message never deadlock.
 */
import { randomUUID } from 'node:crypto';
import { recordChange, type ChangeMaker } from '../audit/audit-log.js';
import { actorOf, type ActorRecord } from '../auth/viewer.js';
import { GatewayError } from '../errors.js';
import type { IdentityReviewDecision } from '../generated/graphql.js';
import type { PersonDetails } from '../referrals/discharge-message.js';
import { ReferralRepository } from '../referrals/referral-repository.js';
import type { ReferralRecord } from '../referrals/referral.js';
import { CombinedWrite } from '../store/combined-write.js';
import type { SqlExecutor } from '../store/database.js';
import { retryingTransaction } from '../store/retrying-transaction.js';
import type { CustomerRecord } from './customer.js';
import { CustomerRepository, saveCustomersInto } from './customer-repository.js';
import type { IdentityReviewRecord } from './identity-review.js';
import { IdentityReviewRepository } from './identity-review-repository.js';
import { councilRecordKept, moveCustomerRecords, moveReferralsToCustomer } from './merge-customers.js';
import { PersonUpdateReviewRepository } from './person-update-review-repository.js';
import { customerFromPerson, lockCustomers } from './resolve-customer.js';
import { ReviewNotOpenError } from './review-queue.js';

/** The decision cannot be carried out as things stand; the review stays open. */
export class ReviewDecisionError extends GatewayError {
  readonly code = 'REVIEW_DECISION_NOT_POSSIBLE';
  constructor(reviewId: string, message: string) {
    super(message, { reviewId });
  }
}

const KIND = 'Identity review';

/** Returns the id of the customer the identity ends on. */
export async function resolveIdentityReview(by: ChangeMaker, reviewId: string, decision: IdentityReviewDecision): Promise<string> {
  return retryingTransaction(by.db, async (tx) => {
    const reviews = new IdentityReviewRepository(tx);
    const seen = await reviews.findOpen(reviewId);
    if (!seen) throw new ReviewNotOpenError(KIND, reviewId);
    const people = await lockCustomers(tx, [seen.customerId, ...(seen.mergeFromCustomerId ? [seen.mergeFromCustomerId] : [])]);
    // Under the people's locks: still open, and (its id names its content) still what was shown.
    const review = await reviews.lockOpen(reviewId);
    if (!review || review.customerId !== seen.customerId) throw new ReviewNotOpenError(KIND, reviewId);
    const actor = actorOf(by.viewer);
    const { endsOn, touched } =
      review.kind === 'LINK' ? await decideLink(tx, review, decision, people, actor, by.at) : await decideMerge(tx, review, decision, people, actor, by.at);
    await reviews.close(review.id, decision === 'CONFIRM' ? 'CONFIRMED' : 'SEPARATED', actor, by.at);
    await recordChange(tx, by, touched);
    return endsOn;
  });
}

async function decideLink(
  tx: SqlExecutor,
  review: IdentityReviewRecord,
  decision: IdentityReviewDecision,
  people: ReadonlyMap<string, CustomerRecord>,
  by: ActorRecord,
  at: Date,
) {
  const linkedTo = review.customerId;
  const link = { system: review.system, localId: review.localId, needsReview: false, linkedAt: at };
  const write = new CombinedWrite();
  if (decision === 'CONFIRM') {
    // The hub has confirmed who the person is: their record is the council's from now on.
    saveCustomersInto(write, [], [{ ...people.get(linkedTo)!, demographicsTrust: null, updatedAt: at }], [{ ...link, customerId: linkedTo }]);
    await write.run(tx);
    return { endsOn: linkedTo, touched: [linkedTo] };
  }
  const sent = review.sentPerson ?? (await personSentThrough(tx, review));
  if (sent === null) {
    throw new ReviewDecisionError(review.id, 'Nobody to separate: the link was made before the gateway kept the person as sent, and no referral came through it');
  }
  const customerId = randomUUID();
  // The number stays with the customer who has it; the new one is told apart by review, not by a duplicate.
  const holder = sent.nhsNumber ? await new CustomerRepository(tx).findByNhsNumber(sent.nhsNumber) : null;
  // A person of the trust's, told apart: the demographics are as the trust sent them, and its own to keep up to date.
  saveCustomersInto(write, [customerFromPerson(customerId, holder ? { ...sent, nhsNumber: null } : sent, review.sender, at)], [], [{ ...link, customerId }]);
  await write.run(tx);
  await moveReferralsToCustomer(tx, { system: review.system, value: review.localId }, customerId, {
    by,
    at,
    reason: 'separated on review: a different person from the customer the link was made to',
  });
  if (review.sender !== null) {
    await new PersonUpdateReviewRepository(tx).withdrawSentThrough(linkedTo, review.sender, { system: review.system, value: review.localId }, at);
  }
  return { endsOn: customerId, touched: [linkedTo, customerId] };
}

/** The person the newest referral through the link was sent as: for links made before the review kept them. */
async function personSentThrough(tx: SqlExecutor, review: IdentityReviewRecord): Promise<PersonDetails | null> {
  // Locked in id order, so that two decisions lock alike: the newest is found by when each was received.
  const referrals = await new ReferralRepository(tx).lockByIdentity({ system: review.system, value: review.localId });
  const newest = referrals
    .filter((referral) => referral.referredPerson !== null)
    .reduce<ReferralRecord | null>((found, referral) => (found === null || referral.receivedAt > found.receivedAt ? referral : found), null);
  return newest?.referredPerson ?? null;
}

async function decideMerge(
  tx: SqlExecutor,
  review: IdentityReviewRecord,
  decision: IdentityReviewDecision,
  people: ReadonlyMap<string, CustomerRecord>,
  by: ActorRecord,
  at: Date,
) {
  const named = [people.get(review.customerId)!, people.get(review.mergeFromCustomerId!)!] as const;
  if (decision === 'SEPARATE') return { endsOn: review.customerId, touched: named.map((customer) => customer.id) };
  if (named[0].nhsNumber !== null && named[1].nhsNumber !== null) {
    throw new ReviewDecisionError(
      review.id,
      `Both customers hold an NHS number (${named[0].nhsNumber} and ${named[1].nhsNumber}): one person has one, so find out which is right before merging`,
    );
  }
  const { kept, merged } = councilRecordKept(named[0], named[1]);
  await moveCustomerRecords(tx, merged.id, kept.id, {
    by,
    at,
    reason: `merge of ${review.sender ?? 'a trust'}'s ${review.system} ${review.localId} confirmed on review`,
    hospitalEvent: null,
    inboxMessageId: null,
  });
  const customers = new CustomerRepository(tx);
  if (merged.nhsNumber !== null) await customers.replaceRecord({ ...merged, nhsNumber: null, updatedAt: at });
  await customers.replaceRecord({ ...kept, updatedAt: at });
  return { endsOn: kept.id, touched: named.map((customer) => customer.id) };
}
