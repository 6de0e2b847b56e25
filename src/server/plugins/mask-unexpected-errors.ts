/**
 * Errors raised on purpose (GatewayError, and graphql-js's own request errors)
 * reach the client as they are. Anything else is a bug: its message could
 * carry anything, including personal data or SQL, so the client gets a fixed
 * message and the request id, and the log gets the detail.
 */
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { GatewayError } from '../../errors.js';

export const INTERNAL_ERROR_MESSAGE = 'Internal error: the gateway could not complete this part of the request';

export function isUnexpectedError(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof GatewayError) return false;
  // Errors outside a resolver (parsing, validation, variables) come from
  // graphql-js or Apollo and say what was wrong with the request.
  if (original instanceof GraphQLError) return false;
  return true;
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
