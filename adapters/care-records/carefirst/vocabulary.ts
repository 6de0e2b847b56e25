/**
 * CareFirst's own code lists (README.md, "Vocabularies") and the port's words
 * for them. Councils configure CareFirst's alert categories locally, so a
 * category the gateway does not know is shown as OTHER with its description;
 * a case or package status it does not know could be read wrongly as open or
 * closed, so those lists are closed and anything else is not the contract.
 */
import type { AlertCategory, CarePackage, CareRecordAlert, CaseStatus, TeamReferralStatus } from '../../../src/care-records/ports.js';

export const CASE_STATUS_CODES = ['OPEN', 'REVW', 'ALLOC', 'UNALLOC', 'CLOSED'] as const;
export type CaseStatusCode = (typeof CASE_STATUS_CODES)[number];

const CASE_STATUSES: Readonly<Record<CaseStatusCode, CaseStatus>> = {
  OPEN: 'OPEN',
  // A case open for its review is open: the reviewer, if any, comes as the Worker.
  REVW: 'OPEN',
  ALLOC: 'ALLOCATED',
  UNALLOC: 'AWAITING_ALLOCATION',
  CLOSED: 'CLOSED',
};

export function caseStatusOf(code: CaseStatusCode): CaseStatus {
  return CASE_STATUSES[code];
}

/** The categories the gateway recognises; CareFirst sites add their own, which read as OTHER. */
const ALERT_CATEGORIES: Readonly<Record<string, AlertCategory>> = {
  RSKSELF: 'RISK_TO_SELF',
  RSKOTH: 'RISK_TO_OTHERS',
  RSKWKR: 'RISK_TO_STAFF',
  LONEWKR: 'RISK_TO_STAFF',
  SAFEG: 'SAFEGUARDING',
  ACCESS: 'ACCESS',
  KEYSAFE: 'ACCESS',
  MEDIC: 'HEALTH',
  DNACPR: 'HEALTH',
};

export function alertCategoryOf(code: string): AlertCategory {
  return Object.hasOwn(ALERT_CATEGORIES, code) ? ALERT_CATEGORIES[code]! : 'OTHER';
}

/** CareFirst ranks alerts 1 (highest) to 3. */
export const ALERT_PRIORITIES = ['1', '2', '3'] as const;
export type AlertPriority = (typeof ALERT_PRIORITIES)[number];

const SEVERITIES: Readonly<Record<AlertPriority, CareRecordAlert['severity']>> = { 1: 'HIGH', 2: 'MEDIUM', 3: 'LOW' };

export function severityOf(priority: AlertPriority): CareRecordAlert['severity'] {
  return SEVERITIES[priority];
}

export const PACKAGE_STATUS_CODES = ['PROPOSED', 'LIVE', 'ONHOLD', 'ENDED'] as const;
export type PackageStatusCode = (typeof PACKAGE_STATUS_CODES)[number];

const PACKAGE_STATUSES: Readonly<Record<PackageStatusCode, CarePackage['status']>> = {
  PROPOSED: 'PLANNED',
  LIVE: 'ACTIVE',
  ONHOLD: 'SUSPENDED',
  ENDED: 'ENDED',
};

export function packageStatusOf(code: PackageStatusCode): CarePackage['status'] {
  return PACKAGE_STATUSES[code];
}

/** A team referral's workflow in CareFirst: received, acknowledged by the team, accepted or declined. */
export const TEAM_REFERRAL_STATUS_CODES = ['REC', 'ACK', 'ACC', 'DEC'] as const;
export type TeamReferralStatusCode = (typeof TEAM_REFERRAL_STATUS_CODES)[number];

const TEAM_REFERRAL_STATUSES: Readonly<Record<TeamReferralStatusCode, TeamReferralStatus>> = { REC: 'SENT', ACK: 'ACKNOWLEDGED', ACC: 'ACCEPTED', DEC: 'DECLINED' };

export function teamReferralStatusOf(code: TeamReferralStatusCode): TeamReferralStatus {
  return TEAM_REFERRAL_STATUSES[code];
}

/** The code CareFirst writes for a status (the simulator's side). */
export function teamReferralStatusCode(status: TeamReferralStatus): TeamReferralStatusCode {
  return TEAM_REFERRAL_STATUS_CODES.find((code) => TEAM_REFERRAL_STATUSES[code] === status)!;
}
