import type { Role } from '../generated/graphql.js';

/** The caller of one request, as its verified token says. */
export interface Viewer {
  subject: string;
  name: string | null;
  role: Role;
  /** The acute trust's ODS code, for hospital teams and feeds that speak for one trust. */
  trustOdsCode: string | null;
}

/**
 * Who did something, as the gateway records it: a subject always. (The
 * schema's Actor may show it as null: hospital teams see hub staff by role.)
 */
export interface ActorRecord {
  subject: string;
  name: string | null;
  role: Role;
}

/** The viewer as the maker of a change, for history and review records. */
export function actorOf(viewer: Viewer): ActorRecord {
  return { subject: viewer.subject, name: viewer.name, role: viewer.role };
}

export const ROLES: readonly Role[] = [
  'HOSPITAL_DISCHARGE',
  'HUB_COORDINATOR',
  'OCCUPATIONAL_THERAPIST',
  'VIEWER',
  'ADMIN',
  'SYSTEM',
];

/** ODS codes are upper-case letters and digits; an NHS trust's is three characters (RK9), a site's five. */
export const ODS_CODE = /^[A-Z0-9]{3,10}$/;

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
