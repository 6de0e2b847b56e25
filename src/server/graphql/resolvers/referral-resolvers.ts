import type { GraphQLResolveInfo } from 'graphql';
import { authorizeReferralListArguments, isTrustScoped, referralTrustScope, showsDeathReportedBy, showsHistoryStep } from '../../../auth/policy.js';
import { ForbiddenError } from '../../../errors.js';
import type { Viewer } from '../../../auth/viewer.js';
import type {
  DischargePathway,
  MutationResolvers,
  QueryResolvers,
  ReferralFilter,
  Resolvers,
} from '../../../generated/graphql.js';
import { optionalText, requireId, requireText } from '../../../arguments.js';
import { changeMakerOf } from '../change-maker.js';
import type { GatewayContext } from '../../request/context.js';
import { organisationByOdsCode, owningCustomer } from '../lookups.js';
import { readPage } from '../../../store/pagination.js';
import { readSearchText } from '../../../customers/name-search.js';
import { isReferralPosition } from '../../../referrals/referral-order.js';
import { decideReferral } from '../../../referrals/decide-referral.js';
import { submitDischarge } from '../../../referrals/submit-discharge.js';
import { checkRisks, createReferral } from '../../../referrals/create-referral.js';
import { REFERRAL_STATUSES, type HubBoardRecord, type ReferralEventRecord, type ReferralListFilter, type ReferralRecord } from '../../../referrals/referral.js';
import { isOpen, type ReferralCommand } from '../../../referrals/referral-state-machine.js';

const PATHWAYS: readonly (DischargePathway | null)[] = ['PATHWAY_0', 'PATHWAY_1', 'PATHWAY_2', 'PATHWAY_3', null];

/** A referral outside the viewer's trust scope reads as absent, so ids reveal nothing. */
async function visibleReferral(ctx: GatewayContext, id: string): Promise<ReferralRecord | null> {
  const trust = referralTrustScope(ctx.viewer);
  const referral = await ctx.loaders.referral.load(id);
  if (!referral || (trust !== null && referral.referringTrustOdsCode !== trust)) return null;
  return referral;
}

export async function historySeenBy(ctx: GatewayContext, referral: ReferralRecord): Promise<ReferralEventRecord[]> {
  return (await ctx.loaders.referralHistory.load(referral.id)).filter((step) => showsHistoryStep(ctx.viewer, step));
}

const resolveById: QueryResolvers['referral'] = (_, { id }, ctx) => visibleReferral(ctx, requireId(id, 'id'));

/**
 * A viewer's referral filter as the repository takes it: the trust it may
 * name (its own if trust-scoped, another's refused; any for hub staff), the
 * hub-only arguments refused to others, and the search text read. One rule
 * for the list and for the live events that follow it.
 */
export function referralListFilter(viewer: Viewer, filter: ReferralFilter | null | undefined): ReferralListFilter {
  const trust = referralTrustScope(viewer);
  // ODS codes are upper case wherever they come from; "r1a" means R1A.
  const asked = filter?.trustOdsCode?.trim().toUpperCase() || null;
  if (trust !== null && asked !== null && asked !== trust) {
    throw new ForbiddenError(`filter.trustOdsCode: a ${viewer.role} token for ${trust} may read only ${trust}'s referrals`, {
      argument: 'filter.trustOdsCode',
    });
  }
  authorizeReferralListArguments(viewer, [
    ...(filter?.assignedWorker != null ? ['filter.assignedWorker'] : []),
    ...(filter?.updatedSince != null ? ['filter.updatedSince'] : []),
  ]);
  const text = readSearchText(filter?.text, 'filter.text');
  return {
    ...filter,
    trustOdsCode: trust ?? asked,
    search: text === null ? null : { text, of: trust === null ? 'CUSTOMER' : 'AS_SENT' },
  };
}

const resolveByFilter: QueryResolvers['referrals'] = async (_, { filter, orderBy, first, after }, ctx) => {
  if (orderBy.field === 'UPDATED') authorizeReferralListArguments(ctx.viewer, ['orderBy']);
  const listFilter = referralListFilter(ctx.viewer, filter);
  const page = readPage({ first, after }, isReferralPosition, ctx.limits.maxPageSize);
  const { search } = listFilter;
  if (!search) return ctx.repositories.referrals.list(listFilter, page, orderBy);
  // A search tells whether someone is known by its count alone: it is a look at everyone it matched.
  const [found, matched] = await Promise.all([
    ctx.repositories.referrals.list(listFilter, page, orderBy),
    ctx.repositories.referrals.customersMatching(listFilter),
  ]);
  ctx.auditTrail.noteSearch({ text: search.text, nhsNumber: null, dateOfBirth: null, postcode: null }, matched);
  return found;
};

const resolveHubBoard: QueryResolvers['hubBoard'] = (_, __, ctx) => ctx.repositories.referrals.hubBoard();

function countWhere(board: HubBoardRecord, matches: (count: HubBoardRecord['counts'][number]) => boolean): number {
  return board.counts.filter(matches).reduce((sum, count) => sum + count.count, 0);
}

/** Runs a hub decision for the caller (who may decide is the policy's, enforced on the schema). */
function decide(ctx: GatewayContext, info: GraphQLResolveInfo, referralId: string, command: ReferralCommand) {
  return decideReferral(
    changeMakerOf(ctx, info),
    requireId(referralId, 'input.referralId'),
    command,
    ctx.careRecordSystems.map((system) => system.system),
  );
}

