/**
 * Moving what the gateway holds of a person from one customer record to
 * another: all of it when two records are found to be one person (a trust's
 * merge of its own records, or a merge a coordinator confirmed), or the
 * referrals of one identifier when it proves to be someone else's. Each
 * referral moved gets a history step. Who may move what, and when, is decided
 * before these are called.
 */
import type { ActorRecord } from '../auth/viewer.js';
import { EquipmentOrderRepository } from '../equipment/equipment-order-repository.js';
import type { HospitalEvent, ReferralAction } from '../generated/graphql.js';
import type { PersonIdentifier } from '../referrals/discharge-message.js';
import type { ReferralRecord } from '../referrals/referral.js';
import { ReferralRepository } from '../referrals/referral-repository.js';
import type { SqlExecutor } from '../store/database.js';
import type { CustomerRecord } from './customer.js';
import { CustomerRepository } from './customer-repository.js';
import { mergedReports } from './deaths.js';
import { IdentityReviewRepository } from './identity-review-repository.js';
import { PersonUpdateReviewRepository } from './person-update-review-repository.js';

export interface MoveStep {
  by: ActorRecord;
  at: Date;
  reason: string;
  /** For a move a feed message made: what the hospital said, and the message. */
  hospitalEvent?: HospitalEvent | null;
  inboxMessageId?: string | null;
}

/** Moves links, referrals, equipment orders and reviews of `from` onto `into`; the emptied record stays, for the audit trail. */
export async function moveCustomerRecords(tx: SqlExecutor, from: string, into: string, step: MoveStep): Promise<void> {
  const customers = new CustomerRepository(tx);
  await customers.moveIdentities(from, into);
  await moveDeathReports(customers, from, into, step.at);
  await new EquipmentOrderRepository(tx).moveToCustomer(from, into, step.at);
  await moveReferrals(tx, await new ReferralRepository(tx).lockByCustomer(from), into, 'CUSTOMER_MERGED', step);
  // Links waiting for review now point where the person is; differences offered about the record merged away are moot.
  await new IdentityReviewRepository(tx).repointLinks(from, into);
  await new PersonUpdateReviewRepository(tx).withdrawAll(from, step.at);
}

/** One person's deaths are every report of either record; the emptied record keeps none, so the board does not list it twice. */
async function moveDeathReports(customers: CustomerRepository, from: string, into: string, at: Date): Promise<void> {
  const records = await customers.findByIds([from, into]);
  const [source, target] = [from, into].map((id) => records.find((record) => record.id === id));
  if (!source || !target || source.deathReports.length === 0) return;
  await customers.replaceRecord({ ...target, deathReports: mergedReports(target.deathReports, source.deathReports), updatedAt: at });
  await customers.replaceRecord({ ...source, deathReports: [], updatedAt: at });
}

/**
 * Moves the referrals that came through one identifier, and the equipment
 * ordered on them, to another customer: the identifier proved to be another
 * person's, or a coordinator separated it.
 */
export async function moveReferralsToCustomer(tx: SqlExecutor, link: PersonIdentifier, to: string, step: MoveStep, except: ReadonlySet<string> = new Set()): Promise<void> {
  const through = (await new ReferralRepository(tx).lockByIdentity(link)).filter((referral) => referral.customerId !== to && !except.has(referral.id));
  await moveReferrals(tx, through, to, 'CUSTOMER_CHANGED', step);
  await new EquipmentOrderRepository(tx).moveForReferrals(through.map((referral) => referral.id), to, step.at);
}

async function moveReferrals(tx: SqlExecutor, referrals: readonly ReferralRecord[], to: string, action: ReferralAction, step: MoveStep): Promise<void> {
  const repository = new ReferralRepository(tx);
  for (const referral of referrals) {
    await repository.saveStep({ ...referral, customerId: to, updatedAt: step.at }, {
      referralId: referral.id,
      action,
      fromStatus: referral.status,
      toStatus: referral.status,
      at: step.at,
      by: step.by,
      reason: step.reason,
      hospitalEvent: step.hospitalEvent ?? null,
      inboxMessageId: step.inboxMessageId ?? null,
    });
  }
}

/** Whether a record holds nothing of its kind: what a confirmed merge may fill from the other. */
const COUNCIL_PARTS: readonly { empty: (c: CustomerRecord) => boolean; take: (into: CustomerRecord, from: CustomerRecord) => CustomerRecord }[] = [
  { empty: (c) => c.address === null, take: (into, from) => ({ ...into, address: from.address }) },
  { empty: (c) => c.phones.length === 0, take: (into, from) => ({ ...into, phones: from.phones }) },
  { empty: (c) => c.gpPracticeOdsCode === null, take: (into, from) => ({ ...into, gpPracticeOdsCode: from.gpPracticeOdsCode }) },
  { empty: (c) => c.contacts.length === 0, take: (into, from) => ({ ...into, contacts: from.contacts }) },
  {
    empty: (c) => c.communication.preferredLanguage === null && !c.communication.interpreterRequired && c.communication.notes === null,
    take: (into, from) => ({ ...into, communication: from.communication }),
  },
];

/**
 * Two records a coordinator has confirmed are one person: which is kept, as
 * it will be written (pure). The council's record is kept, whichever way the
 * trust's merge ran: a record the council holds (its demographics, next of
 * kin, communication needs) is never emptied onto a trust's. Where both or
 * neither are the council's, the survivor the trust named is kept. The kept
 * record takes the NHS number it lacks, and, from a council record merged
 * away, what it holds nothing of; it is the council's from now on.
 */
export function councilRecordKept(survivor: CustomerRecord, mergedAway: CustomerRecord): { kept: CustomerRecord; merged: CustomerRecord } {
  const [keep, merged] = mergedAway.demographicsTrust === null && survivor.demographicsTrust !== null ? [mergedAway, survivor] : [survivor, mergedAway];
  const filled = merged.demographicsTrust === null ? COUNCIL_PARTS.reduce((record, part) => (part.empty(record) && !part.empty(merged) ? part.take(record, merged) : record), keep) : keep;
  return { kept: { ...filled, nhsNumber: keep.nhsNumber ?? merged.nhsNumber, demographicsTrust: null }, merged };
}
