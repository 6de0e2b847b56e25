import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { auditResolvers } from './resolvers/audit-resolvers.js';
import { viewerResolvers } from './resolvers/viewer-resolvers.js';
import { customerResolvers } from './resolvers/customer-resolvers.js';
import { equipmentOrderResolvers } from './resolvers/equipment-order-resolvers.js';
import type { Resolvers } from '../../generated/graphql.js';
import { careRecordResolvers } from './resolvers/care-record-resolvers.js';
import { communityHealthResolvers } from './resolvers/community-health-resolvers.js';
import { inboxResolvers } from './resolvers/inbox-resolvers.js';
import { outboxResolvers } from './resolvers/outbox-resolvers.js';
import { referralResolvers } from './resolvers/referral-resolvers.js';
import { liveResolvers } from './resolvers/live-resolvers.js';
import { caseworkResolvers } from './resolvers/casework-resolvers.js';
import { onwardResolvers } from './resolvers/onward-resolvers.js';
import { performanceResolvers } from './resolvers/performance-resolvers.js';
import { trackerResolvers } from './resolvers/tracker-resolvers.js';
import { withFieldAccess } from './field-access.js';
import { withReadAuditing } from './read-auditing.js';
import { scalarResolvers } from './scalars.js';
import { loadTypeDefs } from './schema-files.js';

const AREA_RESOLVERS: Resolvers[] = [
  viewerResolvers,
  customerResolvers,
  referralResolvers,
  equipmentOrderResolvers,
  auditResolvers,
  inboxResolvers,
  careRecordResolvers,
  communityHealthResolvers,
  outboxResolvers,
  liveResolvers,
  caseworkResolvers,
  onwardResolvers,
  performanceResolvers,
  trackerResolvers,
];

/**
 * The gateway's executable schema: SDL from schema/, resolvers from each
 * area, the policy's field rules enforced, and reads audited (outermost, so
 * a read the policy refused is not on record as made).
 */
export function buildSchema(): GraphQLSchema {
  const schema = makeExecutableSchema({
    typeDefs: loadTypeDefs(),
    resolvers: [scalarResolvers, ...AREA_RESOLVERS],
    // Every field in the SDL must have a resolver or a property of the same name on its parent.
    resolverValidationOptions: { requireResolversToMatchSchema: 'error' },
  });
  return withReadAuditing(withFieldAccess(schema));
}
