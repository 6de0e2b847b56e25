/**
 * A referral's or order's customer (owningCustomer) starts the record
 * system lookup for the customer's case at once, when the query asks for
 * the case and the viewer may read it: the lookup needs only the id, so it
 * does not wait for the customer's row.
 */
import DataLoader from 'dataloader';
import type { Viewer } from '../../src/auth/viewer.js';
import type { LinkedCareRecords } from '../../src/care-records/care-record-loaders.js';
import type { CustomerRecord } from '../../src/customers/customer.js';
import type { GatewayContext } from '../../src/server/request/context.js';
import { owningCustomer } from '../../src/server/graphql/lookups.js';
import { selectionOf } from '../support/selection.js';

const CUSTOMER_ID = '6f1c1f1e-3c1a-4c55-9a43-4f7c2d0b9e01';
const WITH_CASE = selectionOf('{ referral { customer { id careRecord { caseStatus } } } }', 'customer');
const WITHOUT_CASE = selectionOf('{ referral { customer { id name { family } } } }', 'customer');

/** A context whose customer row arrives only when `deliverCustomer` is called, recording the case lookups asked for. */
function contextFor(role: Viewer['role'], caseLookup: (ids: readonly string[]) => Promise<(LinkedCareRecords | Error)[]> = async (ids) => ids.map(() => [])) {
  let deliverCustomer!: () => void;
  const rowArrived = new Promise<void>((resolve) => (deliverCustomer = resolve));
  const casesAskedFor: string[] = [];
  const ctx = {
    viewer: { subject: 'test', name: null, role, trustOdsCode: role === 'HOSPITAL_DISCHARGE' ? 'R1A' : null },
    loaders: {
      customer: new DataLoader<string, CustomerRecord | null>(async (ids) => {
        await rowArrived;
        return ids.map((id) => ({ id }) as CustomerRecord);
      }),
      linkedCareRecords: new DataLoader<string, LinkedCareRecords>((ids) => {
        casesAskedFor.push(...ids);
        return caseLookup(ids);
      }),
    },
  } as unknown as GatewayContext;
  return { ctx, deliverCustomer, casesAskedFor };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('owningCustomer starting the case lookup', () => {
  test('asks for the case before the customer row has arrived, when the query wants the case', async () => {
    const { ctx, deliverCustomer, casesAskedFor } = contextFor('HUB_COORDINATOR');
    const customer = owningCustomer(ctx, WITH_CASE, CUSTOMER_ID, 'Referral r1');
    await settle();
    expect(casesAskedFor).toEqual([CUSTOMER_ID]);
    deliverCustomer();
    await expect(customer).resolves.toEqual({ id: CUSTOMER_ID });
    // The resolver that then asks finds the same lookup, not a second one.
    await ctx.loaders.linkedCareRecords.load(CUSTOMER_ID);
    expect(casesAskedFor).toEqual([CUSTOMER_ID]);
  });

  test.each([
    ['the query does not want the case', 'HUB_COORDINATOR', WITHOUT_CASE],
    ['the viewer may not read the case (their careRecord is refused anyway)', 'HOSPITAL_DISCHARGE', WITH_CASE],
  ] as const)('asks for nothing when %s', async (_when, role, selection) => {
    const { ctx, deliverCustomer, casesAskedFor } = contextFor(role);
    const customer = owningCustomer(ctx, selection, CUSTOMER_ID, 'Referral r1');
    deliverCustomer();
    await customer;
    await settle();
    expect(casesAskedFor).toEqual([]);
  });

  test('a lookup that fails is left for the resolver to report, not an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { ctx, deliverCustomer } = contextFor('HUB_COORDINATOR', async () => {
        throw new Error('identities unavailable');
      });
      const customer = owningCustomer(ctx, WITH_CASE, CUSTOMER_ID, 'Referral r1');
      deliverCustomer();
      await customer;
      await settle();
      await expect(ctx.loaders.linkedCareRecords.load(CUSTOMER_ID)).rejects.toThrow('identities unavailable');
      await settle();
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  test('a customer the store does not have is an error naming the owner', async () => {
    const { ctx } = contextFor('HUB_COORDINATOR');
    ctx.loaders.customer = new DataLoader<string, CustomerRecord | null>(async (ids) => ids.map(() => null));
    await expect(owningCustomer(ctx, WITHOUT_CASE, CUSTOMER_ID, 'Referral r1')).rejects.toThrow(`Referral r1 names missing customer ${CUSTOMER_ID}`);
  });
});
