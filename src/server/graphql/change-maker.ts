import type { GraphQLResolveInfo } from 'graphql';
import type { ChangeMaker } from '../../audit/audit-log.js';
import { describeOperation } from '../../audit/operation-name.js';
import type { GatewayContext } from '../request/context.js';

/** The caller of a mutation as the maker of its change: who, in which request and operation, when. */
export function changeMakerOf(ctx: GatewayContext, info: Pick<GraphQLResolveInfo, 'operation'>): ChangeMaker {
  return { db: ctx.db, viewer: ctx.viewer, requestId: ctx.requestId, operation: describeOperation(info.operation), at: ctx.now() };
}
