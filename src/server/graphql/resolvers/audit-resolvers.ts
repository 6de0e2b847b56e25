import { BadInputError } from '../../../errors.js';
import type { Resolvers } from '../../../generated/graphql.js';
import { requireId } from '../../../arguments.js';
import { readPage } from '../../../store/pagination.js';
import { isAuditPosition } from '../../../audit/audit-log.js';

export const auditResolvers: Resolvers = {
  Query: {
    auditEvents: (_, { customerId, filter, first, after }, ctx) => {
      const page = readPage({ first, after }, isAuditPosition, ctx.limits.maxPageSize);
      const customer = personAsked(customerId, filter?.customerId);
      // Reading the trail is a look of its own: at whom it shows, for the purpose of audit.
      ctx.auditTrail.notePurpose('AUDIT');
      // A person's trail tells of them even as a bare count.
      if (customer !== null) ctx.auditTrail.noteRead(customer);
      return ctx.repositories.auditLog.list(
        {
          customerId: customer,
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

/** The person whose trail is asked for: by the older argument or the filter, not two different people at once. */
function personAsked(argument: string | null | undefined, filtered: string | null | undefined): string | null {
  const byArgument = argument ? requireId(argument, 'customerId') : null;
  const byFilter = filtered ? requireId(filtered, 'filter.customerId') : null;
  if (byArgument !== null && byFilter !== null && byArgument !== byFilter) {
    throw new BadInputError('filter.customerId', 'names a different person from customerId: give one of them');
  }
  return byFilter ?? byArgument;
}
