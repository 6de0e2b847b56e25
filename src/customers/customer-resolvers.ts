import { authorize, referralTrustScope } from '../auth/policy.js';
import { BadInputError } from '../errors.js';
import type { QueryResolvers, Resolvers } from '../generated/graphql.js';
import { describeOperation } from '../audit/operation-name.js';
import { requireId, requireText } from '../server/arguments.js';
import { childConnection } from '../server/child-connection.js';
import { organisationByOdsCode, owningCustomer } from '../server/lookups.js';
import { readPage } from '../store/pagination.js';
import { searchWords } from './customer-repository.js';
import { resolveIdentityReview } from './resolve-identity-review.js';

const resolveById: QueryResolvers['customer'] = (_, { id }, ctx) => {
  authorize(ctx.viewer, 'customer:read');
  return ctx.loaders.customer.load(requireId(id, 'id'));
};

const resolveByNhsNumber: QueryResolvers['customerByNhsNumber'] = (_, { nhsNumber }, ctx) => {
  authorize(ctx.viewer, 'customer:read');
  return ctx.repositories.customers.findByNhsNumber(nhsNumber);
};

const MIN_SEARCH_TEXT = 2;
// A person's names and an NHS number fit easily; more is not a search.
const MAX_SEARCH_TEXT = 100;
const MAX_SEARCH_WORDS = 6;

const resolveBySearch: QueryResolvers['searchCustomers'] = (_, args, ctx) => {
  authorize(ctx.viewer, 'customer:read');
  const text = args.text?.trim() ?? '';
  if (!text && !args.dateOfBirth && !args.postcode) {
    throw new BadInputError('text', 'give at least one of text, dateOfBirth or postcode');
  }
  if (text && text.length < MIN_SEARCH_TEXT) {
    throw new BadInputError('text', `must be at least ${MIN_SEARCH_TEXT} characters`);
  }
  if (text.length > MAX_SEARCH_TEXT || searchWords(text).length > MAX_SEARCH_WORDS) {
    throw new BadInputError('text', `must be at most ${MAX_SEARCH_TEXT} characters and ${MAX_SEARCH_WORDS} words`);
  }
  const page = readPage(args, 'uuid', ctx.limits.maxPageSize);
  return ctx.repositories.customers.search({ text, dateOfBirth: args.dateOfBirth, postcode: args.postcode }, page);
};

export const customerResolvers: Resolvers = {
  Query: {
    customer: resolveById,
    customerByNhsNumber: resolveByNhsNumber,
    searchCustomers: resolveBySearch,
    identityReviews: (_, args, ctx) => {
      authorize(ctx.viewer, 'identity:review');
      const page = readPage(args, 'uuid', ctx.limits.maxPageSize);
      return ctx.repositories.customers.identitiesNeedingReview(page.first);
    },
  },
  Mutation: {
    resolveIdentityReview: async (_, { input }, ctx, info) => {
      authorize(ctx.viewer, 'identity:review');
      const customerId = await resolveIdentityReview(
        { db: ctx.db, viewer: ctx.viewer, requestId: ctx.requestId, operation: describeOperation(info.operation), at: ctx.now() },
        {
          system: requireText(input.system, 'input.system', 200),
          localId: requireText(input.localId, 'input.localId', 200),
          decision: input.decision,
        },
      );
      return owningCustomer(ctx, info, customerId, 'Identity review');
    },
  },
  IdentityReview: {
    customer: (review, _, ctx, info) => owningCustomer(ctx, info, review.identity.customerId, 'Identity review'),
  },
  Customer: {
    gpPractice: (customer, _, ctx) => organisationByOdsCode(ctx, customer.gpPracticeOdsCode),
    referrals: (customer, args, ctx) => {
      const trust = referralTrustScope(ctx.viewer);
      const page = readPage(args, 'uuid', ctx.limits.maxPageSize);
      return childConnection({
        page,
        firstPage: () => ctx.loaders.referralsOfCustomer(page.first + 1, trust).load(customer.id),
        laterPage: () => ctx.repositories.referrals.list({ customerId: customer.id, trustOdsCode: trust }, page),
        count: () => ctx.loaders.referralCountOfCustomer(trust).load(customer.id),
      });
    },
    equipmentOrders: (customer, args, ctx) => {
      authorize(ctx.viewer, 'equipment:read');
      const page = readPage(args, 'uuid', ctx.limits.maxPageSize);
      return childConnection({
        page,
        firstPage: () => ctx.loaders.equipmentOrdersOfCustomer(page.first + 1).load(customer.id),
        laterPage: () => ctx.repositories.equipmentOrders.list({ customerId: customer.id }, page),
        count: () => ctx.loaders.equipmentOrderCountOfCustomer.load(customer.id),
      });
    },
    identities: (customer, _, ctx) => {
      authorize(ctx.viewer, 'customer:identities');
      return ctx.loaders.identities.load(customer.id);
    },
  },
};
