/**
 * A CareFirst-style record system on loopback, speaking the SOAP contract in
 * this folder's README: for `npm start` without a council's CareFirst, and
 * for the tests. This file is the HTTP side (the one endpoint, SOAPAction,
 * the ApiKey header, faults, the /_simulator controls); simulator-clients.ts
 * says who the clients are, simulator-contacts.ts keeps the contacts,
 * ../simulator-team-referrals.ts the team referrals, and the kit's
 * FaultInjector decides what goes wrong.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '../../../src/errors.js';
import { generateSyntheticHub, type SyntheticHub } from '../../../src/seed/ports.js';
import {
  FaultInjector,
  NO_REQUEST_FAULTS,
  parseFaults,
  REQUEST_FAULT_KINDS,
  type RequestFaults,
} from '../../simulator-kit/request-faults.js';
import {
  closingController,
  answerControl,
  type ListenOptions,
  metRequestFault,
  readBody,
  type RunningSimulator,
  sameSecret,
  send,
  startSimulatorServer,
} from '../../simulator-kit/simulator-server.js';
import {
  type CareFirstOperation,
  type CareFirstRequest,
  type FaultDetailCode,
  MAX_CLIENTS_PER_CALL,
  operationOfSoapAction,
  SERVICE_PATH,
  type SoapFault,
  type TeamReferralAnswer,
  type TeamReferralRequest,
} from './contract.js';
import type { TeamReferralState } from '../../../src/care-records/ports.js';
import { careFirstClients } from './simulator-clients.js';
import { ContactBook } from './simulator-contacts.js';
import { TeamReferralBook } from '../simulator-team-referrals.js';
import {
  clientSummariesResponseToXml,
  faultToXml,
  getTeamReferralStatusResponseToXml,
  isContactDate,
  recordContactResponseToXml,
  recordTeamReferralResponseToXml,
  requestFromXml,
} from './translate.js';
import { teamReferralStatusCode } from './vocabulary.js';

export interface CareFirstSimulatorOptions extends ListenOptions {
  /** The `<cf:ApiKey>` every call must carry. */
  apiKey: string;
  /** Client refs one GetClientSummaries may ask for; default 25, as CareFirst. */
  pageLimit?: number;
  /** Whose records it serves (the CAREFIRST-linked people); default generateSyntheticHub(). */
  hub?: SyntheticHub;
  /** Time between a team referral's statuses (REC, ACK, then ACC or DEC); default 5 s. */
  teamReferralStepMs?: number;
}

export interface CareFirstSimulatorStats {
  /** Calls received, by the operation their SOAPAction names (camelCase, as the other simulators' stats name operations), whatever became of them. */
  requests: { getClientSummaries: number; recordContact: number; recordTeamReferral: number; getTeamReferralStatus: number };
  /** Client refs asked for across all GetClientSummaries calls. */
  clientRefsRequested: number;
  /** The most refs one GetClientSummaries asked for (refused ones included, to show a client over the limit). */
  largestBatch: number;
  /** Contacts recorded (repeats of a ContactRef not counted). */
  contactsWritten: number;
  /** Team referrals recorded (repeats of a ReferralRef not counted), and the repeats. */
  teamReferralsMade: number;
  teamReferralsRepeated: number;
  faultsInjected: number;
}

export type CareFirstSimulator = RunningSimulator<CareFirstSimulatorStats>;

interface Answer {
  status: number;
  xml: string;
}

const STATS_KEYS = {
  GetClientSummaries: 'getClientSummaries',
  RecordContact: 'recordContact',
  RecordTeamReferral: 'recordTeamReferral',
  GetTeamReferralStatus: 'getTeamReferralStatus',
} as const satisfies Record<CareFirstOperation, string>;
const MAX_BODY_BYTES = 1024 * 1024;
const XML = 'text/xml; charset=utf-8';
const DEFAULT_TEAM_REFERRAL_STEP_MS = 5_000;
/** CareFirst's referral reason field is this long, as its case note summary. */
const MAX_REASON_LENGTH = 4_000;
const TEAM_CODE = /^[A-Z0-9-]{1,20}$/;

