/**
 * Who may see and do what: the whole policy, so a review of access rights is
 * a review of this file (docs/security.md says it in words).
 *
 * - GRANTS says which roles hold each permission.
 * - FIELD_RULES says which permission every root field and every field of a
 *   person's data needs. It is enforced on the schema itself
 *   (server/graphql/field-access.ts), not by each resolver remembering, and the role
 *   matrix test (test/auth/role-matrix.int.test.ts) walks the schema: a field
 *   of a person-bearing type without a rule here fails it.
 * - Hospital teams and trust feeds are trust-scoped: they read only their own
 *   trust's referrals, whatever path reaches one.
 */
import type { ReferralAction, Role } from '../generated/graphql.js';
import { ForbiddenError } from '../errors.js';
import { trustOfFeedActor } from '../referrals/feed-actor.js';
import type { ActorRecord, Viewer } from './viewer.js';

export type Permission =
  /** Who one is: every caller. */
  | 'self:read'
  /** Look people up, and read the council's record of them. */
  | 'customer:read'
  /** See which outside record systems know a person. */
  | 'customer:identities'
  /** Read a customer's case from the social care record systems. */
  | 'careRecord:read'
  /** Read who from community health (district nursing, community therapy) is involved with a customer. */
  | 'communityHealth:read'
  /** Referrals: hub staff all; hospital teams and feeds their own trust's. */
  | 'referral:read'
  /** The hub's own part of a referral: its risk assessment, triage decision, the worker allocated. */
  | 'referral:hubDetails'
  | 'referral:decide'
  /** Take a referral from outside a hospital (a GP, community health, the person, anyone else). */
  | 'referral:create'
  /** Who on the hub's staff did something (names and subjects, not only roles). */
  | 'staff:identify'
  | 'equipment:read'
  /** Place, cancel and ask to collect equipment orders. */
  | 'equipment:order'
  /** Authorise special items and orders above the coordinator's limit. */
  | 'equipment:authorise'
  /** Read a key safe code (the ordering team, who arrange access). */
  | 'equipment:keySafe'
  | 'hubBoard:read'
  /** The discharge tracker: every referral with its person, as a file (CSV, XLSX) or a list. */
  | 'tracker:read'
  | 'audit:read'
  /** See received feed messages and replay failed ones. */
  | 'inbox:admin'
  /** See calls owed to outside systems and retry given-up ones. */
  | 'outbox:admin'
  /** See and decide identity reviews and the demographic changes trusts sent. */
  | 'identity:review'
  /** See onward referrals (hub-internal casework) and the kinds that may be made. */
  | 'onward:read'
  /** Refer a person on from an accepted referral to a service. */
  | 'onward:make'
  /** Refer a patient from a hospital team's form. */
  | 'discharge:submit'
  /** The hub's casework: read case notes and tasks (never a hospital's). */
  | 'casework:read'
  /** Write case notes: those who work cases. */
  | 'casework:note'
  /** Make, complete and cancel tasks. */
  | 'casework:task'
  /** The hub's figures: counts and times over all its referrals, of every trust. */
  | 'performance:read';

const HUB_STAFF: readonly Role[] = ['HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST', 'VIEWER', 'ADMIN'];
/** Roles that speak for one trust, and see only what that trust sent. */
const TRUST_SCOPED: readonly Role[] = ['HOSPITAL_DISCHARGE', 'SYSTEM'];

const DESCRIPTIONS: Readonly<Record<Permission, string>> = {
  'self:read': 'read who it is',
  'customer:read': "look up customers or read the council's record of them",
  'customer:identities': "see a customer's links to record systems",
  'careRecord:read': "read a customer's social care record",
  'communityHealth:read': "read a customer's involvement with community health",
  'referral:read': 'read referrals',
  'referral:hubDetails': "read the hub's own assessment and allocation of a referral",
  'referral:decide': 'triage, accept, decline, close, reassign or reopen referrals, or change their risks',
  'referral:create': 'create referrals',
  'staff:identify': "see who on the hub's staff did something",
  'equipment:read': 'see equipment orders',
  'equipment:order': 'order, cancel or collect equipment',
  'equipment:authorise': 'authorise equipment orders',
  'equipment:keySafe': 'read key safe codes',
  'hubBoard:read': 'see the hub board',
  'tracker:read': 'read or export the discharge tracker',
  'audit:read': 'read the audit trail',
  'inbox:admin': 'read or replay received feed messages',
  'outbox:admin': 'read or retry calls owed to outside systems',
  'identity:review': 'see or decide identity and demographic reviews',
  'discharge:submit': 'submit discharge referrals',
  'casework:read': 'read case notes or tasks',
  'casework:note': 'write case notes',
  'casework:task': 'make, complete or cancel tasks',
  'onward:read': 'see onward referrals',
  'onward:make': 'make onward referrals',
  'performance:read': "read the hub's performance figures",
};

