/**
 * Per-request DataLoaders: every lookup a resolver makes by key goes through
 * one of these, so a list of N items costs one query per kind of lookup
 * rather than N. Created afresh for each request (in the context) so nothing
 * cached outlives the request. They read the store as it is, with no
 * caller's rights applied (the resolvers apply those), which is what lets
 * one live event's subscribers share one set (context.ts).
 */
import DataLoader from 'dataloader';
import { createLinkedCareRecordsLoader, type LinkedCareRecords } from '../../care-records/care-record-loaders.js';
import type { CareRecordReference } from '../../care-records/care-record-contacts.js';
import type { CareRecordSystem } from '../../care-records/ports.js';
import type { CaseNoteRecord } from '../../casework/case-note.js';
import type { TaskRecord } from '../../casework/task.js';
import type { TaskParent } from '../../casework/task-repository.js';
import { createCommunityHealthLoader } from '../../community-health/community-health-loader.js';
import type { CommunityHealthRecord, CommunityHealthSystem } from '../../community-health/ports.js';
import type { CustomerIdentityRecord, CustomerRecord } from '../../customers/customer.js';
import type { EquipmentOrderEventRecord, EquipmentOrderRecord } from '../../equipment/equipment-order.js';
import type { Organisation, TaskStatus } from '../../generated/graphql.js';
import type { OnwardReferralEventRecord, OnwardReferralRecord } from '../../onward/onward-referral.js';
import type { ReferralEventRecord, ReferralListFilter, ReferralRecord } from '../../referrals/referral.js';
import { groupBy } from '../../store/group-by.js';
import type { Repositories } from './repositories.js';

export interface Loaders {
  customer: DataLoader<string, CustomerRecord | null>;
  referral: DataLoader<string, ReferralRecord | null>;
  /** Referrals by id if they pass a list's filter, else null. */
  listedReferral(filter: ReferralListFilter): DataLoader<string, ReferralRecord | null>;
  equipmentOrder: DataLoader<string, EquipmentOrderRecord | null>;
  organisation: DataLoader<string, Organisation | null>;
  identities: DataLoader<string, CustomerIdentityRecord[]>;
  referralHistory: DataLoader<string, ReferralEventRecord[]>;
  equipmentOrderHistory: DataLoader<string, EquipmentOrderEventRecord[]>;
  /** The newest `limit` referrals per customer within a trust scope (null: every trust). */
  referralsOfCustomer(limit: number, trustOdsCode: string | null): DataLoader<string, ReferralRecord[]>;
  referralCountOfCustomer(trustOdsCode: string | null): DataLoader<string, number>;
  equipmentOrdersOfCustomer(limit: number): DataLoader<string, EquipmentOrderRecord[]>;
  equipmentOrderCountOfCustomer: DataLoader<string, number>;
  /** Raw bodies of inbox messages; null once pruned. */
  inboxBody: DataLoader<string, Buffer | null>;
  /** The customers a feed message changed when it was applied (its CHANGE look), by inbox message id. */
  customersChangedByMessage: DataLoader<string, string[]>;
  /** Customers' cases in the social care record systems they are linked to. */
  linkedCareRecords: DataLoader<string, LinkedCareRecords>;
  /** Community health's records, by NHS number. */
  communityHealth: DataLoader<string, CommunityHealthRecord | null>;
  /** The contacts written back onto social care records, by referral. */
  careRecordReferences: DataLoader<string, CareRecordReference[]>;
  /** The newest `limit` case notes per referral. */
  caseNotesOfReferral(limit: number): DataLoader<string, CaseNoteRecord[]>;
  caseNoteCountOfReferral: DataLoader<string, number>;
  /** The first `limit` tasks of these statuses per referral or order, in the lists' order. */
  tasksOf(parent: TaskParent, limit: number, statuses: readonly TaskStatus[]): DataLoader<string, TaskRecord[]>;
  taskCountOf(parent: TaskParent, statuses: readonly TaskStatus[]): DataLoader<string, number>;
  /** Onward referrals made from referrals, by referral. */
  onwardReferrals: DataLoader<string, OnwardReferralRecord[]>;
  onwardReferralHistory: DataLoader<string, OnwardReferralEventRecord[]>;
}

