/**
 * The CareRecordSystem port over CareFirst's SOAP service (README.md in this
 * folder): one endpoint, a SOAPAction per operation, SOAP 1.1's HTTP binding
 * (200 with the response, 500 with a Fault). A Client fault refusing a
 * contact (UnknownClient, InvalidContact) is an answer, never retried;
 * anything else that is not a response (a Server fault, a bad key, HTTP
 * errors, timeouts, a body that does not read) is RecordSystemUnavailableError.
 *
 * Error messages are built from the operation, the HTTP status and the
 * fault's codes, never from the request or the faultstring: both can name
 * the person, and errors are logged. For the same reason axios's errors,
 * which hold the request, are not kept as causes.
 */
import {
  type CareRecord,
  type CareRecordSystem,
  RecordSystemRefusalError,
  RecordSystemUnavailableError,
} from '../../../src/care-records/ports.js';
import { XmlRefusedError } from '../../../src/xml/safe-xml.js';
import { createOutsideHttp, type OutsideHttpOptions, type OutsideReply as Reply, requestReply } from '../../outside-http.js';
import { checkedPageLimit, fetchInPages } from '../record-pages.js';
import { type CareFirstOperation, MAX_CLIENTS_PER_CALL, SERVICE_PATH, soapActionOf, type SoapAnswer, type SoapFault } from './contract.js';
import {
  CareFirstXmlError,
  clientSummariesResponseFromXml,
  getClientSummariesRequestToXml,
  getTeamReferralStatusRequestToXml,
  getTeamReferralStatusResponseFromXml,
  recordContactRequestToXml,
  recordContactResponseFromXml,
  recordTeamReferralRequestToXml,
  recordTeamReferralResponseFromXml,
} from './translate.js';

export interface CareFirstClientOptions extends Pick<OutsideHttpOptions, 'maxConnections'> {
  baseUrl: string;
  /** Sent in the `<cf:ApiKey>` SOAP header. */
  apiKey: string;
  timeoutMs: number;
  /** Client refs per GetClientSummaries; default (and CareFirst's most) 25. */
  pageLimit?: number;
}

/** The port's operations, as errors name them. */
type Operation = keyof Omit<CareRecordSystem, 'system' | 'pageLimit'>;

/** Far above 25 summaries; stops a broken service filling memory. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** The Client faults that refuse a write for good. */
const REFUSALS: ReadonlySet<string> = new Set(['UnknownClient', 'InvalidContact', 'InvalidReferral']);

export function createCareFirstClient(options: CareFirstClientOptions): CareRecordSystem {
  const pageLimit = checkedPageLimit(options.pageLimit ?? MAX_CLIENTS_PER_CALL);
  // The key travels in the envelope, so no header carries it.
  const http = createOutsideHttp({
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    accept: 'text/xml',
    maxBodyBytes: MAX_BODY_BYTES,
    maxConnections: options.maxConnections,
  });

  /** Posts `envelope` as `soapOperation` and reads the answer: the response, or a Fault that came as SOAP 1.1 sends one. */
  async function call<T>(
    operation: Operation,
    soapOperation: CareFirstOperation,
    envelope: string,
    signal: AbortSignal | undefined,
    read: (xml: string) => SoapAnswer<T>,
  ): Promise<SoapAnswer<T>> {
    const reply: Reply = await requestReply(
      http,
      {
        method: 'POST',
        url: SERVICE_PATH,
        data: envelope,
        signal,
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: soapActionOf(soapOperation) },
      },
      (failure) => new RecordSystemUnavailableError('CAREFIRST', operation, `no answer (${failure})`),
    );
    if (reply.status !== 200 && reply.status !== 500) {
      const fault = faultIn(reply.body, read);
      throw new RecordSystemUnavailableError('CAREFIRST', operation, `HTTP ${reply.status}${fault === null ? '' : ` with ${describeFault(fault)}`}`, reply.status);
    }
    const answer = readReply(operation, reply, read);
    // SOAP 1.1 section 6.2: a Fault comes with 500, a response with 200; any other pairing is not the service speaking its contract.
    if (answer.ok !== (reply.status === 200)) {
      throw new RecordSystemUnavailableError('CAREFIRST', operation, `HTTP ${reply.status} with ${answer.ok ? 'a response' : 'a SOAP Fault'}, which SOAP 1.1 never pairs`, reply.status);
    }
    return answer;
  }

  async function fetchPage(clientRefs: string[], signal: AbortSignal): Promise<CareRecord[]> {
    const envelope = getClientSummariesRequestToXml(options.apiKey, clientRefs);
    // Read when the answer came, which is when the gateway knew the record to be so.
    const answer = await call('fetchRecords', 'GetClientSummaries', envelope, signal, (xml) => clientSummariesResponseFromXml(xml, new Date().toISOString()));
    // No fault is an answer here: an unknown client is an UnknownClientRef, and a bad key or too many refs is this gateway misconfigured.
    if (!answer.ok) throw new RecordSystemUnavailableError('CAREFIRST', 'fetchRecords', describeFault(answer.fault), 500);
    checkCoverage(clientRefs, answer.value.records, answer.value.unknownClientRefs);
    return answer.value.records;
  }

  return {
    system: 'CAREFIRST',
    pageLimit,

    async fetchRecords(localIds, signal) {
      return fetchInPages([...new Set(localIds)], pageLimit, signal, fetchPage);
    },

    async writeContact(localId, contact, signal) {
      const envelope = recordContactRequestToXml(options.apiKey, localId, contact);
      const answer = await call('writeContact', 'RecordContact', envelope, signal, recordContactResponseFromXml);
      if (answer.ok) return { reference: answer.value.contactId };
      throw refusalOrUnavailable('writeContact', answer.fault);
    },

    async referToTeam(localId, referral, signal) {
      const envelope = recordTeamReferralRequestToXml(options.apiKey, localId, referral);
      const answer = await call('referToTeam', 'RecordTeamReferral', envelope, signal, recordTeamReferralResponseFromXml);
      if (!answer.ok) throw refusalOrUnavailable('referToTeam', answer.fault);
      const { referralRef, state } = answer.value;
      if (referralRef !== referral.teamReferralId) throw new RecordSystemUnavailableError('CAREFIRST', 'referToTeam', 'HTTP 200 answering for another ReferralRef', 200);
      return state;
    },

    async teamReferralStatus(reference, signal) {
      const envelope = getTeamReferralStatusRequestToXml(options.apiKey, reference);
      const answer = await call('teamReferralStatus', 'GetTeamReferralStatus', envelope, signal, getTeamReferralStatusResponseFromXml);
      // No fault is an answer here: an unknown ReferralId is one this gateway was given, so the service is not keeping its word.
      if (!answer.ok) throw new RecordSystemUnavailableError('CAREFIRST', 'teamReferralStatus', describeFault(answer.fault), 500);
      const { state } = answer.value;
      if (state.reference !== reference) throw new RecordSystemUnavailableError('CAREFIRST', 'teamReferralStatus', 'HTTP 200 answering for another ReferralId', 200);
      return state;
    },
  };
}