const GRANTS: Readonly<Record<Permission, readonly Role[]>> = {
  'self:read': [...HUB_STAFF, ...TRUST_SCOPED],
  'customer:read': HUB_STAFF,
  'customer:identities': HUB_STAFF,
  'careRecord:read': HUB_STAFF,
  // The hub's case view, as the social care record is: a hospital team sees neither.
  'communityHealth:read': HUB_STAFF,
  // Trust-scoped roles read only their own trust's (referralTrustScope, and TRUST_OWNED below).
  'referral:read': [...HUB_STAFF, ...TRUST_SCOPED],
  'referral:hubDetails': HUB_STAFF,
  'referral:decide': ['HUB_COORDINATOR', 'ADMIN'],
  // Hub staff who take referrals by phone and letter; VIEWER reads only, and hospitals refer by feed or form.
  'referral:create': ['HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST', 'ADMIN'],
  'staff:identify': HUB_STAFF,
  'equipment:read': HUB_STAFF,
  'equipment:order': ['HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST'],
  'equipment:authorise': ['OCCUPATIONAL_THERAPIST'],
  'equipment:keySafe': ['HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST'],
  'hubBoard:read': HUB_STAFF,
  // The hub's own spreadsheet of all its referrals and people: never a trust's, whose view is its own referrals.
  'tracker:read': HUB_STAFF,
  'audit:read': ['ADMIN'],
  'inbox:admin': ['ADMIN'],
  'outbox:admin': ['ADMIN'],
  'identity:review': ['HUB_COORDINATOR', 'ADMIN'],
  'discharge:submit': ['HOSPITAL_DISCHARGE'],
  // The case view and the board show the hub's casework to all its staff; a trust never sees it.
  'casework:read': HUB_STAFF,
  // A note is a professional record of work on the case: written by those who do it, not by read-only
  // staff (VIEWER) nor by the gateway's administrators, whose work is the system rather than the person.
  'casework:note': ['HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST'],
  // Administrators get the tasks made for calls given up (they retry them), so they may close them too.
  'casework:task': ['HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST', 'ADMIN'],
  // Hub-internal casework: never a trust-scoped role, by any path.
  'onward:read': HUB_STAFF,
  'onward:make': ['HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST'],
  // Figures over every trust's referrals and the hub's own work: a trust would learn of the others' and of the hub's casework.
  'performance:read': HUB_STAFF,
};

export function can(viewer: Viewer, permission: Permission): boolean {
  return GRANTS[permission].includes(viewer.role);
}

export function authorize(viewer: Viewer, permission: Permission): void {
  if (!can(viewer, permission)) throw forbidden(viewer, permission);
}

export function forbidden(viewer: Viewer, permission: Permission): ForbiddenError {
  return new ForbiddenError(`The ${viewer.role} role may not ${DESCRIPTIONS[permission]}`, { permission, role: viewer.role });
}

/** Whether the viewer speaks for one trust (a hospital team, a trust's feed) and sees only that trust's. */
export function isTrustScoped(viewer: Viewer): boolean {
  return TRUST_SCOPED.includes(viewer.role);
}

/**
 * The trust whose referrals alone this viewer may see, or null for all
 * trusts. A hospital team or trust feed is held to its own trust; a feed
 * that speaks for no trust sees none.
 */
export function referralTrustScope(viewer: Viewer): string | null {
  authorize(viewer, 'referral:read');
  if (!isTrustScoped(viewer)) return null;
  if (viewer.trustOdsCode === null) {
    throw new ForbiddenError('A SYSTEM token must carry a trust claim to read referrals', { role: viewer.role });
  }
  return viewer.trustOdsCode;
}

/**
 * Arguments of the referrals list that would tell a viewer what the fields
 * it is shown do not: who on the hub's staff has a referral (assignedWorker
 * is the hub's), and a referral's own clock, which moves with changes a
 * trust is not shown (a trust's updatedAt is its last step shown). Each
 * needs what the hub's details need; `used` names the arguments given.
 */
