import type { CustomerRecord } from '../customers/customer.js';
import type { Organisation } from '../generated/graphql.js';
import type { GatewayContext } from './context.js';

/** An organisation by ODS code; one the gateway has no name for still shows its code. */
export async function organisationByOdsCode(ctx: GatewayContext, odsCode: string | null): Promise<Organisation | null> {
  if (odsCode === null) return null;
  return (await ctx.loaders.organisation.load(odsCode)) ?? { odsCode, name: null };
}

/** The customer a referral or order belongs to. */
export async function owningCustomer(ctx: GatewayContext, customerId: string, owner: string): Promise<CustomerRecord> {
  const customer = await ctx.loaders.customer.load(customerId);
  // The foreign key makes this impossible; if it happens the store is damaged.
  if (!customer) throw new Error(`${owner} names missing customer ${customerId}`);
  return customer;
}
