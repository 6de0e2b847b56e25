/**
 * Refuses operations whose estimated cost is over the limit before they run.
 * The cost counts list sizes: a field marked `@complexity(multipliers:
 * ["first"])` in the SDL costs its children once per item asked for, so
 * `referrals(first: 2000) { customer { ... } }` is priced as 2,000 customers.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import { directiveEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import type { GatewayContext } from '../../request/context.js';

const ESTIMATORS = [directiveEstimator({ name: 'complexity' }), simpleEstimator({ defaultComplexity: 1 })];

export interface CostedOperation {
  document: DocumentNode;
  operationName?: string | null;
  variables?: Readonly<Record<string, unknown>> | null;
}

/** QUERY_TOO_COSTLY if the operation's estimated cost is over `maxCost`, else null. Every transport calls this. */
export function queryCostError(schema: GraphQLSchema, maxCost: number, { document, operationName, variables }: CostedOperation): GraphQLError | null {
  let cost: number;
  try {
    cost = getComplexity({ schema, query: document, operationName: operationName ?? undefined, variables: { ...variables }, estimators: ESTIMATORS });
  } catch {
    // Variables that do not fit their types: execution refuses them
    // with a clear BAD_USER_INPUT error before anything runs.
    return null;
  }
  if (cost <= maxCost) return null;
  return new GraphQLError(`The query's estimated cost is ${cost}, over the limit of ${maxCost}: ask for fewer items (first) or fewer fields`, {
    extensions: { code: 'QUERY_TOO_COSTLY', cost, maxCost, http: { status: 400 } },
  });
}

export function useQueryCostLimit(schema: GraphQLSchema, maxCost: number): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const refused = queryCostError(schema, maxCost, { document, operationName: request.operationName, variables: request.variables });
          if (refused) throw refused;
        },
      };
    },
  };
}
