/**
 * A trust's merge (HL7 A40): the identifiers in `mergedFrom` were the same
 * person as `person`, the survivor. A merged-away customer whose every link,
 * referral and record is the sender's own moves onto the survivor at once,
 * each referral with a history step; any other is held for a coordinator's
 * review and nothing of it moves (merge-rules.ts says why). The emptied
 * customer record stays, for the audit trail.
 */
import { randomUUID } from 'node:crypto';
import { EquipmentOrderRepository } from '../equipment/equipment-order-repository.js';
import type { MergeHoldReason } from '../generated/graphql.js';
import type { DischargeMessage, PersonIdentifier } from '../referrals/discharge-message.js';
import { feedActor } from '../referrals/feed-actor.js';
import { ReferralRepository } from '../referrals/referral-repository.js';
import { lockNames } from '../store/advisory-locks.js';
import type { SqlExecutor } from '../store/database.js';
import { CustomerRepository } from './customer-repository.js';
import { isTrustsOwnSystem } from './identifier-namespaces.js';
import { IdentityReviewRepository } from './identity-review-repository.js';
import { moveCustomerRecords } from './merge-customers.js';
import { mergeHoldReasons } from './merge-rules.js';
import { identifierLockName, lockCustomers, personLockNames, resolveCustomer, type ResolvedCustomer } from './resolve-customer.js';

export interface HeldMerge {
  reviewId: string;
  /** The identifier the review is named by: the sender's own where the message gave one. */
  shown: PersonIdentifier;
  heldBecause: MergeHoldReason[];
}

export interface TrustMerge {
  survivor: ResolvedCustomer;
  /** Every customer merged away or held: with the survivor, who the merge touched. */
  mergedAway: string[];
  held: HeldMerge[];
}

export async function applyTrustMerge(
  tx: SqlExecutor,
  message: Extract<DischargeMessage, { kind: 'PERSON_MERGE' }>,
  messageId: string,
  at: Date,
): Promise<TrustMerge> {
  const sender = message.header.senderOdsCode;
  // What is merged away and the survivor are locked as messages about them would lock them, in one
  // sorted statement (as a coordinator's decision on them locks), before anything is read.
  const survivorRequest = { person: message.person, fallbackLink: null, sender, messageId, sentAt: message.header.sentAt };
  await lockNames(tx, [...message.mergedFrom.map(identifierLockName), ...personLockNames([survivorRequest])]);
  const survivor = await resolveCustomer(tx, survivorRequest, at);
  const customers = new CustomerRepository(tx);
  // The identifiers by the customer each names: one decision per customer merged away.
  const named = new Map<string, PersonIdentifier[]>();
  for (const identifier of message.mergedFrom) {
    const from = await customerOf(customers, identifier);
    if (from === null || from === survivor.customerId) continue;
    named.set(from, [...(named.get(from) ?? []), identifier]);
  }
  const held: HeldMerge[] = [];
  for (const [from, identifiers] of named) {
    const record = (await lockCustomers(tx, [from])).get(from)!;
    const heldBecause = mergeHoldReasons({
      sender,
      identifiers,
      survivorNeedsReview: survivor.needsReview,
      mergedAway: record,
      identities: await customers.identitiesOf([from]),
      referrals: await new ReferralRepository(tx).lockByCustomer(from),
      equipmentOrders: (await new EquipmentOrderRepository(tx).countPerCustomer([from])).get(from) ?? 0,
    });
    if (heldBecause.length === 0) {
      await moveCustomerRecords(tx, from, survivor.customerId, { by: feedActor(sender), at, reason: 'merged by the hospital', hospitalEvent: 'MERGED', inboxMessageId: messageId });
      continue;
    }
    const shown = identifiers.find(({ system }) => isTrustsOwnSystem(system, sender)) ?? identifiers[0]!;
    const reviewId = await new IdentityReviewRepository(tx).holdMerge(
      { system: shown.system, localId: shown.value, sender, intoCustomerId: survivor.customerId, fromCustomerId: from, heldBecause, sentPerson: message.person, messageId },
      randomUUID(),
      at,
    );
    held.push({ reviewId, shown, heldBecause });
  }
  return { survivor, mergedAway: [...named.keys()], held };
}

async function customerOf(customers: CustomerRepository, identifier: PersonIdentifier): Promise<string | null> {
  if (identifier.system === 'NHS') return (await customers.findByNhsNumber(identifier.value))?.id ?? null;
  const identities = await customers.identitiesByKey([identifier]);
  return [...identities.values()][0]?.customerId ?? null;
}
