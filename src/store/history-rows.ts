/**
 * What the history tables (referral_events, equipment_order_events) share:
 * the actor as three columns, and a sequence number per parent that orders a
 * record's events.
 */
import type { Role } from '../generated/graphql.js';
import type { ActorRecord } from '../auth/viewer.js';

export interface ActorColumns {
  actor_subject: string;
  actor_name: string | null;
  actor_role: Role;
}

export function actorToColumns(actor: ActorRecord): ActorColumns {
  return { actor_subject: actor.subject, actor_name: actor.name, actor_role: actor.role };
}

export function actorFromColumns(row: ActorColumns): ActorRecord {
  return { subject: row.actor_subject, name: row.actor_name, role: row.actor_role };
}

/** Numbers events 1, 2, 3… within each parent, in the order given. */
export function numberPerParent<T>(events: readonly T[], parentOf: (event: T) => string): [T, number][] {
  const last = new Map<string, number>();
  return events.map((event) => {
    const sequence = (last.get(parentOf(event)) ?? 0) + 1;
    last.set(parentOf(event), sequence);
    return [event, sequence];
  });
}
