/**
 * Writes the request's looks (its reads and searches) before the response
 * leaves, in one statement. If they cannot be written the data is withheld:
 * a read that the audit log does not show must not happen.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import { describeOperation } from '../../../audit/operation-name.js';
import type { GatewayContext } from '../../request/context.js';

export function useReadAudit(logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, operation, response }) {
          const trail = contextValue.auditTrail;
          if (trail.isEmpty) return;
          try {
            await contextValue.repositories.auditLog.record(
              trail.looks({ at: contextValue.now(), requestId: contextValue.requestId, viewer: contextValue.viewer, operation: describeOperation(operation) }),
            );
          } catch (error) {
            logger.error({ requestId: contextValue.requestId, err: error }, 'audit write failed; response withheld');
            response.http.status = 503;
            response.body = {
              kind: 'single',
              singleResult: {
                errors: [
                  {
                    message: 'The read could not be recorded in the audit log, so its data is withheld. Try again.',
                    extensions: { code: 'AUDIT_UNAVAILABLE' },
                  },
                ],
              },
            };
          }
        },
      };
    },
  };
}
