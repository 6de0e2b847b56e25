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
import { deathNews, mergedReports, withoutReportOf, type DeathReport } from './deaths.js';
import { stepOpenReferrals } from '../referrals/death-steps.js';
import { saveReferralsInto } from '../referrals/referral-repository.js';
import { isOpen } from '../referrals/referral-state-machine.js';
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
    const decide = { LINK: decideLink, MERGE: decideMerge, DEATH: decideDeath }[review.kind];
    const { endsOn, touched } = await decide(tx, review, decision, people, actor, by.at);
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
    // The hub has confirmed who the person is: their record is the council's from now on, with the death the trust reported through the link.
    const { record, diedNow } = withDeathSentThrough({ ...people.get(linkedTo)!, demographicsTrust: null, updatedAt: at }, review, at);
    saveCustomersInto(write, [], [record], [{ ...link, customerId: linkedTo }]);
    await write.run(tx);
    await tellOpenReferrals(tx, linkedTo, diedNow, at);
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
  const separate = withDeathSentThrough(customerFromPerson(customerId, holder ? { ...sent, nhsNumber: null } : sent, review.sender, at), { ...review, sentPerson: sent }, at);
  saveCustomersInto(write, [separate.record], [], [{ ...link, customerId }]);
  await write.run(tx);
  await moveReferralsToCustomer(tx, { system: review.system, value: review.localId }, customerId, {
    by,
    at,
    reason: 'separated on review: a different person from the customer the link was made to',
  });
  if (review.sender !== null) {
    await new PersonUpdateReviewRepository(tx).withdrawSentThrough(linkedTo, review.sender, { system: review.system, value: review.localId }, at);
  }
  // The referrals that moved are the separated person's: told of their death once they are there.
  await tellOpenReferrals(tx, customerId, separate.diedNow, at);
  return { endsOn: customerId, touched: [linkedTo, customerId] };
}

/**
 * The record with the death the trust reported through a link that waited
 * for review, now that a coordinator has said whose it is. The message's own
 * time is not kept with the review: the decision's time stands for it.
 */
function withDeathSentThrough(record: CustomerRecord, review: IdentityReviewRecord, at: Date): { record: CustomerRecord; diedNow: DeathReport | null } {
  if (review.sender === null || !review.sentPerson?.death?.died) return { record, diedNow: null };
  const statement = { trust: review.sender, death: review.sentPerson.death, aliveAt: null, sentAt: at.toISOString(), messageId: null, through: { system: review.system, value: review.localId } };
  const news = deathNews(record.deathReports, statement, at);
  if (news.kind !== 'RECORDED') return { record, diedNow: null };
  return { record: { ...record, deathReports: news.reports, updatedAt: at }, diedNow: news.first ? news.reports[0]! : null };
}

/** Steps every open referral of the customer with a death newly recorded on them. */
async function tellOpenReferrals(tx: SqlExecutor, customerId: string, diedNow: DeathReport | null, at: Date): Promise<void> {
  if (diedNow === null) return;
  const { referrals, events } = await stepOpenReferrals(tx, new Map([[customerId, diedNow]]), at);
  const write = new CombinedWrite();
  await saveReferralsInto(tx, write, [], referrals, events);
  await write.run(tx);
}

/**
 * DEATH. CONFIRM: the death stands, as it is. SEPARATE: it was not this
 * customer's death: the trust's report is taken off, and where no other
 * trust's remains the customer is no longer dead, which their open
 * referrals are told.
 */
async function decideDeath(
  tx: SqlExecutor,
  review: IdentityReviewRecord,
  decision: IdentityReviewDecision,
  people: ReadonlyMap<string, CustomerRecord>,
  by: ActorRecord,
  at: Date,
) {
  const customer = people.get(review.customerId)!;
  if (decision === 'CONFIRM' || review.sender === null) return { endsOn: customer.id, touched: [customer.id] };
  const deathReports = withoutReportOf(customer.deathReports, review.sender);
  await new CustomerRepository(tx).replaceRecord({ ...customer, deathReports, updatedAt: at });
  if (deathReports.length === 0 && customer.deathReports.length > 0) {
    const referrals = new ReferralRepository(tx);
    for (const referral of (await referrals.lockByCustomer(customer.id)).filter((each) => isOpen(each.status))) {
      await referrals.saveStep({ ...referral, updatedAt: at }, {
        referralId: referral.id,
        action: 'PERSON_DEATH_REMOVED',
        fromStatus: referral.status,
        toStatus: referral.status,
        at,
        by,
        reason: `separated on review: the death ${review.sender} reported was not this customer's`,
        hospitalEvent: null,
        inboxMessageId: null,
      });
    }
  }
  return { endsOn: customer.id, touched: [customer.id] };
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
  const councils = councilRecordKept(named[0], named[1]);
  // One person's deaths are every report of either record.
  const kept = { ...councils.kept, deathReports: mergedReports(councils.kept.deathReports, councils.merged.deathReports) };
  const merged = { ...councils.merged, deathReports: [] };
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