export function authorizeReferralListArguments(viewer: Viewer, used: readonly string[]): void {
  if (can(viewer, 'referral:hubDetails')) return;
  const refused = used[0];
  if (refused === undefined) return;
  throw new ForbiddenError(`${refused}: the ${viewer.role} role may not filter or sort referrals by what only the hub sees`, {
    argument: refused,
    permission: 'referral:hubDetails',
    role: viewer.role,
  });
}

/** History steps that record the council moving a referral between its customer records. */
const CUSTOMER_MOVES: readonly ReferralAction[] = ['CUSTOMER_MERGED', 'CUSTOMER_CHANGED'];

/** History steps about what only the hub sees of a referral (its risk assessment, which of a team's workers has it). */
const HUB_ONLY_STEPS: readonly ReferralAction[] = ['RISKS_UPDATED', 'WORKER_REASSIGNED'];

/** History steps about the person's recorded death: whose report it was is the step's actor. */
const DEATH_STEPS: readonly ReferralAction[] = ['PERSON_DIED', 'PERSON_DEATH_REMOVED'];

/**
 * Whether a viewer is shown a death reported by this trust. A death is
 * recorded on the customer, whichever trust reported it, and told on every
 * referral of theirs; but a trust is a stranger to the others, so a hospital
 * team sees only its own trust's report (another's tells it what another
 * trust knows of its patient).
 */
export function showsDeathReportedBy(viewer: Viewer, trust: string): boolean {
  return !isTrustScoped(viewer) || viewer.trustOdsCode === trust;
}

/**
 * Whether a referral's history step is for this viewer. Which customer record
 * holds a referral is the council's business, and a move tells of it
 * whichever way it went: a coordinator's move, that the patient was found to
 * be someone another trust or the council knows; the trust's own merge or
 * traced number moving it (or not), that the council holds the number, or
 * another trust's referral. A hospital team sees none of them, nor a step
 * about a death it did not report itself, nor the hub changing its risk
 * assessment (the risks are the hub's) or the worker within a team.
 */
export function showsHistoryStep(viewer: Viewer, step: { action: ReferralAction; by: ActorRecord }): boolean {
  if (!isTrustScoped(viewer)) return true;
  if (CUSTOMER_MOVES.includes(step.action) || HUB_ONLY_STEPS.includes(step.action)) return false;
  if (!DEATH_STEPS.includes(step.action)) return true;
  // A death step is its reporting trust's feed's; the hub's own (a removal on review) is the council's business.
  const reporter = stepTrust(step);
  return reporter !== null && showsDeathReportedBy(viewer, reporter);
}

/**
 * A field's rule. A permission: without it the field is null with a
 * FORBIDDEN error. `nullUnless`: a value that depends on whose it is reads
 * as null, without an error, unless the viewer holds the permission or is
 * the trust `ownTrust` finds in the parent (a hospital team sees its own
 * feed's steps in full, the hub's by role only).
 */
export type FieldRule = Permission | { nullUnless: Permission; ownTrust?: (parent: never) => string | null };

/** The trust that made a history step: its feed, or its ward's form (which goes through the feed). */
const stepTrust = (event: { by: ActorRecord }) => trustOfFeedActor(event.by);

/**
 * Every root field, and every field of the types that are a person's data
 * (PERSON_TYPES: each of their fields needs a rule), plus any other field
 * that returns a person's data. Fields of the PART_TYPES (names, addresses,
 * history steps) are read through the field that returned them; the few
 * listed here are rules on a part's value.
 */
