/**
 * Who may do what. Resolvers ask `authorize(viewer, permission)` before they
 * touch data; the table below is the whole policy, so a review of access
 * rights is a review of this file.
 */
import type { Role } from '../generated/graphql.js';
import { ForbiddenError } from '../errors.js';
import type { Viewer } from './viewer.js';

export type Permission =
  /** Look people up directly: customer(id), search, by NHS number. */
  | 'customer:read'
  /** See which outside record systems know a person. */
  | 'customer:identities'
  /** Read a customer's case from the social care record systems. */
  | 'careRecord:read'
  | 'referral:read'
  | 'referral:decide'
  | 'equipment:read'
  /** Place, cancel and ask to collect equipment orders. */
  | 'equipment:order'
  /** Authorise special items and orders above the coordinator's limit. */
  | 'equipment:authorise'
  /** Read a key safe code (the ordering team, who arrange access). */
  | 'equipment:keySafe'
  | 'hubBoard:read'
  | 'audit:read'
  /** See received feed messages and replay failed ones. */
  | 'inbox:admin'
  /** See calls owed to outside systems and retry given-up ones. */
  | 'outbox:admin'
  /** See and resolve identity links waiting for review. */
  | 'identity:review'
  /** Refer a patient from a hospital team's form. */
  | 'discharge:submit';

const HUB_STAFF: readonly Role[] = ['HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST', 'VIEWER', 'ADMIN'];

const DESCRIPTIONS: Readonly<Record<Permission, string>> = {
  'customer:read': 'look up customers',
  'customer:identities': "see a customer's links to record systems",
  'careRecord:read': "read a customer's social care record",
  'referral:read': 'read referrals',
  'referral:decide': 'triage, accept, decline or close referrals',
  'equipment:read': 'see equipment orders',
  'equipment:order': 'order, cancel or collect equipment',
  'equipment:authorise': 'authorise equipment orders',
  'equipment:keySafe': 'read key safe codes',
  'hubBoard:read': 'see the hub board',
  'audit:read': 'read the audit trail',
  'inbox:admin': 'read or replay received feed messages',
  'outbox:admin': 'read or retry calls owed to outside systems',
  'identity:review': 'review identity links',
  'discharge:submit': 'submit discharge referrals',
};

const GRANTS: Readonly<Record<Permission, readonly Role[]>> = {
  'customer:read': HUB_STAFF,
  'customer:identities': HUB_STAFF,
  'careRecord:read': HUB_STAFF,
  // Hospital teams and trust feeds read referrals too, but only their own trust's (see referralTrustScope).
  'referral:read': [...HUB_STAFF, 'HOSPITAL_DISCHARGE', 'SYSTEM'],
  'referral:decide': ['HUB_COORDINATOR', 'ADMIN'],
  'equipment:read': HUB_STAFF,
  'equipment:order': ['HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST'],
  'equipment:authorise': ['OCCUPATIONAL_THERAPIST'],
  'equipment:keySafe': ['HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST'],
  'hubBoard:read': HUB_STAFF,
  'audit:read': ['ADMIN'],
  'inbox:admin': ['ADMIN'],
  'outbox:admin': ['ADMIN'],
  'identity:review': ['HUB_COORDINATOR', 'ADMIN'],
  'discharge:submit': ['HOSPITAL_DISCHARGE'],
};

export function can(viewer: Viewer, permission: Permission): boolean {
  return GRANTS[permission].includes(viewer.role);
}

export function authorize(viewer: Viewer, permission: Permission): void {
  if (!can(viewer, permission)) {
    throw new ForbiddenError(`The ${viewer.role} role may not ${DESCRIPTIONS[permission]}`, {
      permission,
      role: viewer.role,
    });
  }
}

/**
 * The trust whose referrals alone this viewer may see, or null for all
 * trusts. A hospital team or trust feed is held to its own trust; a feed
 * that speaks for no trust sees none.
 */
export function referralTrustScope(viewer: Viewer): string | null {
  authorize(viewer, 'referral:read');
  if (viewer.role !== 'HOSPITAL_DISCHARGE' && viewer.role !== 'SYSTEM') return null;
  if (viewer.trustOdsCode === null) {
    throw new ForbiddenError('A SYSTEM token must carry a trust claim to read referrals', { role: viewer.role });
  }
  return viewer.trustOdsCode;
}
