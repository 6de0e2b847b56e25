import { can } from '../../../auth/policy.js';
import type { Resolvers } from '../../../generated/graphql.js';
import type { GatewayContext } from '../../request/context.js';
import { selectsAnyOf, type Selection } from '../../request/look-ahead.js';
import type { LinkedCareRecords } from '../../../care-records/care-record-loaders.js';
import type { CareRecord } from '../../../care-records/ports.js';

const SEVERITY_ORDER = { HIGH: 0, MEDIUM: 1, LOW: 2 } as const;

const CASE_FIELDS: ReadonlySet<string> = new Set(['careRecord', 'careRecords']);

/**
 * Each linked system's answer for a customer, in CARE_RECORDS order: every
 * customer at this level of the query joins the same batch per system.
 */
function linkedRecords(ctx: GatewayContext, customerId: string): Promise<LinkedCareRecords> {
  return ctx.loaders.linkedCareRecords.load(customerId);
}

/**
 * Starts asking the record systems for a customer's case as soon as the
 * customer's id is known, when the query (`info`, of a field returning the
 * customer) goes on to ask for it: the case needs only the id, so waiting
 * for the customer's own row first would put a store round trip before the
 * slowest calls of the query. The careRecord resolver then finds the answer,
 * or the failure, in the per-request loader.
 */
export function prefetchCareRecords(ctx: GatewayContext, info: Selection, customerId: string): void {
  if (!can(ctx.viewer, 'careRecord:read') || !selectsAnyOf(info, CASE_FIELDS)) return;
  // A failure here is met, and reported, by the resolver that asks.
  ctx.loaders.linkedCareRecords.load(customerId).catch(() => undefined);
}

/** A system's failure is this field's error (UPSTREAM_UNAVAILABLE, naming the system); the rest of the query goes on. */
function valueOrThrow<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}

/** The first linked system's case, in CARE_RECORDS order; a failed system before it fails the field. */
function firstRecord(linked: LinkedCareRecords): CareRecord | null {
  for (const result of linked) {
    const record = valueOrThrow(result);
    if (record) return record;
  }
  return null;
}

function allRecords(linked: LinkedCareRecords): CareRecord[] {
  return linked.map(valueOrThrow).filter((record): record is CareRecord => record !== null);
}

// Resolvers return the loader's promise chained, not an async function's: a board resolves thousands of these.
export const careRecordResolvers: Resolvers = {
  Customer: {
    careRecord: (customer, _, ctx) => linkedRecords(ctx, customer.id).then(firstRecord),
    careRecords: (customer, _, ctx) => linkedRecords(ctx, customer.id).then(allRecords),
  },
  CareRecord: {
    source: (record) => ({ system: record.system, localId: record.localId, fetchedAt: new Date(record.fetchedAt) }),
    alerts: (record) => [...record.alerts].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]),
  },
  CarePackage: {
    weeklyCost: (carePackage) => carePackage.weeklyCostPence,
  },
};
