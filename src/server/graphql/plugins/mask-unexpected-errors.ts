/**
 * Errors raised on purpose (GatewayError, our scalars' InvalidScalarError,
 * and graphql-js's own request errors) reach the client as they are.
 * Anything else is a bug: its message could carry anything, including
 * personal data or SQL, so the client gets a fixed message and the request
 * id, and the log gets the detail.
 */
import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { GatewayError } from '../../../errors.js';
import { InvalidScalarError } from '../scalars.js';

export const INTERNAL_ERROR_MESSAGE = 'Internal error: the gateway could not complete this part of the request';

export function isUnexpectedError(error: unknown): boolean {
  // graphql-js's parser is a pure function of the client's document: whatever
  // it throws (a stack overflow on a document nested too deep included) is
  // about the document, and Apollo answers it with a 400.
  if (error instanceof GraphQLError && error.extensions.code === ApolloServerErrorCode.GRAPHQL_PARSE_FAILED) return false;
  // Judge what was thrown, not the GraphQLErrors that graphql-js and Apollo
  // wrap it in: a TypeError from a plugin hook arrives as a GraphQLError.
  let thrown = unwrapResolverError(error);
  while (thrown instanceof GraphQLError && thrown.originalError) thrown = thrown.originalError;
  if (thrown instanceof GatewayError || thrown instanceof InvalidScalarError) return false;
  // Errors outside a resolver (parsing, validation, variables) come from
  // graphql-js or Apollo and say what was wrong with the request.
  return !(thrown instanceof GraphQLError);
}

export function maskUnexpectedErrors(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (!isUnexpectedError(error)) return formatted;
  return {
    message: INTERNAL_ERROR_MESSAGE,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