const mutations: MutationResolvers = {
  triageReferral: (_, { input }, ctx, info) =>
    decide(ctx, info, input.referralId, {
      kind: 'triage',
      pathway: input.pathway,
      priority: input.priority,
      reason: requireText(input.reason, 'input.reason'),
    }),
  acceptReferral: (_, { input }, ctx, info) =>
    decide(ctx, info, input.referralId, {
      kind: 'accept',
      assignedTeam: requireText(input.assignedTeam, 'input.assignedTeam', 200),
      assignedWorker: optionalText(input.assignedWorker, 'input.assignedWorker', 200),
      note: optionalText(input.note, 'input.note'),
    }),
  declineReferral: (_, { input }, ctx, info) =>
    decide(ctx, info, input.referralId, { kind: 'decline', reason: requireText(input.reason, 'input.reason') }),
  closeReferral: (_, { input }, ctx, info) =>
    decide(ctx, info, input.referralId, { kind: 'close', reason: requireText(input.reason, 'input.reason') }),
  reassignReferral: (_, { input }, ctx, info) =>
    decide(ctx, info, input.referralId, {
      kind: 'reassign',
      assignedTeam: requireText(input.assignedTeam, 'input.assignedTeam', 200),
      assignedWorker: optionalText(input.assignedWorker, 'input.assignedWorker', 200),
      reason: optionalText(input.reason, 'input.reason'),
    }),
  reopenReferral: (_, { input }, ctx, info) =>
    decide(ctx, info, input.referralId, {
      kind: 'reopen',
      reason: requireText(input.reason, 'input.reason'),
      windowSeconds: ctx.referralRules.reopenWindowSeconds,
    }),
  updateRisks: (_, { input }, ctx, info) =>
    decide(ctx, info, input.referralId, {
      kind: 'updateRisks',
      risks: checkRisks(input.risks),
      reason: optionalText(input.reason, 'input.reason'),
    }),
  createReferral: (_, { input, idempotencyKey }, ctx, info) => createReferral(changeMakerOf(ctx, info), input, idempotencyKey),
  submitDischarge: (_, { input }, ctx) =>
    submitDischarge({ trustOdsCode: ctx.viewer.trustOdsCode, now: ctx.now, inbox: ctx.inbox, referrals: ctx.repositories.referrals }, input),
};

export const referralResolvers: Resolvers = {
  Query: {
    referral: resolveById,
    referrals: resolveByFilter,
    hubBoard: resolveHubBoard,
  },
  Mutation: mutations,
  HubBoard: {
    byStatus: (board) => REFERRAL_STATUSES.map((status) => ({ status, count: countWhere(board, (c) => c.status === status) })),
    byPathway: (board) =>
      PATHWAYS.map((pathway) => ({
        pathway,
        count: countWhere(board, (c) => c.pathway === pathway && isOpen(c.status)),
      })),
    oldestUntriaged: (_, { first }, ctx) => {
      const page = readPage({ first }, 'uuid', ctx.limits.maxPageSize);
      return ctx.repositories.referrals.oldestUntriaged(page.first);
    },
    referralsOfPeopleWhoDied: (_, { first }, ctx) => {
      const page = readPage({ first }, 'uuid', ctx.limits.maxPageSize);
      return ctx.repositories.referrals.openOfPeopleWhoDied(page.first);
    },
    equipmentOrdersOfPeopleWhoDied: (_, { first }, ctx) => {
      const page = readPage({ first }, 'uuid', ctx.limits.maxPageSize);
      return ctx.repositories.equipmentOrders.pendingOfPeopleWhoDied(page.first);
    },
  },
  Referral: {
    customer: (referral, _, ctx, info) => owningCustomer(ctx, info, referral.customerId, `Referral ${referral.id}`),
    referringTrust: (referral, _, ctx) => organisationByOdsCode(ctx, referral.referringTrustOdsCode),
    history: (referral, _, ctx) => historySeenBy(ctx, referral),
    // A trust's clock of its referral is the history it is shown: a change it is not shown must not move it either.
    updatedAt: async (referral, _, ctx) =>
      isTrustScoped(ctx.viewer) ? ((await historySeenBy(ctx, referral)).at(-1)?.at ?? referral.receivedAt) : referral.updatedAt,
    careRecordReferences: (referral, _, ctx) => ctx.loaders.careRecordReferences.load(referral.id),
    // The death recorded on the customer, as this viewer may be shown it: a hospital team, its own trust's report only.
    personDied: async (referral, _, ctx) => {
      const reports = (await ctx.loaders.customer.load(referral.customerId))?.deathReports ?? [];
      return reports.find((report) => showsDeathReportedBy(ctx.viewer, report.trust)) ?? null;
    },
  },
  ReportedDeath: {
    diedOn: (death) => (death.died ? death.diedOn : null),
    diedAt: (death) => (death.died && death.diedAt !== null ? new Date(death.diedAt) : null),
  },
  ReferredPerson: {
    name: (person) => ({ title: person.title, given: person.givenName, family: person.familyName, preferred: person.preferredName ?? null }),
    contacts: (person) => person.contacts ?? [],
  },
};
