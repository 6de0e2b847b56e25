/**
 * An actor as the history tables (referral_events, equipment_order_events,
 * audit_events) store it: three columns, so a history row names who acted
 * even after their token is long gone.
 */
import type { Role } from '../generated/graphql.js';
import type { ActorRecord } from './viewer.js';

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