export function createLoaders(repositories: Repositories, careRecordSystems: readonly CareRecordSystem[], communityHealth: CommunityHealthSystem): Loaders {
  const { customers, referrals, equipmentOrders, organisations, inbox, careRecordContacts, onwardReferrals, auditLog, caseNotes, tasks } = repositories;
  const identities = grouped(async (ids) => groupBy(await customers.identitiesOf(ids), (identity) => identity.customerId));
  return {
    customer: byId((ids) => customers.findByIds(ids), (customer) => customer.id),
    referral: byId((ids) => referrals.findByIds(ids), (referral) => referral.id),
    listedReferral: memoised((filter: ReferralListFilter) => byId((ids) => referrals.findListed(ids, filter), (referral) => referral.id)),
    equipmentOrder: byId((ids) => equipmentOrders.findByIds(ids), (order) => order.id),
    organisation: byId((codes) => organisations.findByOdsCodes(codes), (organisation) => organisation.odsCode),
    identities,
    referralHistory: grouped((ids) => referrals.historyOf(ids)),
    equipmentOrderHistory: grouped((ids) => equipmentOrders.historyOf(ids)),
    referralsOfCustomer: memoised((limit: number, trust: string | null) =>
      grouped((ids) => referrals.newestPerCustomer(ids, limit, trust)),
    ),
    referralCountOfCustomer: memoised((trust: string | null) =>
      grouped((ids) => referrals.countPerCustomer(ids, trust), 0),
    ),
    equipmentOrdersOfCustomer: memoised((limit: number) =>
      grouped((ids) => equipmentOrders.newestPerCustomer(ids, limit)),
    ),
    equipmentOrderCountOfCustomer: grouped((ids) => equipmentOrders.countPerCustomer(ids), 0),
    inboxBody: grouped((ids) => inbox.bodiesOf(ids), null),
    customersChangedByMessage: grouped((ids) => auditLog.customersChangedBy(ids)),
    linkedCareRecords: createLinkedCareRecordsLoader(careRecordSystems, identities),
    communityHealth: createCommunityHealthLoader(communityHealth),
    careRecordReferences: grouped((ids) => careRecordContacts.referencesOf(ids)),
    caseNotesOfReferral: memoised((limit: number) => grouped((ids) => caseNotes.newestPerReferral(ids, limit))),
    caseNoteCountOfReferral: grouped((ids) => caseNotes.countPerReferral(ids), 0),
    tasksOf: memoised((parent: TaskParent, limit: number, statuses: readonly TaskStatus[]) =>
      grouped((ids) => tasks.firstPerParent(parent, ids, limit, statuses)),
    ),
    taskCountOf: memoised((parent: TaskParent, statuses: readonly TaskStatus[]) => grouped((ids) => tasks.countPerParent(parent, ids, statuses), 0)),
    onwardReferrals: grouped((ids) => onwardReferrals.ofReferrals(ids)),
    onwardReferralHistory: grouped((ids) => onwardReferrals.historyOf(ids)),
  };
}

/** A loader of single records by a key the record carries; a missing key loads as null. */
function byId<T>(fetch: (keys: readonly string[]) => Promise<T[]>, keyOf: (item: T) => string) {
  return new DataLoader<string, T | null>(async (keys) => {
    const found = new Map((await fetch(keys)).map((item) => [keyOf(item), item]));
    return keys.map((key) => found.get(key) ?? null);
  });
}

/** A loader of values grouped per key; keys with nothing load as `empty`. */
function grouped<V>(fetch: (keys: readonly string[]) => Promise<Map<string, V>>, empty?: V) {
  return new DataLoader<string, V>(async (keys) => {
    const found = await fetch(keys);
    return keys.map((key) => found.get(key) ?? (empty === undefined ? ([] as V) : empty));
  });
}


/** One loader per distinct argument list, so items asking for the same page share a batch. */
function memoised<A extends unknown[], L>(create: (...args: A) => L): (...args: A) => L {
  const made = new Map<string, L>();
  return (...args) => {
    const key = JSON.stringify(args);
    let loader = made.get(key);
    if (!loader) made.set(key, (loader = create(...args)));
    return loader;
  };
}
