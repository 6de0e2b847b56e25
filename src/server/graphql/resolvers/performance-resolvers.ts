import type { Resolvers } from '../../../generated/graphql.js';
import { checkPerformancePeriod } from '../../../performance/ports.js';

/** The hub's figures: counts over many referrals, read by hub staff only (the policy's, enforced on the schema). */
export const performanceResolvers: Resolvers = {
  Query: {
    hubPerformance: (_, { from, to, groupBy }, ctx) =>
      ctx.repositories.hubFigures.of(checkPerformancePeriod({ from, to }), groupBy ?? [], ctx.referralRules.targets),
  },
  HubPerformance: {
    openCaseload: (_, __, ctx) => ctx.repositories.hubFigures.openCaseload(),
    waitingForTriage: (_, __, ctx) => ctx.repositories.hubFigures.waitingForTriage(ctx.now()),
  },
};
