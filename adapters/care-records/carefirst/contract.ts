/**
 * The CareFirst contract's fixed names and its messages' content in
 * CareFirst's own words (README.md in this folder): what translate.ts writes
 * and reads on both sides, before the gateway's vocabulary is applied.
 */
import type { AlertPriority, CaseStatusCode, PackageStatusCode, TeamReferralStatusCode } from './vocabulary.js';

export const SOAP_ENVELOPE_NAMESPACE = 'http://schemas.xmlsoap.org/soap/envelope/';
/** Synthetic: OLM's real namespaces are not public, and this contract is only in their style. */
export const SERVICE_NAMESPACE = 'http://schemas.olm-style.example/carefirst/client/2019';
export const SERVICE_PATH = '/CareFirstServices/ClientService.svc';
/** CareFirst refuses a GetClientSummaries of more refs than this (TooManyClients). */
export const MAX_CLIENTS_PER_CALL = 25;

export const OPERATIONS = ['GetClientSummaries', 'RecordContact', 'RecordTeamReferral', 'GetTeamReferralStatus'] as const;
export type CareFirstOperation = (typeof OPERATIONS)[number];

/** The SOAPAction header for `operation`, quoted as SOAP 1.1 (section 6.1.1) has it. */
export function soapActionOf(operation: CareFirstOperation): string {
  return `"${SERVICE_NAMESPACE}/IClientService/${operation}"`;
}

/** The operation a SOAPAction header names, quoted or not, or null for any other action. */
export function operationOfSoapAction(header: string | undefined): CareFirstOperation | null {
  const action = (header ?? '').trim().replace(/^"(.*)"$/, '$1');
  return OPERATIONS.find((operation) => soapActionOf(operation) === `"${action}"`) ?? null;
}

export interface ClientSummary {
  clientRef: string;
  forename: string | null;
  surname: string;
  dateOfBirth: string | null;
  nhsNumber: string | null;
  case: {
    status: CaseStatusCode;
    openDate: string | null;
    worker: { name: string; role: string | null; phone: string | null } | null;
    team: { code: string | null; name: string } | null;
  };
  alerts: { category: string; priority: AlertPriority; description: string; raisedDate: string | null }[];
  package: {
    status: PackageStatusCode;
    startDate: string | null;
    endDate: string | null;
    weeklyCostPence: number | null;
    services: { serviceType: string; provider: string | null; hoursPerWeek: number | null }[];
  } | null;
  carers: { name: string; relationship: string; phone: string | null; livesWithClient: boolean; mainCarer: boolean }[];
}

export interface ContactRequest {
  clientRef: string;
  /** The caller's id for the contact: the same ref again is the same contact. */
  contactRef: string;
  /** As sent: the service, not the reader, decides whether it is a date and time it takes (InvalidContact). */
  date: string;
  /** As sent, possibly empty, for the same reason. */
  summary: string;
  team: string | null;
  worker: string | null;
}

export interface TeamReferralRequest {
  clientRef: string;
  /** The caller's id for the team referral: the same ref again is the same referral. */
  referralRef: string;
  /** The hub referral it comes from. */
  hubReferralRef: string;
  teamCode: string;
  service: string;
  reason: string;
  details: string | null;
  requestedBy: string;
  /** As sent, for the service to judge (InvalidReferral). */
  date: string;
}

/** A team referral as CareFirst answers for it (RecordTeamReferralResponse, GetTeamReferralStatusResponse). */
export interface TeamReferralAnswer {
  referralRef: string;
  referralId: string;
  status: TeamReferralStatusCode;
  statusReason: string | null;
}

/** A call as the service reads it: the key from the SOAP header and the operation's content. */
export type CareFirstRequest =
  | { operation: 'GetClientSummaries'; apiKey: string | null; clientRefs: string[] }
  | { operation: 'RecordContact'; apiKey: string | null; contact: ContactRequest }
  | { operation: 'RecordTeamReferral'; apiKey: string | null; referral: TeamReferralRequest }
  | { operation: 'GetTeamReferralStatus'; apiKey: string | null; referralId: string };

/** The `Code` in a fault's `detail`. */
export const FAULT_DETAIL_CODES = ['UnknownClient', 'InvalidContact', 'InvalidReferral', 'UnknownReferral', 'TooManyClients', 'InvalidApiKey', 'InvalidRequest', 'ServiceUnavailable'] as const;
export type FaultDetailCode = (typeof FAULT_DETAIL_CODES)[number];

/** SOAP 1.1's fault codes (section 4.4.1), read by URI: `Client` is the caller's mistake, `Server` the service's. */
export const SOAP_FAULT_CODES = ['Client', 'Server', 'VersionMismatch', 'MustUnderstand'] as const;
export type SoapFaultCode = (typeof SOAP_FAULT_CODES)[number];

export interface SoapFault {
  faultCode: SoapFaultCode;
  faultString: string;
  /** Null where the fault has no `detail` (a SOAP stack's own fault, not the service's). */
  detailCode: FaultDetailCode | null;
}

/** A response body: the operation's answer or a fault. */
export type SoapAnswer<T> = { ok: true; value: T } | { ok: false; fault: SoapFault };
