import type { Resolvers } from '../../../generated/graphql.js';
import { requireId } from '../../../arguments.js';
import { readPage } from '../../../store/pagination.js';
import { OutboxRepository } from '../../../outbox/outbox-repository.js';

/** Operators' view of the calls owed to outside systems, and the way to send a given-up one again. */
export const outboxResolvers: Resolvers = {
  Query: {
    outboxCalls: (_, { status, first, after }, ctx) => {
      const page = readPage({ first, after }, 'uuid', ctx.limits.maxPageSize);
      return new OutboxRepository(ctx.db).list(status ?? null, page);
    },
  },
  Mutation: {
    retryOutboxCall: (_, { id }, ctx) => new OutboxRepository(ctx.db).retry(requireId(id, 'id'), ctx.now()),
  },
};
