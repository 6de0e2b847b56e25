import { authorize } from '../auth/policy.js';
import type { Resolvers } from '../generated/graphql.js';
import { requireId } from '../server/arguments.js';
import { readPage } from '../store/pagination.js';

export const inboxResolvers: Resolvers = {
  Query: {
    inboxMessages: (_, { status, first, after }, ctx) => {
      authorize(ctx.viewer, 'inbox:admin');
      const page = readPage({ first, after }, 'uuid', ctx.limits.maxPageSize);
      return ctx.repositories.inbox.list(status ?? null, page);
    },
  },
  Mutation: {
    replayInboxMessage: (_, { id }, ctx) => {
      authorize(ctx.viewer, 'inbox:admin');
      return ctx.inbox.replay(requireId(id, 'id'));
    },
  },
  InboxMessage: {
    error: (message) =>
      message.error && { location: message.error.path, reason: message.error.reason, hl7ErrorCode: message.error.hl7ErrorCode },
    body: async (message, _, ctx) => {
      const body = await ctx.loaders.inboxBody.load(message.id);
      return body === null ? null : body.toString('utf8');
    },
  },
};
