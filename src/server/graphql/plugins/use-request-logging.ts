/**
 * One structured log line per GraphQL request: id, operation, role, time and
 * error codes. Never variables or results, which hold personal data; never
 * the caller's subject, which the audit log keeps against the same request id.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import { describeOperation } from '../../../audit/operation-name.js';
import type { GatewayContext } from '../../request/context.js';
import { isUnexpectedError } from './mask-unexpected-errors.js';

export function useRequestLogging(logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      const { requestId } = contextValue;
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            if (isUnexpectedError(error)) {
              logger.error({ requestId, err: error.originalError ?? error, path: error.path }, 'unexpected error');
            }
          }
        },
        async willSendResponse({ operation, errors, response }) {
          logger.info(
            {
              requestId,
              operation: describeOperation(operation),
              role: contextValue.viewer.role,
              status: response.http.status ?? 200,
              durationMs: Math.round(performance.now() - started),
              errorCodes: errors?.map((error) => error.extensions.code ?? 'UNKNOWN'),
            },
            'graphql request',
          );
        },
      };
    },
  };
}
