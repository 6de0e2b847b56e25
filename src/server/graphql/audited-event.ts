/**
 * A subscription's event is a read like any other: its looks are written
 * before it is sent, and if they cannot be, the event is withheld (the
 * subscriber gets AUDIT_UNAVAILABLE in its place). The live transports call
 * this on every event; the resolvers gave each event its own audit trail.
 */
import type { ExecutionResult, FormattedExecutionResult, GraphQLError, OperationDefinitionNode } from 'graphql';
import type { Logger } from 'pino';
import { describeOperation } from '../../audit/operation-name.js';
import type { GatewayContext } from '../request/context.js';
import { maskUnexpectedErrors } from './plugins/mask-unexpected-errors.js';

export const AUDIT_UNAVAILABLE_EVENT: FormattedExecutionResult = {
  errors: [{ message: 'The event could not be recorded in the audit log, so its data is withheld.', extensions: { code: 'AUDIT_UNAVAILABLE' } }],
};

export async function auditedEvent(
  ctx: GatewayContext,
  operation: OperationDefinitionNode | undefined,
  result: ExecutionResult,
  logger: Logger,
): Promise<FormattedExecutionResult> {
  const formatted: FormattedExecutionResult = {
    ...(result.data !== undefined ? { data: result.data } : {}),
    ...(result.errors ? { errors: result.errors.map((error: GraphQLError) => maskUnexpectedErrors(error.toJSON(), error)) } : {}),
  };
  const trail = ctx.auditTrail;
  if (trail.isEmpty) return formatted;
  try {
    await ctx.eventAudit.record(
      trail.looks({ at: ctx.now(), requestId: ctx.requestId, viewer: ctx.viewer, operation: describeOperation(operation) }),
    );
    return formatted;
  } catch (error) {
    logger.error({ requestId: ctx.requestId, err: error }, 'audit write failed; event withheld');
    return AUDIT_UNAVAILABLE_EVENT;
  }
}
