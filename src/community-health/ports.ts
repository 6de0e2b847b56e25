/**
 * The port to community health (district nursing, community therapy: a
 * SystmOne-style system spoken to over FHIR R4): who from community health is
 * involved with a person, and onward referrals to them as ServiceRequests.
 * adapters/community-health/ implements it; the gateway never sees FHIR JSON.
 */
import { GatewayError } from '../errors.js';

export type CommunityService = 'DISTRICT_NURSING' | 'COMMUNITY_THERAPY' | 'OTHER';

/** One active episode of care there, with the team and professional leading it. */
export interface CommunityHealthInvolvement {
  service: CommunityService;
  /** As the system names it ("District Nursing"). */
  serviceName: string;
  teamName: string | null;
  /** ISO 8601 date or instant the involvement began. */
  since: string | null;
  leadProfessional: { name: string; role: string | null } | null;
  contactPhone: string | null;
  /** The EpisodeOfCare's id there. */
  episodeId: string;
}

/** One person's involvement as community health holds it, with where and when it came from. */
export interface CommunityHealthRecord {
  system: 'COMMUNITY_HEALTH';
  /** The person's Patient id there. */
  patientId: string;
  /** When the gateway read it (ISO 8601 instant). */
  fetchedAt: string;
  involvements: CommunityHealthInvolvement[];
}

export type ServiceRequestStatus = 'SENT' | 'ACKNOWLEDGED' | 'ACCEPTED' | 'DECLINED';

export interface NewServiceRequest {
  /** The gateway's id: the idempotency key on the wire (the same id twice is one request). */
  requestId: string;
  nhsNumber: string;
  service: CommunityService;
  reason: string;
  /** Who in the hub asks ("Sam Carter, Hub North"). */
  requester: string;
  /** ISO 8601 instant. */
  occurredAt: string;
}

export interface CommunityHealthSystem {
  /** By NHS number; a person unknown there is absent from the map. */
  recordsOf(nhsNumbers: readonly string[], signal?: AbortSignal): Promise<Map<string, CommunityHealthRecord>>;
  /** Creates (or finds, the same requestId twice) the ServiceRequest; its reference there. */
  createServiceRequest(request: NewServiceRequest, signal?: AbortSignal): Promise<{ reference: string; status: ServiceRequestStatus }>;
  serviceRequestStatus(reference: string, signal?: AbortSignal): Promise<{ status: ServiceRequestStatus; reason: string | null }>;
}

/**
 * Community health could not answer (down, slow past the timeout, circuit
 * open, or not speaking its contract): the same code and details as a record
 * system's, so a client handles every outside system's outage alike.
 */
export class CommunityHealthUnavailableError extends GatewayError {
  readonly code = 'UPSTREAM_UNAVAILABLE';
  readonly system = 'COMMUNITY_HEALTH';
  constructor(
    readonly operation: string,
    message: string,
    readonly status: number | null = null,
  ) {
    super(`COMMUNITY_HEALTH ${operation}: ${message}`, { system: 'COMMUNITY_HEALTH', operation, status });
  }
}

/** Community health refused a request for good (unknown patient or request, invalid request): retrying will not help. */
export class CommunityHealthRefusalError extends GatewayError {
  readonly code = 'COMMUNITY_HEALTH_REFUSED';
  readonly system = 'COMMUNITY_HEALTH';
  constructor(
    readonly operation: string,
    message: string,
  ) {
    super(`COMMUNITY_HEALTH ${operation}: ${message}`, { system: 'COMMUNITY_HEALTH', operation });
  }
}
