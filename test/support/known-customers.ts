/**
 * The seeded council customers, as a coordinator finds them: the customers
 * of accepted referrals, each once. Tests of what a trust may do to people
 * start from them.
 */
import type { TestGateway } from './gateway.js';

/** Each customer of an accepted referral once, with the fields `selection` asks for (it must ask for `id`). */
export async function councilCustomers<T extends { id: string }>(gw: TestGateway, selection: string): Promise<T[]> {
  const hub = await gw.token('HUB_COORDINATOR');
  const { body } = await gw.graphql(`{ referrals(filter: { statuses: [ACCEPTED] }, first: 200) { edges { node { customer ${selection} } } } }`, {}, hub);
  const seen = new Set<string>();
  return body.data!.referrals.edges.map((edge: any) => edge.node.customer as T).filter((customer: T) => !seen.has(customer.id) && seen.add(customer.id));
}

export interface KnownCustomer {
  id: string;
  nhsNumber: string;
  name: { given: string; family: string };
  address: { lines: string[]; postcode: string };
}

/** Council customers with an NHS number and an address. */
export async function knownCustomers(gw: TestGateway): Promise<KnownCustomer[]> {
  const customers = await councilCustomers<KnownCustomer>(gw, '{ id nhsNumber name { given family } address { lines postcode } }');
  return customers.filter((customer) => customer.nhsNumber && customer.address?.postcode);
}
