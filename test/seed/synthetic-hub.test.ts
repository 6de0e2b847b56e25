import { parseNhsNumber } from '../../src/customers/nhs-number.js';
import { normalisePostcode } from '../../src/customers/postcode.js';
import { EQUIPMENT_ORDER_MOVES } from '../../src/equipment/order-state-machine.js';
import { generateSyntheticHub } from '../../src/seed/synthetic-hub.js';

// Map.groupBy arrives in Node 21.
function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}

const anchor = new Date('2026-11-23T00:00:00Z');
const hub = generateSyntheticHub({ anchor });

describe('the synthetic hub', () => {
  test('is the same every time for the same seed and day, and different for another seed', () => {
    expect(generateSyntheticHub({ anchor })).toEqual(hub);
    expect(generateSyntheticHub({ anchor, seed: 7 }).customers[0]).not.toEqual(hub.customers[0]);
  });

  test('has the same people, with the same record-system ids, whatever the day', () => {
    // Simulators of outside systems regenerate the people later; links must still resolve.
    const later = generateSyntheticHub({ anchor: new Date('2027-03-01T00:00:00Z') });
    const who = (h: typeof hub) =>
      h.customers.map((c) => [c.id, c.nhsNumber, c.name, c.dateOfBirth, c.sex, c.address, c.phones, c.gpPracticeOdsCode, c.contacts]);
    expect(who(later)).toEqual(who(hub));
    expect(later.identities.filter((i) => !i.system.startsWith('PAS:')).map((i) => [i.customerId, i.system, i.localId])).toEqual(
      hub.identities.filter((i) => !i.system.startsWith('PAS:')).map((i) => [i.customerId, i.system, i.localId]),
    );
  });

  test('has one hub\'s worth of people, with unique valid NHS numbers from the 999 test range', () => {
    expect(hub.customers).toHaveLength(1_500);
    const numbers = hub.customers.flatMap((customer) => (customer.nhsNumber ? [customer.nhsNumber] : []));
    expect(numbers.length).toBeGreaterThan(1_350);
    expect(numbers.length).toBeLessThan(1_500);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const number of numbers) {
      expect(number.startsWith('999')).toBe(true);
      expect(parseNhsNumber(number)).toEqual({ ok: true, value: number });
    }
  });

  test('uses only well-formed postcodes from the fictional NX area and Ofcom drama phone numbers', () => {
    for (const customer of hub.customers) {
      if (customer.address?.postcode) {
        expect(normalisePostcode(customer.address.postcode)).toBe(customer.address.postcode);
        expect(customer.address.postcode).toMatch(/^NX\d /);
      }
      for (const phone of customer.phones) expect(phone.number).toMatch(/^(01632 960|07700 900)\d{3}$/);
    }
  });

  test('has well-formed ODS codes for trusts and practices, and every customer\'s practice exists', () => {
    const codes = new Set(hub.organisations.map((organisation) => organisation.odsCode));
    for (const organisation of hub.organisations) expect(organisation.odsCode).toMatch(/^(R[0-9A-Z]{2}|Y\d{5})$/);
    for (const customer of hub.customers) expect(codes.has(customer.gpPracticeOdsCode!)).toBe(true);
  });

  test('spreads referrals over every status, pathway and source, with most of the caseload open', () => {
    const statuses = new Set(hub.referrals.map((referral) => referral.status));
    const pathways = new Set(hub.referrals.map((referral) => referral.pathway));
    const sources = new Set(hub.referrals.map((referral) => referral.source));
    expect([...statuses].sort()).toEqual(['ACCEPTED', 'CLOSED', 'DECLINED', 'RECEIVED', 'TRIAGED', 'WITHDRAWN']);
    expect([...pathways].sort()).toEqual(['PATHWAY_0', 'PATHWAY_1', 'PATHWAY_2', 'PATHWAY_3', null]);
    expect(sources.size).toBe(5);
    const open = hub.referrals.filter((referral) => ['RECEIVED', 'TRIAGED', 'ACCEPTED'].includes(referral.status));
    expect(open.length).toBeGreaterThan(1_100);
  });

  test('each referral\'s history is a chain from RECEIVED to its status, in time order, before the anchor', () => {
    const byReferral = groupBy(hub.referralEvents, (event) => event.referralId);
    for (const referral of hub.referrals) {
      const events = byReferral.get(referral.id)!;
      expect(events[0]).toMatchObject({ action: 'RECEIVED', fromStatus: null, toStatus: 'RECEIVED', at: referral.receivedAt });
      for (let i = 1; i < events.length; i++) {
        expect(events[i]!.fromStatus).toBe(events[i - 1]!.toStatus);
        expect(events[i]!.at.getTime()).toBeGreaterThan(events[i - 1]!.at.getTime());
      }
      expect(events.at(-1)!.toStatus).toBe(referral.status);
      expect(events.at(-1)!.at.getTime()).toBeLessThan(anchor.getTime());
      if (referral.status === 'TRIAGED' || referral.status === 'ACCEPTED') expect(referral.triage).not.toBeNull();
      if (referral.status === 'ACCEPTED') expect(referral.assignedTeam).not.toBeNull();
    }
  });

  test('equipment orders follow the order state machine and belong to accepted referrals', () => {
    expect(hub.equipmentOrders.length).toBeGreaterThan(300);
    const referrals = new Map(hub.referrals.map((referral) => [referral.id, referral]));
    const byOrder = groupBy(hub.equipmentOrderEvents, (event) => event.orderId);
    for (const order of hub.equipmentOrders) {
      expect(['ACCEPTED', 'CLOSED']).toContain(referrals.get(order.referralId!)!.status);
      const events = byOrder.get(order.id)!;
      expect(events[0]!.fromStatus).toBe('DRAFT');
      for (const event of events) expect(EQUIPMENT_ORDER_MOVES[event.fromStatus!]).toContain(event.toStatus);
      expect(events.at(-1)!.toStatus).toBe(order.status);
      expect(events.at(-1)!.at.getTime()).toBeLessThan(anchor.getTime());
      expect(order.lines.length).toBeGreaterThan(0);
    }
    expect(new Set(hub.equipmentOrders.map((order) => order.status)).size).toBeGreaterThanOrEqual(6);
  });
});
