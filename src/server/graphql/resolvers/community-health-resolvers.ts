import type { Resolvers } from '../../../generated/graphql.js';

// The loader's promise itself, not an async function's: a list of customers resolves one per customer.
export const communityHealthResolvers: Resolvers = {
  Customer: {
    communityHealth: (customer, _, ctx) => (customer.nhsNumber === null ? null : ctx.loaders.communityHealth.load(customer.nhsNumber)),
  },
  CommunityHealthRecord: {
    source: (record) => ({ system: record.system, patientId: record.patientId, fetchedAt: new Date(record.fetchedAt) }),
  },
};
