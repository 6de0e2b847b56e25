import type { Resolvers } from '../../../generated/graphql.js';
import type { GatewayContext } from '../../request/context.js';
import { requireId } from '../../../arguments.js';
import { readPage } from '../../../store/pagination.js';
import type { InboxMessageRecord } from '../../../inbox/inbox-message.js';

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
    error: async (message, _, ctx) => {
      if (!message.error) return null;
      await noteLookAtMessage(message, ctx);
      return { location: message.error.path, reason: message.error.reason, hl7ErrorCode: message.error.hl7ErrorCode };
    },
    note: async (message, _, ctx) => {
      if (message.note === null) return null;
      await noteLookAtMessage(message, ctx);
      return message.note;
    },
    body: async (message, _, ctx) => {
      const [body] = await Promise.all([ctx.loaders.inboxBody.load(message.id), noteLookAtMessage(message, ctx)]);
      return body === null ? null : body.toString('utf8');
    },
  },
};

/**
 * A message's body, and the note or error the gateway wrote on it (a held
 * merge's note names the person's NHS number and what the council holds of
 * them), name people: reading any of them is a look at the message and at the
 * customers it touched, for the purpose of administration.
 */
async function noteLookAtMessage(message: InboxMessageRecord, ctx: GatewayContext): Promise<void> {
  const touched = await ctx.loaders.customersChangedByMessage.load(message.id);
  ctx.auditTrail.notePurpose('ADMINISTRATION');
  ctx.auditTrail.noteRecord(`inbox:${message.id}`);
  for (const customerId of touched) ctx.auditTrail.noteRead(customerId);
}
