/**
 * Takes graphql-js's suggestions out of every error message: "Did you mean
 * the enum value "RECEIVED"?", and the same for fields, arguments, types and
 * input fields. They would show a caller the schema that production keeps
 * to itself (introspection is off there), one guess at a time.
 *
 * graphql-js writes every suggestion one way (its didYouMean: " Did you mean
 * …?" at the end of the message), in validation and in the coercion of
 * variables alike. Its own `hideSuggestions` option cannot do the whole job
 * here: Apollo Server 5 passes it to validation but not to execution, where
 * variables are coerced, and its `hideSchemaDetailsFromClientErrors` covers
 * validation only.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../../request/context.js';

const SUGGESTION = / ?Did you mean [\s\S]*\?$/;

export function useHideSchemaHints(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) error.message = withoutSchemaHints(error.message);
        },
      };
    },
  };
}

export function withoutSchemaHints(message: string): string {
  return message.replace(SUGGESTION, '');
}