export const FIELD_RULES: Readonly<Record<string, Readonly<Record<string, FieldRule>>>> = {
  // Each event is read through the same rules as the query that reads it; these decide who may subscribe at all.
  Subscription: {
    referralChanged: 'referral:read',
    hubBoardChanged: 'hubBoard:read',
    equipmentOrderChanged: 'equipment:read',
  },
  Query: {
    viewer: 'self:read',
    customer: 'customer:read',
    customerByNhsNumber: 'customer:read',
    searchCustomers: 'customer:read',
    identityReviews: 'identity:review',
    personUpdateReviews: 'identity:review',
    referral: 'referral:read',
    referrals: 'referral:read',
    hubBoard: 'hubBoard:read',
    dischargeTracker: 'tracker:read',
    equipmentCatalogue: 'equipment:read',
    deliverySpeeds: 'equipment:read',
    equipmentOrder: 'equipment:read',
    equipmentOrders: 'equipment:read',
    auditEvents: 'audit:read',
    inboxMessages: 'inbox:admin',
    outboxCalls: 'outbox:admin',
    myTasks: 'casework:read',
    teamTasks: 'casework:read',
    onwardServices: 'onward:read',
    hubPerformance: 'performance:read',
  },
  Mutation: {
    resolveIdentityReview: 'identity:review',
    acceptPersonUpdate: 'identity:review',
    dismissPersonUpdate: 'identity:review',
    triageReferral: 'referral:decide',
    acceptReferral: 'referral:decide',
    declineReferral: 'referral:decide',
    closeReferral: 'referral:decide',
    reassignReferral: 'referral:decide',
    reopenReferral: 'referral:decide',
    updateRisks: 'referral:decide',
    createReferral: 'referral:create',
    submitDischarge: 'discharge:submit',
    placeEquipmentOrder: 'equipment:order',
    authoriseEquipmentOrder: 'equipment:authorise',
    cancelEquipmentOrder: 'equipment:order',
    requestEquipmentCollection: 'equipment:order',
    replayInboxMessage: 'inbox:admin',
    retryOutboxCall: 'outbox:admin',
    addCaseNote: 'casework:note',
    createTask: 'casework:task',
    completeTask: 'casework:task',
    cancelTask: 'casework:task',
    makeOnwardReferral: 'onward:make',
  },
  Customer: {
    id: 'customer:read',
    nhsNumber: 'customer:read',
    name: 'customer:read',
    dateOfBirth: 'customer:read',
    sex: 'customer:read',
    address: 'customer:read',
    phones: 'customer:read',
    gpPractice: 'customer:read',
    communication: 'customer:read',
    contacts: 'customer:read',
    death: 'customer:read',
    referrals: 'customer:read',
    equipmentOrders: 'equipment:read',
    identities: 'customer:identities',
    careRecord: 'careRecord:read',
    careRecords: 'careRecord:read',
    communityHealth: 'communityHealth:read',
  },
  Referral: {
    id: 'referral:read',
    customer: 'customer:read',
    careRecordReferences: 'careRecord:read',
    source: 'referral:read',
    // Only referrals from outside a hospital have one, and they belong to no trust (TRUST_OWNED): hub staff alone read them.
    referrer: 'referral:read',
    referringTrust: 'referral:read',
    ward: 'referral:read',
    admittedAt: 'referral:read',
    expectedDischargeOn: 'referral:read',
    dischargeReadyOn: 'referral:read',
    dischargedAt: 'referral:read',
    hospitalSpell: 'referral:read',
    referredPerson: 'referral:read',
    // Hospital teams: their own trust's report only (showsDeathReportedBy, in the resolver).
    personDied: 'referral:read',
    pathway: 'referral:read',
    status: 'referral:read',
    priority: 'referral:read',
    needsSummary: 'referral:read',
    risks: 'referral:hubDetails',
    assignedTeam: 'referral:read',
    assignedWorker: 'referral:hubDetails',
    triage: 'referral:hubDetails',
    receivedAt: 'referral:read',
    updatedAt: 'referral:read',
    history: 'referral:read',
    notes: 'casework:read',
    tasks: 'casework:read',
    onwardReferrals: 'onward:read',
  },
  // Every column is the tracker's: hub staff's, as the whole of it is.
  DischargeTrackerRow: {
    id: 'tracker:read',
    receivedOn: 'tracker:read',
    source: 'tracker:read',
    trustOdsCode: 'tracker:read',
    trustName: 'tracker:read',
    ward: 'tracker:read',
    nhsNumber: 'tracker:read',
    name: 'tracker:read',
    dateOfBirth: 'tracker:read',
    postcode: 'tracker:read',
    pathway: 'tracker:read',
    priority: 'tracker:read',
    status: 'tracker:read',
    expectedDischargeOn: 'tracker:read',
    dischargeReadyOn: 'tracker:read',
    dischargedOn: 'tracker:read',
    delayDays: 'tracker:read',
    triagedBy: 'tracker:read',
    triagedAt: 'tracker:read',
    decision: 'tracker:read',
    decidedAt: 'tracker:read',
    team: 'tracker:read',
    worker: 'tracker:read',
    equipmentOrders: 'tracker:read',
    equipmentStatuses: 'tracker:read',
    onwardReferrals: 'tracker:read',
    onwardStatuses: 'tracker:read',
    daysOpen: 'tracker:read',
  },
  OnwardReferral: {
    id: 'onward:read',
    kind: 'onward:read',
    serviceName: 'onward:read',
    targetSystem: 'onward:read',
    destination: 'onward:read',
    status: 'onward:read',
    targetReference: 'onward:read',
    statusReason: 'onward:read',
    reason: 'onward:read',
    details: 'onward:read',
    madeBy: 'onward:read',
    madeAt: 'onward:read',
    updatedAt: 'onward:read',
    history: 'onward:read',
  },
  ReferralEvent: {
    reason: { nullUnless: 'referral:hubDetails', ownTrust: stepTrust },
    inboxMessageId: { nullUnless: 'referral:hubDetails', ownTrust: stepTrust },
  },
  Actor: {
    subject: { nullUnless: 'staff:identify', ownTrust: trustOfFeedActor },
    name: { nullUnless: 'staff:identify', ownTrust: trustOfFeedActor },
  },
  EquipmentOrder: {
    id: 'equipment:read',
    customer: 'customer:read',
    referral: 'equipment:read',
    lines: 'equipment:read',
    deliverySpeed: 'equipment:read',
    deliveryAddress: 'equipment:read',
    accessNotes: 'equipment:read',
    keySafe: 'equipment:read',
    contactPhone: 'equipment:read',
    serviceType: 'equipment:read',
    clinicalReason: 'equipment:read',
    status: 'equipment:read',
    deliverySlot: 'equipment:read',
    collectionReference: 'equipment:read',
    supplierReference: 'equipment:read',
    totalCost: 'equipment:read',
    placedBy: 'equipment:read',
    placedAt: 'equipment:read',
    authorisation: 'equipment:read',
    history: 'equipment:read',
    tasks: 'casework:read',
  },
  // The referrer's own contact details: the hub's to call back, never a hospital's to read.
  Referrer: {
    phone: 'referral:hubDetails',
    email: 'referral:hubDetails',
  },
  KeySafe: {
    present: 'equipment:read',
    code: { nullUnless: 'equipment:keySafe' },
  },
  IdentityReview: {
    id: 'identity:review',
    kind: 'identity:review',
    identity: 'identity:review',
    basis: 'identity:review',
    sender: 'identity:review',
    sentPerson: 'identity:review',
    customer: 'identity:review',
    mergeFrom: 'identity:review',
    heldBecause: 'identity:review',
    raisedAt: 'identity:review',
  },
  PersonUpdateReview: {
    id: 'identity:review',
    customer: 'identity:review',
    sender: 'identity:review',
    sentPerson: 'identity:review',
    differences: 'identity:review',
    referral: 'identity:review',
    raisedAt: 'identity:review',
    updatedAt: 'identity:review',
  },
  CareRecord: {
    source: 'careRecord:read',
    caseStatus: 'careRecord:read',
    caseOpenedOn: 'careRecord:read',
    allocatedWorker: 'careRecord:read',
    team: 'careRecord:read',
    alerts: 'careRecord:read',
    carePackage: 'careRecord:read',
    carers: 'careRecord:read',
  },
  CommunityHealthRecord: {
    source: 'communityHealth:read',
    involvements: 'communityHealth:read',
  },
  InboxMessage: {
    id: 'inbox:admin',
    receivedAt: 'inbox:admin',
    transport: 'inbox:admin',
    sender: 'inbox:admin',
    controlId: 'inbox:admin',
    messageType: 'inbox:admin',
    contentType: 'inbox:admin',
    status: 'inbox:admin',
    error: 'inbox:admin',
    attempts: 'inbox:admin',
    appliedAt: 'inbox:admin',
    note: 'inbox:admin',
    body: 'inbox:admin',
  },
  AuditEvent: {
    lookId: 'audit:read',
    at: 'audit:read',
    actor: 'audit:read',
    trustOdsCode: 'audit:read',
    operation: 'audit:read',
    action: 'audit:read',
    purpose: 'audit:read',
    customerId: 'audit:read',
    search: 'audit:read',
    records: 'audit:read',
    requestId: 'audit:read',
  },
  HubBoard: {
    oldestUntriaged: 'hubBoard:read',
    referralsOfPeopleWhoDied: 'hubBoard:read',
    equipmentOrdersOfPeopleWhoDied: 'equipment:read',
    overdueTasks: 'casework:read',
  },
  CaseNote: {
    id: 'casework:read',
    category: 'casework:read',
    text: 'casework:read',
    author: 'casework:read',
    writtenAt: 'casework:read',
    corrects: 'casework:read',
    correctedBy: 'casework:read',
  },
  Task: {
    id: 'casework:read',
    title: 'casework:read',
    dueAt: 'casework:read',
    assignee: 'casework:read',
    status: 'casework:read',
    overdue: 'casework:read',
    referral: 'casework:read',
    equipmentOrder: 'casework:read',
    cause: 'casework:read',
    identityReviewId: 'casework:read',
    outboxCallId: 'casework:read',
    createdBy: 'casework:read',
    createdAt: 'casework:read',
    closedBy: 'casework:read',
    closedAt: 'casework:read',
    cancelReason: 'casework:read',
  },
};

