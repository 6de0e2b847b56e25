/**
 * Gives a code to the request errors that graphql-js and Apollo raise without
 * one, which Apollo would otherwise fill in as INTERNAL_SERVER_ERROR: an APQ
 * hash that does not match the query, an APQ version it does not know, more
 * bad variables than graphql-js reports, a subscription the schema has no
 * root type for. A request error is about the request as a whole and has no
 * `path` (GraphQL spec, Response: only a field error has one); if it is not a
 * bug wrapped by Apollo (see mask-unexpected-errors), it is the client's:
 * BAD_REQUEST, HTTP 400 unless it already says otherwise.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../../request/context.js';
import { isUnexpectedError } from './mask-unexpected-errors.js';

const REQUEST_ERROR_CODE = 'BAD_REQUEST';
const REQUEST_ERROR_STATUS = 400;

export function useRequestErrorCodes(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            if (error.extensions.code !== undefined || error.path !== undefined || isUnexpectedError(error)) continue;
            error.extensions.code = REQUEST_ERROR_CODE;
            error.extensions.http ??= { status: REQUEST_ERROR_STATUS };
          }
        },
      };
    },
  };
}
