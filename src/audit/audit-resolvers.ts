import type { Resolvers } from '../generated/graphql.js';
import { isAuditPosition } from './audit-log.js';
import { requireId } from '../server/arguments.js';
import { readPage } from '../store/pagination.js';

export const auditResolvers: Resolvers = {
  Query: {
    auditEvents: (_, { customerId, filter, first, after }, ctx) => {
      const page = readPage({ first, after }, isAuditPosition, ctx.limits.maxPageSize);
      const customer = filter?.customerId ?? customerId;
      // Reading the trail is a look of its own: at whom it shows, for the purpose of audit.
      ctx.auditTrail.notePurpose('AUDIT');
      return ctx.repositories.auditLog.list(
        {
          customerId: customer ? requireId(customer, filter?.customerId ? 'filter.customerId' : 'customerId') : null,
          actor: filter?.actor ?? null,
          from: filter?.from ?? null,
          to: filter?.to ?? null,
          action: filter?.action ?? null,
        },
        page,
      );
    },
  },
};
