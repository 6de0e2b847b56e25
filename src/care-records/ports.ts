/**
 * The port to the council's social care record systems (Liquidlogic LAS,
 * OLM CareFirst, Mosaic): what the unified case view needs from each, in the
 * gateway's words. adapters/care-records/ implements it once per system and
 * wire shape; the gateway never sees their JSON or SOAP.
 */
import { GatewayError } from '../errors.js';

/** The record systems a customer can be linked to (`customer_identities.system`). */
export type RecordSystemCode = 'LAS' | 'CAREFIRST';

export type CaseStatus = 'OPEN' | 'ALLOCATED' | 'AWAITING_ALLOCATION' | 'CLOSED';

export type AlertCategory = 'RISK_TO_SELF' | 'RISK_TO_OTHERS' | 'RISK_TO_STAFF' | 'SAFEGUARDING' | 'ACCESS' | 'HEALTH' | 'OTHER';

export interface CareRecordAlert {
  category: AlertCategory;
  /** As the record system words it ("Dog on premises: call before visiting"). */
  description: string;
  raisedOn: string | null;
  /** HIGH alerts are shown first and never folded away. */
  severity: 'HIGH' | 'MEDIUM' | 'LOW';
}

export interface CareService {
  /** "Home care", "Day centre", "Meals", "Telecare". */
  type: string;
  provider: string | null;
  hoursPerWeek: number | null;
}

export interface CarePackage {
  status: 'PLANNED' | 'ACTIVE' | 'SUSPENDED' | 'ENDED';
  startDate: string | null;
  endDate: string | null;
  /** Whole pence a week, where the system holds a cost. */
  weeklyCostPence: number | null;
  services: CareService[];
}

export interface Carer {
  name: string;
  /** "Daughter", "Husband", "Neighbour". */
  relationship: string;
  phone: string | null;
  livesWithPerson: boolean;
  mainCarer: boolean;
}

/** One person's case as one record system holds it, with where and when it came from. */
export interface CareRecord {
  system: RecordSystemCode;
  /** The person's id in that system. */
  localId: string;
  /** When the gateway read it (ISO 8601 instant). */
  fetchedAt: string;
  person: { familyName: string; givenName: string | null; dateOfBirth: string | null; nhsNumber: string | null };
  caseStatus: CaseStatus;
  caseOpenedOn: string | null;
  allocatedWorker: { name: string; role: string | null; phone: string | null } | null;
  team: { name: string; code: string | null } | null;
  alerts: CareRecordAlert[];
  carePackage: CarePackage | null;
  carers: Carer[];
}

/** What the hub writes onto the person's record when it accepts a referral. */
export interface CareRecordContact {
  /** The gateway's id for this contact: the idempotency key on the wire (the same id twice is one contact). */
  contactId: string;
  referralId: string;
  /** ISO 8601 instant. */
  occurredAt: string;
  /** "Hospital discharge referral from Northgate General accepted: pathway 1, Reablement South." */
  summary: string;
  team: string | null;
  worker: string | null;
}

/** Where a referral to a team stands in the record system, in the gateway's words. */
export type TeamReferralStatus = 'SENT' | 'ACKNOWLEDGED' | 'ACCEPTED' | 'DECLINED';

/** An onward referral from the hub to a team the record system holds (carers' support, finance and benefits, OT). */
export interface TeamReferral {
  /** The gateway's id for it: the idempotency key on the wire (the same id twice is one team referral). */
  teamReferralId: string;
  /** The hub referral it comes from. */
  referralId: string;
  /** The team's code in the record system ("CARERS"). */
  team: string;
  /** The service asked for, in words ("Carers' support"). */
  service: string;
  reason: string;
  details: string | null;
  /** Who at the hub made it (a name or a role), for the team to call back. */
  requestedBy: string;
  /** ISO 8601 instant. */
  requestedAt: string;
}

/** A team referral as the record system last told of it; `reason` is the team's, when it declines. */
export interface TeamReferralState {
  reference: string;
  status: TeamReferralStatus;
  reason: string | null;
}

export interface CareRecordSystem {
  readonly system: RecordSystemCode;
  /** The most ids one call may ask for; more are split into calls of this size, sent in parallel. */
  readonly pageLimit: number;
  /** The records of these people; an id the system does not know is absent from the map. */
  fetchRecords(localIds: readonly string[], signal?: AbortSignal): Promise<Map<string, CareRecord>>;
  /** Writes the contact onto the person; returns the system's reference for it. */
  writeContact(localId: string, contact: CareRecordContact, signal?: AbortSignal): Promise<{ reference: string }>;
  /** Refers the person to one of the system's teams; the same teamReferralId again answers the same referral. */
  referToTeam(localId: string, referral: TeamReferral, signal?: AbortSignal): Promise<TeamReferralState>;
  /** Where a team referral stands now, by the system's reference for it. */
  teamReferralStatus(reference: string, signal?: AbortSignal): Promise<TeamReferralState>;
}

/** The record system could not answer (down, slow past the timeout, circuit open, or not speaking its contract). */
export class RecordSystemUnavailableError extends GatewayError {
  readonly code = 'UPSTREAM_UNAVAILABLE';
  constructor(
    readonly system: RecordSystemCode,
    readonly operation: string,
    message: string,
    readonly status: number | null = null,
  ) {
    super(`${system} ${operation}: ${message}`, { system, operation, status });
  }
}

/** The record system refused a write for good (unknown person, invalid contact): retrying will not help. */
export class RecordSystemRefusalError extends GatewayError {
  readonly code = 'RECORD_SYSTEM_REFUSED';
  constructor(
    readonly system: RecordSystemCode,
    readonly operation: string,
    message: string,
  ) {
    super(`${system} ${operation}: ${message}`, { system, operation });
  }
}