/** Types whose objects are one person's data: every field has a rule in FIELD_RULES. */
export const PERSON_TYPES: readonly string[] = [
  'Customer',
  'Referral',
  'EquipmentOrder',
  'KeySafe',
  'IdentityReview',
  'PersonUpdateReview',
  'CareRecord',
  'CommunityHealthRecord',
  'InboxMessage',
  'AuditEvent',
  // A note or task names a referral or order, and so a person.
  'CaseNote',
  'Task',
  'OnwardReferral',
  // A row of the discharge tracker: a referral with the council's record of its person.
  'DischargeTrackerRow',
];

/** Parts of a person's data, seen only through a field of a person type (or a rule on their own value). */
export const PART_TYPES: readonly string[] = [
  'Actor',
  'PersonName',
  'Address',
  'Phone',
  'CommunicationNeeds',
  'RelatedPerson',
  'CustomerIdentity',
  'ReferredPerson',
  'ReferredContact',
  'ContactRelationship',
  'ReportedDeath',
  'RecordedDeath',
  'Risks',
  'TriageDecision',
  'Referrer',
  // A live event of a referral: read through Subscription.referralChanged.
  'ReferralChange',
  'ReferralEvent',
  'OnwardReferralEvent',
  'HospitalSpell',
  'CareRecordReference',
  'CareRecordSource',
  'CareAlert',
  'CareWorker',
  'CareTeam',
  'CarePackage',
  'CareService',
  'Carer',
  'CommunityHealthSource',
  'CommunityHealthInvolvement',
  'CommunityProfessional',
  'OrderLine',
  'TimeWindow',
  'EquipmentAuthorisation',
  'EquipmentOrderEvent',
  'AuditSearch',
  'InboxError',
  // Lists of person types: whoever may read the field that returns one reads its edges.
  'CustomerConnection',
  'CustomerEdge',
  'ReferralConnection',
  'ReferralEdge',
  'EquipmentOrderConnection',
  'EquipmentOrderEdge',
  'AuditEventConnection',
  'AuditEventEdge',
  'InboxMessageConnection',
  'InboxMessageEdge',
  'CaseNoteConnection',
  'CaseNoteEdge',
  'TaskConnection',
  'TaskEdge',
  'TaskAssignee',
  'DischargeTrackerConnection',
  'DischargeTrackerEdge',
];

