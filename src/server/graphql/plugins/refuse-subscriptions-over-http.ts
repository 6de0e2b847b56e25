/**
 * A subscription sent as a plain GraphQL request would run its root fields
 * once as if they were queries (graphql-js executes any operation it is
 * given), which answers nothing useful and fails with an internal error.
 * It is refused before it runs, saying where subscriptions are served.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, OperationTypeNode } from 'graphql';
import type { GatewayContext } from '../../request/context.js';

export function useRefuseSubscriptionsOverHttp(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== OperationTypeNode.SUBSCRIPTION) return;
          throw new GraphQLError(
            'Apollo Server is not configured to execute subscriptions over a plain request: subscribe over WebSocket (graphql-ws) at /graphql, or Server-Sent Events at /graphql/stream',
            { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } },
          );
        },
      };
    },
  };
}