/** A write's Client fault that refuses it for good; any other fault means the service is unwell. */
function refusalOrUnavailable(operation: Operation, fault: SoapFault): RecordSystemRefusalError | RecordSystemUnavailableError {
  if (fault.faultCode === 'Client' && fault.detailCode !== null && REFUSALS.has(fault.detailCode)) {
    return new RecordSystemRefusalError('CAREFIRST', operation, `refused: ${describeFault(fault)}`);
  }
  return new RecordSystemUnavailableError('CAREFIRST', operation, describeFault(fault), 500);
}

/** Each ref asked about answered once, as a summary or as unknown, and nothing else: otherwise the answer cannot be trusted to be these people's. */
function checkCoverage(asked: readonly string[], records: readonly CareRecord[], unknown: readonly string[]): void {
  const answered = [...records.map((record) => record.localId), ...unknown];
  const askedSet = new Set(asked);
  const problem =
    answered.some((ref) => !askedSet.has(ref)) ? 'answered for a client it was not asked about'
    : new Set(answered).size !== answered.length ? 'answered for a client twice'
    : answered.length !== asked.length ? `left ${asked.length - answered.length} of ${asked.length} clients unanswered`
    : null;
  if (problem !== null) throw new RecordSystemUnavailableError('CAREFIRST', 'fetchRecords', `HTTP 200 ${problem}`, 200);
}

/** The body as the contract's answer; a body that does not read means the service is not answering as agreed. */
function readReply<T>(operation: Operation, reply: Reply, read: (xml: string) => SoapAnswer<T>): SoapAnswer<T> {
  try {
    return read(reply.body);
  } catch (error) {
    if (error instanceof CareFirstXmlError || error instanceof XmlRefusedError) {
      throw new RecordSystemUnavailableError('CAREFIRST', operation, `HTTP ${reply.status} with a body that is not the contract (${error.message})`, reply.status);
    }
    throw error;
  }
}

/** The Fault in an error reply, or null for any other body (a proxy's HTML page, nothing at all): there the status says all there is. */
function faultIn<T>(body: string, read: (xml: string) => SoapAnswer<T>): SoapFault | null {
  try {
    const answer = read(body);
    return answer.ok ? null : answer.fault;
  } catch {
    return null;
  }
}

/** `soap:Server fault ServiceUnavailable`: the codes only, as a faultstring may quote the person. */
function describeFault(fault: SoapFault): string {
  return `soap:${fault.faultCode} fault${fault.detailCode === null ? '' : ` ${fault.detailCode}`}`;
}
