/**
 * The CommunityHealthSystem port over community health's FHIR R4 REST
 * interface (README.md in this folder): the searches, the ServiceRequest
 * POST with its If-None-Exist, and what each status means. A request the
 * system refuses for good (400, 404, 412, 422 with an OperationOutcome, an
 * unknown ServiceRequest) is CommunityHealthRefusalError; anything else that
 * is not the contract (no answer, a timeout, 401, 5xx, a body that does not
 * read) is CommunityHealthUnavailableError, to be tried again or shown as
 * "community health is not answering".
 *
 * Error messages are built from the operation, the status, an
 * OperationOutcome's issue code and the JSON path of a problem, never from a
 * body's values: those can hold people's details, and errors are logged.
 */
import type { AxiosRequestConfig } from 'axios';
import {
  type CommunityHealthRecord,
  CommunityHealthRefusalError,
  type CommunityHealthSystem,
  CommunityHealthUnavailableError,
} from '../../src/community-health/ports.js';
import { checkedPageLimit, fetchEachPage } from '../care-records/record-pages.js';
import { createOutsideHttp, type OutsideHttpOptions, type OutsideReply as Reply, requestReply } from '../outside-http.js';
import { NHS_NUMBER } from '../wire-formats.js';
import {
  CommunityHealthFhirError,
  createdServiceRequestFromFhir,
  FHIR_JSON,
  involvementsFromFhir,
  NHS_NUMBER_SYSTEM,
  outcomeCodeFromFhir,
  patientsFromFhir,
  type SearchPage,
  searchPageFromFhir,
  SERVICE_REQUEST_ID_SYSTEM,
  serviceRequestProgressFromFhir,
  serviceRequestToFhir,
} from './translate.js';

export interface CommunityHealthClientOptions extends Pick<OutsideHttpOptions, 'maxConnections'> {
  /** The FHIR base (`https://ch.example/fhir/R4`); the client adds `/Patient`, `/ServiceRequest`... */
  baseUrl: string;
  /** Sent as `Authorization: Bearer` on every call. */
  apiKey: string;
  timeoutMs: number;
  /** NHS numbers per Patient search; default 50. */
  pageLimit?: number;
}

type Operation = keyof CommunityHealthSystem;

/**
 * NHS numbers per Patient search: fifty identifiers make a URL of about
 * 3 KB, under the 8 KB most servers and proxies take. Fewer cost a hub
 * board more searches than a council's connection limit lets through in
 * time (the case-view benchmark: at 20, four boards at once ran past the
 * timeout).
 */
export const COMMUNITY_HEALTH_PAGE_LIMIT = 50;
/** Asked of every search; a Bundle with more has a `next` link, which is followed. */
const RESULTS_PER_PAGE = 200;
/** A search needing more pages than this is not an answer but a loop. */
const MAX_SEARCH_PAGES = 20;
const MAX_BODY_BYTES = 5 * 1024 * 1024;
/** The statuses a ServiceRequest POST is refused with, for good, when an OperationOutcome says why. */
const CREATE_REFUSALS: ReadonlySet<number> = new Set([400, 404, 412, 422]);
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

