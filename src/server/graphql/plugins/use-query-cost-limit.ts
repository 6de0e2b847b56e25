/**
 * Refuses operations whose estimated cost is over the limit before they run.
 * The cost counts list sizes: a field marked `@complexity(multipliers:
 * ["first"])` in the SDL costs its children once per item asked for, so
 * `referrals(first: 2000) { customer { ... } }` is priced as 2,000 customers.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { directiveEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import type { GatewayContext } from '../../request/context.js';

export function useQueryCostLimit(schema: GraphQLSchema, maxCost: number): ApolloServerPlugin<GatewayContext> {
  const estimators = [directiveEstimator({ name: 'complexity' }), simpleEstimator({ defaultComplexity: 1 })];
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              operationName: request.operationName ?? undefined,
              variables: request.variables ?? {},
              estimators,
            });
          } catch {
            // Variables that do not fit their types: execution refuses them
            // with a clear BAD_USER_INPUT error before anything runs.
            return;
          }
          if (cost > maxCost) {
            throw new GraphQLError(
              `The query's estimated cost is ${cost}, over the limit of ${maxCost}: ask for fewer items (first) or fewer fields`,
              { extensions: { code: 'QUERY_TOO_COSTLY', cost, maxCost, http: { status: 400 } } },
            );
          }
        },
      };
    },
  };
}
