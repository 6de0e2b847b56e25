/**
 * What the history tables (referral_events, equipment_order_events) share
 * besides their actor (auth/actor-columns.ts): a sequence number per parent
 * that orders a record's events.
 */

/** Numbers events 1, 2, 3… within each parent, in the order given. */
export function numberPerParent<T>(events: readonly T[], parentOf: (event: T) => string): [T, number][] {
  const last = new Map<string, number>();
  return events.map((event) => {
    const sequence = (last.get(parentOf(event)) ?? 0) + 1;
    last.set(parentOf(event), sequence);
    return [event, sequence];
  });
}
