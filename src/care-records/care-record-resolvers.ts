import { authorize } from '../auth/policy.js';
import type { Resolvers } from '../generated/graphql.js';
import type { GatewayContext } from '../server/context.js';
import type { CareRecord } from './care-record-system.js';

const SEVERITY_ORDER = { HIGH: 0, MEDIUM: 1, LOW: 2 } as const;

/**
 * Each linked system's answer for a customer, in CARE_RECORDS order, all
 * asked for at once: every customer at this level of the query joins the
 * same batch per system.
 */
async function linkedRecords(ctx: GatewayContext, customerId: string): Promise<PromiseSettledResult<CareRecord | null>[]> {
  authorize(ctx.viewer, 'careRecord:read');
  const identities = await ctx.loaders.identities.load(customerId);
  const asked = [...ctx.loaders.careRecords].flatMap(([system, loader]) =>
    identities.filter((identity) => identity.system === system).map((identity) => loader.load(identity.localId)),
  );
  return Promise.allSettled(asked);
}

/** A system's failure is this field's error (UPSTREAM_UNAVAILABLE, naming the system); the rest of the query goes on. */
function valueOrThrow<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}

export const careRecordResolvers: Resolvers = {
  Customer: {
    careRecord: async (customer, _, ctx) => {
      for (const result of await linkedRecords(ctx, customer.id)) {
        const record = valueOrThrow(result);
        if (record) return record;
      }
      return null;
    },
    careRecords: async (customer, _, ctx) =>
      (await linkedRecords(ctx, customer.id)).map(valueOrThrow).filter((record): record is CareRecord => record !== null),
  },
  CareRecord: {
    source: (record) => ({ system: record.system, localId: record.localId, fetchedAt: new Date(record.fetchedAt) }),
    alerts: (record) => [...record.alerts].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]),
  },
  CarePackage: {
    weeklyCost: (carePackage) => carePackage.weeklyCostPence,
  },
};