export async function startCareFirstSimulator(options: CareFirstSimulatorOptions): Promise<CareFirstSimulator> {
  const pageLimit = options.pageLimit ?? MAX_CLIENTS_PER_CALL;
  const clients = careFirstClients(options.hub ?? generateSyntheticHub());
  const contacts = new ContactBook((clientRef) => clients.has(clientRef));
  const teamReferrals = new TeamReferralBook('REF', options.teamReferralStepMs ?? DEFAULT_TEAM_REFERRAL_STEP_MS);
  const faults = new FaultInjector<RequestFaults>(NO_REQUEST_FAULTS);
  const closing = closingController();
  const counts = { requests: { getClientSummaries: 0, recordContact: 0, recordTeamReferral: 0, getTeamReferralStatus: 0 }, clientRefsRequested: 0, largestBatch: 0 };
  const stats = (): CareFirstSimulatorStats => ({
    ...counts,
    requests: { ...counts.requests },
    contactsWritten: contacts.size,
    ...teamReferrals.counts(),
    faultsInjected: faults.injected(),
  });

  function answer(request: CareFirstRequest): Answer {
    switch (request.operation) {
      case 'GetClientSummaries': {
        const refs = [...new Set(request.clientRefs)];
        counts.clientRefsRequested += request.clientRefs.length;
        counts.largestBatch = Math.max(counts.largestBatch, request.clientRefs.length);
        if (refs.length > pageLimit) return clientFault('TooManyClients', `At most ${pageLimit} ClientRefs per call`);
        const found = refs.flatMap((ref) => clients.get(ref) ?? []);
        return { status: 200, xml: clientSummariesResponseToXml(found, refs.filter((ref) => !clients.has(ref))) };
      }
      case 'RecordContact': {
        const outcome = contacts.record(request.contact);
        return outcome.ok ? { status: 200, xml: recordContactResponseToXml(outcome.contactId) } : clientFault(outcome.code, outcome.message);
      }
      case 'RecordTeamReferral':
        return recordTeamReferral(request.referral);
      case 'GetTeamReferralStatus': {
        const found = teamReferrals.status(request.referralId);
        if (found === null) return clientFault('UnknownReferral', 'No team referral has this ReferralId');
        return { status: 200, xml: getTeamReferralStatusResponseToXml(answerFor(found.teamReferralId, found.state)) };
      }
    }
  }

  function recordTeamReferral(referral: TeamReferralRequest): Answer {
    if (!clients.has(referral.clientRef)) return clientFault('UnknownClient', 'No client has this ClientRef');
    const problem =
      !TEAM_CODE.test(referral.teamCode) ? 'TeamCode is not a team code (A-Z, 0-9, -)'
      : !isContactDate(referral.date) ? 'Date is not an ISO 8601 date and time with an offset'
      : referral.reason.trim() === '' ? 'Reason is empty'
      : referral.reason.length > MAX_REASON_LENGTH ? `Reason is over ${MAX_REASON_LENGTH} characters`
      : null;
    if (problem !== null) return clientFault('InvalidReferral', problem);
    const outcome = teamReferrals.make(referral.clientRef, {
      teamReferralId: referral.referralRef,
      referralId: referral.hubReferralRef,
      team: referral.teamCode,
      service: referral.service,
      reason: referral.reason,
      details: referral.details,
      requestedBy: referral.requestedBy,
      requestedAt: referral.date,
    });
    if (outcome.kind === 'reused') return clientFault('InvalidReferral', 'This ReferralRef was used for another referral');
    return { status: 200, xml: recordTeamReferralResponseToXml(answerFor(referral.referralRef, outcome.state)) };
  }

  async function handleServiceCall(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const action = operationOfSoapAction(request.headers.soapaction as string | undefined);
    if (action !== null) counts.requests[STATS_KEYS[action]] += 1;
    if (await metRequestFault(faults, request, closing.signal, () => send(response, 503, XML, faultToXml(fault503)))) return;
    const result = await callResult(request, action);
    send(response, result.status, XML, faults.answerBody(result.xml));
  }

  /** The answer to a call that met no injected fault: the operation's response, or the fault the contract gives. */
  async function callResult(request: IncomingMessage, action: CareFirstOperation | null): Promise<Answer> {
    if (action === null) return clientFault('InvalidRequest', 'The SOAPAction header names no operation of this service');
    const body = await readBody(request, MAX_BODY_BYTES);
    if (body === null) return clientFault('InvalidRequest', `The request is over ${MAX_BODY_BYTES} bytes`);
    let call: CareFirstRequest;
    try {
      call = requestFromXml(body);
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      return clientFault('InvalidRequest', error.message);
    }
    if (call.operation !== action) return clientFault('InvalidRequest', 'The SOAPAction header and the Body name different operations');
    if (!sameSecret(call.apiKey ?? '', options.apiKey)) return clientFault('InvalidApiKey', 'A valid ApiKey header is required');
    return answer(call);
  }

  const controls = {
    stats,
    setFaults: (json: unknown) => faults.set(parseFaults<RequestFaults>(json, REQUEST_FAULT_KINDS)),
    maxBodyBytes: MAX_BODY_BYTES,
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://simulator').pathname;
    if (path.startsWith('/_simulator/')) return answerControl(request, response, path, controls);
    if (path !== SERVICE_PATH) return send(response, 404, 'text/plain; charset=utf-8', `No service at ${path}; the service is POST ${SERVICE_PATH}`);
    if (request.method !== 'POST') return send(response, 405, 'text/plain; charset=utf-8', 'SOAP 1.1 calls are POSTs');
    // SOAP 1.1's HTTP binding is text/xml; as WCF's basicHttpBinding does, anything else is refused before the envelope is read.
    if (!/^text\/xml\b/i.test(request.headers['content-type'] ?? '')) return send(response, 415, 'text/plain; charset=utf-8', 'SOAP 1.1 requests are text/xml');
    return handleServiceCall(request, response);
  }

  const server = await startSimulatorServer({
    host: options.host,
    port: options.port,
    closing,
    handle,
    // A simulator bug, answered as the contract's Server fault.
    internalError: (response, message) => send(response, 500, XML, faultToXml({ faultCode: 'Server', faultString: message, detailCode: null })),
  });
  return {
    url: server.url,
    port: server.port,
    stats,
    setFaults: (changes) => void faults.set(changes),
    close: () => server.close(),
  };
}

function answerFor(referralRef: string, state: TeamReferralState): TeamReferralAnswer {
  return { referralRef, referralId: state.reference, status: teamReferralStatusCode(state.status), statusReason: state.reason };
}

/** The kit's 503, as CareFirst's IIS front end answers while the service is down. */
const fault503: SoapFault = { faultCode: 'Server', faultString: 'The service is unavailable; try again later', detailCode: 'ServiceUnavailable' };

/** A soap:Client fault with HTTP 500, as SOAP 1.1 sends every fault. */
function clientFault(code: FaultDetailCode, message: string): Answer {
  return { status: 500, xml: faultToXml({ faultCode: 'Client', faultString: message, detailCode: code }) };
}