/** Types that hold nothing of a person: reference data, counts, the caller, calls owed (never their content). */
export const NOT_PERSONAL_TYPES: readonly string[] = [
  'Query',
  'Mutation',
  'Subscription',
  'Viewer',
  'Organisation',
  'Money',
  'PageInfo',
  'CatalogueItem',
  'CatalogueItemEdge',
  'CatalogueItemConnection',
  'DeliverySpeed',
  'HubBoard',
  'ReferralCount',
  'StatusCount',
  'PathwayCount',
  'TeamTaskCount',
  'OnwardService',
  // Counts over a cohort, never a row of one person (docs/security.md, "The hub's figures").
  'HubPerformance',
  'PerformanceGroup',
  'ResponseTime',
  'DischargeDelay',
  'DelayBand',
  'DaysFromReady',
  'Readmissions',
  // A team's and worker's count of open cases: hub staff know who has which case anyway (staff:identify).
  'CaseloadCount',
  'OutboxCall',
  'OutboxCallEdge',
  'OutboxCallConnection',
];

/**
 * Objects that belong to one trust's referrals, and which trust: a
 * trust-scoped viewer reads no field of another trust's, whatever path
 * brought the object to it.
 */
export const TRUST_OWNED: Readonly<Record<string, (value: never) => string | null>> = {
  Referral: (referral: { referringTrustOdsCode: string | null }) => referral.referringTrustOdsCode,
};
