import type { Resolvers } from '../generated/graphql.js';
import { requireId } from '../server/arguments.js';
import { readPage } from '../store/pagination.js';

// Who may call each field is the policy's (auth/policy.ts FIELD_RULES), enforced on the schema.
export const inboxResolvers: Resolvers = {
  Query: {
    inboxMessages: (_, { status, first, after }, ctx) => {
      const page = readPage({ first, after }, 'uuid', ctx.limits.maxPageSize);
      return ctx.repositories.inbox.list(status ?? null, page);
    },
  },
  Mutation: {
    replayInboxMessage: (_, { id }, ctx) => ctx.inbox.replay(requireId(id, 'id')),
  },
  InboxMessage: {
    error: (message) =>
      message.error && { location: message.error.path, reason: message.error.reason, hl7ErrorCode: message.error.hl7ErrorCode },
    /**
     * A message's body names a person: reading it is a look at the message
     * and at the customers it changed, for the purpose of administration.
     */
    body: async (message, _, ctx) => {
      const [body, changed] = await Promise.all([ctx.loaders.inboxBody.load(message.id), ctx.loaders.customersChangedByMessage.load(message.id)]);
      ctx.auditTrail.notePurpose('ADMINISTRATION');
      ctx.auditTrail.noteRecord(`inbox:${message.id}`);
      for (const customerId of changed) ctx.auditTrail.noteRead(customerId);
      return body === null ? null : body.toString('utf8');
    },
  },
};
