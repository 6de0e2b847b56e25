import type { Resolvers } from '../../../generated/graphql.js';

export const viewerResolvers: Resolvers = {
  Query: {
    viewer: (_, __, ctx) => ctx.viewer,
  },
};
