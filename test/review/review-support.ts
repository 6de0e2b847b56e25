/**
 * Shared by the review findings' tests (issue 11 review): HL7 ADT builders
 * for a trust's feed, and the council's known customers as a coordinator
 * lists them. Synthetic people only (999 test range).
 */
import { message, msh, segment } from '../adapters/hospital-discharge/hl7v2/synthetic-messages.js';
import type { TestGateway } from '../support/gateway.js';

export interface KnownCustomer {
  id: string;
  nhsNumber: string;
  name: { given: string; family: string };
  address: { lines: string[]; postcode: string } | null;
}

/** A person as a PAS sends them in PID; the NHS number traced (PID-32 NSTS01) unless said otherwise. */
export function pid(fields: { mrn: string; trust: string; nhsNumber?: string; verified?: boolean; family: string; given?: string; dob?: string; address?: string }): string {
  const verified = fields.verified ?? true;
  return segment('PID', {
    1: '1',
    3: [`${fields.mrn}^^^${fields.trust}^MR`, ...(fields.nhsNumber ? [`${fields.nhsNumber}^^^NHS^NH`] : [])].join('~'),
    5: `${fields.family}^${fields.given ?? 'Eve'}`,
    7: fields.dob ?? '19400101',
    8: 'F',
    11: fields.address ?? '',
    32: fields.nhsNumber && verified ? 'NSTS01' : '',
  });
}

export function adt(trust: string, trigger: string, control: string, ...rest: string[]): string {
  const structure = trigger === 'A40' ? 'ADT^A40^ADT_A39' : `ADT^${trigger}`;
  return message(msh(trigger, { 4: trust, 9: structure, 10: control, 7: '20261201090000' }), segment('EVN', { 2: '20261201090000' }), ...rest);
}

export function pv1(spell: string): string {
  return segment('PV1', { 2: 'I', 19: spell });
}

/** Council customers (demographics the council's) with an NHS number and an address, as a coordinator sees them. */
export async function knownCustomers(gw: TestGateway): Promise<KnownCustomer[]> {
  const hub = await gw.token('HUB_COORDINATOR');
  const { body } = await gw.graphql(
    `{ referrals(filter: { statuses: [ACCEPTED] }, first: 100) { edges { node { customer { id nhsNumber name { given family } address { lines postcode } } } } } }`,
    {},
    hub,
  );
  const seen = new Set<string>();
  return body.data!.referrals.edges
    .map((edge: any) => edge.node.customer as KnownCustomer)
    .filter((c: KnownCustomer) => c.nhsNumber && c.address?.postcode && !seen.has(c.id) && seen.add(c.id));
}
