import { prefetchCareRecords } from './resolvers/care-record-resolvers.js';
import type { CustomerRecord } from '../../customers/customer.js';
import type { Organisation } from '../../generated/graphql.js';
import type { GatewayContext } from '../request/context.js';
import type { Selection } from '../request/look-ahead.js';

/** An organisation by ODS code; one the gateway has no name for still shows its code. */
export async function organisationByOdsCode(ctx: GatewayContext, odsCode: string | null): Promise<Organisation | null> {
  if (odsCode === null) return null;
  return (await ctx.loaders.organisation.load(odsCode)) ?? { odsCode, name: null };
}

/** The customer a referral or order belongs to, for the field `info` resolves. */
export function owningCustomer(ctx: GatewayContext, info: Selection, customerId: string, owner: string): Promise<CustomerRecord> {
  prefetchCareRecords(ctx, info, customerId);
  return ctx.loaders.customer.load(customerId).then((customer) => {
    // The foreign key makes this impossible; if it happens the store is damaged.
    if (!customer) throw new Error(`${owner} names missing customer ${customerId}`);
    return customer;
  });
}
