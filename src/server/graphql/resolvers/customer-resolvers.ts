import { referralTrustScope } from '../../../auth/policy.js';
import { BadInputError } from '../../../errors.js';
import type { MutationResolvers, QueryResolvers, Resolvers } from '../../../generated/graphql.js';
import { requireId } from '../../../arguments.js';
import { changeMakerOf } from '../change-maker.js';
import { childConnection } from '../child-connection.js';
import type { GatewayContext } from '../../request/context.js';
import { organisationByOdsCode, owningCustomer } from '../lookups.js';
import type { Selection } from '../../request/look-ahead.js';
import { readPage } from '../../../store/pagination.js';
import { readSearchText } from '../../../customers/name-search.js';
import { isReferralPosition, NEWEST_RECEIVED, referralPosition } from '../../../referrals/referral-order.js';
import { recordedDeath } from '../../../customers/deaths.js';
import { decidePersonUpdate } from '../../../customers/decide-person-update.js';
import { demographicDifferences } from '../../../customers/demographics.js';
import { IdentityReviewRepository } from '../../../customers/identity-review-repository.js';
import { PersonUpdateReviewRepository } from '../../../customers/person-update-review-repository.js';
import { resolveIdentityReview } from '../../../customers/resolve-identity-review.js';

// Who may call each field is the policy's (auth/policy.ts FIELD_RULES), enforced on the schema.

const resolveById: QueryResolvers['customer'] = (_, { id }, ctx) => ctx.loaders.customer.load(requireId(id, 'id'));

/** A lookup by NHS number is a search: that nobody has the number is on record too. */
const resolveByNhsNumber: QueryResolvers['customerByNhsNumber'] = async (_, { nhsNumber }, ctx) => {
  const customer = await ctx.repositories.customers.findByNhsNumber(nhsNumber);
  ctx.auditTrail.noteSearch({ nhsNumber, text: null, dateOfBirth: null, postcode: null }, customer ? [customer.id] : []);
  return customer;
};

const resolveBySearch: QueryResolvers['searchCustomers'] = async (_, args, ctx) => {
  const text = readSearchText(args.text, 'text') ?? '';
  if (!text && !args.dateOfBirth && !args.postcode) {
    throw new BadInputError('text', 'give at least one of text, dateOfBirth or postcode');
  }
  const page = readPage(args, 'uuid', ctx.limits.maxPageSize);
  const criteria = { text: text || null, dateOfBirth: args.dateOfBirth ?? null, postcode: args.postcode ?? null };
  const { page: found, matched } = await ctx.repositories.customers.search(criteria, page);
  ctx.auditTrail.noteSearch({ ...criteria, nhsNumber: null }, matched);
  return found;
};

const mutations: MutationResolvers = {
  resolveIdentityReview: async (_, { input }, ctx, info) => {
    const customerId = await resolveIdentityReview(changeMakerOf(ctx, info), requireId(input.id, 'input.id'), input.decision);
    return owningCustomer(ctx, info, customerId, 'Identity review');
  },
  acceptPersonUpdate: async (_, { input }, ctx, info) => {
    const customerId = await decidePersonUpdate(changeMakerOf(ctx, info), requireId(input.reviewId, 'input.reviewId'), { accept: input.fields });
    return owningCustomer(ctx, info, customerId, 'Person update review');
  },
  dismissPersonUpdate: async (_, { reviewId }, ctx, info) => {
    const customerId = await decidePersonUpdate(changeMakerOf(ctx, info), requireId(reviewId, 'reviewId'), 'DISMISS');
    return owningCustomer(ctx, info, customerId, 'Person update review');
  },
};

/** A customer a review names, for a field of the review that returns it. */
function reviewCustomer(ctx: GatewayContext, info: Selection, customerId: string) {
  return owningCustomer(ctx, info, customerId, 'Review');
}

export const customerResolvers: Resolvers = {
  RecordedDeath: {
    reportedBy: async (report, _, ctx) => (await organisationByOdsCode(ctx, report.trust))!,
    diedAt: (report) => (report.diedAt === null ? null : new Date(report.diedAt)),
    reportedAt: (report) => new Date(report.reportedAt),
    recordedAt: (report) => new Date(report.recordedAt),
    inboxMessageId: (report) => report.messageId,
  },
  Query: {
    customer: resolveById,
    customerByNhsNumber: resolveByNhsNumber,
    searchCustomers: resolveBySearch,
    identityReviews: (_, args, ctx) => new IdentityReviewRepository(ctx.db).listOpen(readPage(args, 'uuid', ctx.limits.maxPageSize).first),
    personUpdateReviews: (_, args, ctx) => new PersonUpdateReviewRepository(ctx.db).listOpen(readPage(args, 'uuid', ctx.limits.maxPageSize).first),
  },
  Mutation: mutations,
  IdentityReview: {
    // LINK: the link waiting. MERGE: the sender's identifier of the customer it would merge away.
    identity: (review) => ({
      system: review.system,
      localId: review.localId,
      needsReview: review.kind === 'LINK',
      linkedAt: review.raisedAt,
      customerId: review.mergeFromCustomerId ?? review.customerId,
    }),
    sender: (review, _, ctx) => organisationByOdsCode(ctx, review.sender),
    customer: (review, _, ctx, info) => reviewCustomer(ctx, info, review.customerId),
    mergeFrom: (review, _, ctx, info) => (review.mergeFromCustomerId === null ? null : reviewCustomer(ctx, info, review.mergeFromCustomerId)),
  },
  PersonUpdateReview: {
    customer: (review, _, ctx, info) => reviewCustomer(ctx, info, review.customerId),
    sender: async (review, _, ctx) => (await organisationByOdsCode(ctx, review.sender))!,
    differences: async (review, _, ctx) => {
      const customer = await ctx.loaders.customer.load(review.customerId);
      return customer ? demographicDifferences(customer, review.sentPerson) : [];
    },
    referral: async (review, _, ctx) => (await ctx.loaders.referralsOfCustomer(1, review.sender).load(review.customerId))[0] ?? null,
  },
  Customer: {
    gpPractice: (customer, _, ctx) => organisationByOdsCode(ctx, customer.gpPracticeOdsCode),
    death: (customer) => recordedDeath(customer.deathReports),
    referrals: (customer, args, ctx) => {
      const trust = referralTrustScope(ctx.viewer);
      const page = readPage(args, isReferralPosition, ctx.limits.maxPageSize);
      return childConnection({
        page,
        firstPage: () => ctx.loaders.referralsOfCustomer(page.first + 1, trust).load(customer.id),
        laterPage: () => ctx.repositories.referrals.list({ customerId: customer.id, trustOdsCode: trust }, page, NEWEST_RECEIVED),
        count: () => ctx.loaders.referralCountOfCustomer(trust).load(customer.id),
        positionOf: (referral) => referralPosition(NEWEST_RECEIVED, referral),
      });
    },
    equipmentOrders: (customer, args, ctx) => {
      const page = readPage(args, 'uuid', ctx.limits.maxPageSize);
      return childConnection({
        page,
        firstPage: () => ctx.loaders.equipmentOrdersOfCustomer(page.first + 1).load(customer.id),
        laterPage: () => ctx.repositories.equipmentOrders.list({ customerId: customer.id }, page),
        count: () => ctx.loaders.equipmentOrderCountOfCustomer.load(customer.id),
      });
    },
    identities: (customer, _, ctx) => ctx.loaders.identities.load(customer.id),
  },
};
