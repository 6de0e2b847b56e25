import { authorize } from '../auth/policy.js';
import type { Resolvers } from '../generated/graphql.js';
import { requireId } from '../server/arguments.js';
import { readPage } from '../store/pagination.js';

export const auditResolvers: Resolvers = {
  Query: {
    auditEvents: (_, { customerId, first, after }, ctx) => {
      authorize(ctx.viewer, 'audit:read');
      const page = readPage({ first, after }, 'integer', ctx.limits.maxPageSize);
      return ctx.repositories.auditLog.list(customerId ? requireId(customerId, 'customerId') : null, page);
    },
  },
};