export function createCommunityHealthClient(options: CommunityHealthClientOptions): CommunityHealthSystem {
  const pageLimit = checkedPageLimit(options.pageLimit ?? COMMUNITY_HEALTH_PAGE_LIMIT);
  const base = options.baseUrl.replace(/\/+$/, '');
  const http = createOutsideHttp({
    baseUrl: base,
    timeoutMs: options.timeoutMs,
    accept: FHIR_JSON,
    maxBodyBytes: MAX_BODY_BYTES,
    headers: { authorization: `Bearer ${options.apiKey}` },
    maxConnections: options.maxConnections,
  });

  function exchange(operation: Operation, request: AxiosRequestConfig<string>, signal: AbortSignal | undefined): Promise<Reply> {
    return requestReply(http, { ...request, signal }, (failure) => new CommunityHealthUnavailableError(operation, `no answer (${failure})`));
  }

  /** Every resource a search finds, its `next` pages followed (only under the same base: the key goes nowhere else). */
  async function search(operation: Operation, path: string, signal: AbortSignal | undefined): Promise<SearchPage['resources']> {
    const resources: SearchPage['resources'] = [];
    let url: string | null = path;
    for (let pages = 0; url !== null; pages += 1) {
      if (pages === MAX_SEARCH_PAGES) throw new CommunityHealthUnavailableError(operation, `a search ran past ${MAX_SEARCH_PAGES} pages`);
      const reply = await exchange(operation, { method: 'GET', url }, signal);
      if (reply.status !== 200) throw unexpected(operation, reply);
      const page = readReply(operation, reply, searchPageFromFhir);
      resources.push(...page.resources);
      url = page.next === null ? null : sameBase(operation, page.next);
    }
    return resources;
  }

  function sameBase(operation: Operation, next: string): string {
    if (!next.startsWith(`${base}/`)) throw new CommunityHealthUnavailableError(operation, 'a next link outside the FHIR base');
    return next.slice(base.length);
  }

  async function recordsOfPage(nhsNumbers: string[], signal: AbortSignal): Promise<[string, CommunityHealthRecord][]> {
    const identifiers = nhsNumbers.map((nhsNumber) => encodeURIComponent(`${NHS_NUMBER_SYSTEM}|${nhsNumber}`)).join(',');
    const patients = await search('recordsOf', `/Patient?identifier=${identifiers}&_count=${RESULTS_PER_PAGE}`, signal);
    const fetchedAt = new Date().toISOString();
    const byNhsNumber = readResources('recordsOf', () => patientsFromFhir(patients, new Set(nhsNumbers)));
    if (byNhsNumber.size === 0) return [];
    const patientIds = [...new Set(byNhsNumber.values())];
    const ofPatients = `patient=${patientIds.map((id) => `Patient/${id}`).join(',')}&status=active&_count=${RESULTS_PER_PAGE}`;
    const [episodes, teams] = await Promise.all([search('recordsOf', `/EpisodeOfCare?${ofPatients}`, signal), search('recordsOf', `/CareTeam?${ofPatients}`, signal)]);
    const involvements = readResources('recordsOf', () => involvementsFromFhir(episodes, teams));
    const stranger = [...involvements.keys()].find((patientId) => !patientIds.includes(patientId));
    if (stranger !== undefined) throw new CommunityHealthUnavailableError('recordsOf', 'an EpisodeOfCare of a Patient not searched for');
    return [...byNhsNumber].map(([nhsNumber, patientId]) => [
      nhsNumber,
      { system: 'COMMUNITY_HEALTH', patientId, fetchedAt, involvements: involvements.get(patientId) ?? [] },
    ]);
  }

  return {
    async recordsOf(nhsNumbers, signal) {
      // A number that is not one names nobody there: absent from the map, as an unknown person is.
      const wanted = [...new Set(nhsNumbers)].filter((nhsNumber) => NHS_NUMBER.read(nhsNumber) !== undefined);
      if (wanted.length === 0) return new Map();
      const pages = await fetchEachPage(wanted, pageLimit, signal, recordsOfPage);
      return new Map(pages.flat());
    },

    async createServiceRequest(request, signal) {
      const reply = await exchange(
        'createServiceRequest',
        {
          method: 'POST',
          url: '/ServiceRequest',
          data: serviceRequestToFhir(request),
          headers: {
            'content-type': `${FHIR_JSON}; charset=utf-8`,
            'if-none-exist': `identifier=${SERVICE_REQUEST_ID_SYSTEM}|${request.requestId}`,
            prefer: 'return=representation',
          },
        },
        signal,
      );
      if (reply.status === 201 || reply.status === 200) {
        const created = readReply('createServiceRequest', reply, createdServiceRequestFromFhir);
        if (created.requestId !== request.requestId) throw notTheContract('createServiceRequest', reply, 'identifier: is not the request sent');
        return { reference: created.id, status: created.status };
      }
      const code = outcomeCodeFromFhir(reply.body);
      if (code !== null && CREATE_REFUSALS.has(reply.status)) {
        throw new CommunityHealthRefusalError('createServiceRequest', `HTTP ${reply.status} (${code})`);
      }
      throw unexpected('createServiceRequest', reply);
    },

    async serviceRequestStatus(reference, signal) {
      if (!FHIR_ID.test(reference)) throw new CommunityHealthRefusalError('serviceRequestStatus', 'the reference is not a FHIR id');
      const found = await search('serviceRequestStatus', `/ServiceRequest?_id=${reference}&_revinclude=Task:based-on`, signal);
      const progress = readResources('serviceRequestStatus', () => serviceRequestProgressFromFhir(found, reference));
      if (progress === null) throw new CommunityHealthRefusalError('serviceRequestStatus', 'no such ServiceRequest');
      return progress;
    },
  };
}

/** The body as the contract's answer; a body that does not read means the system is not answering as agreed. */
function readReply<T>(operation: Operation, reply: Reply, read: (body: string) => T): T {
  try {
    return read(reply.body);
  } catch (error) {
    if (error instanceof CommunityHealthFhirError) throw notTheContract(operation, reply, error.message);
    throw error;
  }
}

/** Resources already read from a search, translated; a resource that is not the contract fails the call as unavailable. */
function readResources<T>(operation: Operation, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof CommunityHealthFhirError) throw new CommunityHealthUnavailableError(operation, `a resource that is not the contract (${error.message})`);
    throw error;
  }
}

function notTheContract(operation: Operation, reply: Reply, problem: string): CommunityHealthUnavailableError {
  return new CommunityHealthUnavailableError(operation, `HTTP ${reply.status} with a body that is not the contract (${problem})`, reply.status);
}

function unexpected(operation: Operation, reply: Reply): CommunityHealthUnavailableError {
  const code = outcomeCodeFromFhir(reply.body);
  return new CommunityHealthUnavailableError(operation, `HTTP ${reply.status}${code === null ? '' : ` (${code})`}`, reply.status);
}
