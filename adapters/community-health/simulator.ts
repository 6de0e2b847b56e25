/**
 * A SystmOne-style community health system on loopback, speaking the FHIR R4
 * contract in this folder's README: for `npm start` without a real one, and
 * for the tests. This file is the HTTP side (routes, searches and their
 * pages, bearer key, status codes, the fault hooks, the /_simulator
 * controls); simulator-people.ts makes the Patients and their episodes,
 * simulator-requests.ts keeps the ServiceRequests and moves them on, the
 * kit's fault injector decides what goes wrong.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { generateSyntheticHub, type SyntheticHub } from '../../src/seed/ports.js';
import { FaultInjector, NO_REQUEST_FAULTS, parseFaults, REQUEST_FAULT_KINDS, type RequestFaults } from '../simulator-kit/request-faults.js';
import {
  answerControl,
  closingController,
  hasBearerKey,
  headerValue,
  type ListenOptions,
  metRequestFault,
  readBody,
  type RunningSimulator,
  send,
  startSimulatorServer,
} from '../simulator-kit/simulator-server.js';
import { communityPatientsOf } from './simulator-people.js';
import { ServiceRequestBook } from './simulator-requests.js';
import {
  careTeamToFhir,
  CommunityHealthFhirError,
  episodeToFhir,
  FHIR_JSON,
  newServiceRequestFromFhir,
  NHS_NUMBER_SYSTEM,
  operationOutcomeToFhir,
  patientToFhir,
  searchsetToFhir,
  SERVICE_REQUEST_ID_SYSTEM,
  type SimulatedPatient,
} from './translate.js';

export interface CommunityHealthSimulatorOptions extends ListenOptions {
  /** Contract calls need `Authorization: Bearer <apiKey>`. */
  apiKey: string;
  /** Whose records it holds; default generateSyntheticHub(), the people the gateway is seeded with. */
  hub?: SyntheticHub;
  /** Time between a ServiceRequest's steps (received, then accepted or rejected); default 3 s. */
  stepMs?: number;
}

export type CommunityHealthSimulatorOperation = 'searchPatients' | 'searchEpisodes' | 'searchCareTeams' | 'createServiceRequest' | 'readServiceRequest';

export interface CommunityHealthSimulatorStats {
  /** Contract calls received, by operation, whatever became of them. */
  requests: Record<CommunityHealthSimulatorOperation, number>;
  /** NHS numbers asked for in the Patient searches answered, in total. */
  identifiersRequested: number;
  /** The most NHS numbers one answered Patient search asked for. */
  largestBatch: number;
  serviceRequestsCreated: number;
  /** POSTs that found the request already there (answered 200). */
  serviceRequestsRepeated: number;
  faultsInjected: number;
}

export interface CommunityHealthSimulator extends RunningSimulator<CommunityHealthSimulatorStats> {
  /** The FHIR base the client is given: `<url>/fhir/R4`. */
  fhirBase: string;
}

/** The most identifiers or patients one search may name: more is 400 `too-costly`. */
export const SIMULATOR_SEARCH_LIMIT = 50;
const MAX_BODY_BYTES = 64 * 1024;
const DEFAULT_COUNT = 50;
const BASE_PATH = '/fhir/R4';
const FHIR_TYPE = `${FHIR_JSON}; charset=utf-8`;

interface Answer {
  status: number;
  json: string;
  location?: string;
}

const outcome = (status: number, code: string, diagnostics: string): Answer => ({ status, json: operationOutcomeToFhir(code, diagnostics) });

export async function startCommunityHealthSimulator(options: CommunityHealthSimulatorOptions): Promise<CommunityHealthSimulator> {
  const patients = communityPatientsOf(options.hub ?? generateSyntheticHub());
  const byPatientId = new Map([...patients.values()].map((patient) => [patient.patientId, patient]));
  const book = new ServiceRequestBook(options.stepMs ?? 3_000);
  const faults = new FaultInjector<RequestFaults>(NO_REQUEST_FAULTS);
  const closing = closingController();
  const requests: Record<CommunityHealthSimulatorOperation, number> = {
    searchPatients: 0,
    searchEpisodes: 0,
    searchCareTeams: 0,
    createServiceRequest: 0,
    readServiceRequest: 0,
  };
  const lookups = { identifiersRequested: 0, largestBatch: 0 };
  const stats = (): CommunityHealthSimulatorStats => ({ requests: { ...requests }, ...lookups, ...book.counts(), faultsInjected: faults.injected() });
  let fhirBase = '';

  /** A searchset of `found`, paged by `_count` and `_offset`, with a `next` link while more remain. */
  function searchset(url: URL, found: readonly object[]): Answer {
    const count = Math.min(Number(url.searchParams.get('_count') ?? DEFAULT_COUNT) || DEFAULT_COUNT, 1_000);
    const offset = Number(url.searchParams.get('_offset') ?? 0) || 0;
    const json = JSON.parse(searchsetToFhir(found.slice(offset, offset + count), `${fhirBase}${url.pathname.slice(BASE_PATH.length)}${url.search}`)) as {
      link: { relation: string; url: string }[];
    };
    if (offset + count < found.length) {
      const next = new URL(url);
      next.searchParams.set('_offset', String(offset + count));
      json.link.push({ relation: 'next', url: `${fhirBase}${next.pathname.slice(BASE_PATH.length)}${next.search}` });
    }
    return { status: 200, json: JSON.stringify(json) };
  }

  function searchPatients(url: URL): Answer {
    const values = (url.searchParams.get('identifier') ?? '').split(',').filter((value) => value !== '');
    if (values.length === 0) return outcome(400, 'required', 'identifier is required');
    if (values.length > SIMULATOR_SEARCH_LIMIT) return outcome(400, 'too-costly', `At most ${SIMULATOR_SEARCH_LIMIT} identifiers per search`);
    lookups.identifiersRequested += values.length;
    lookups.largestBatch = Math.max(lookups.largestBatch, values.length);
    const found = new Set<SimulatedPatient>();
    for (const value of values) {
      const [system, nhsNumber] = value.includes('|') ? (value.split('|') as [string, string]) : [NHS_NUMBER_SYSTEM, value];
      const patient = system === NHS_NUMBER_SYSTEM ? patients.get(nhsNumber) : undefined;
      if (patient) found.add(patient);
    }
    return searchset(url, [...found].map(patientToFhir));
  }

  function searchOfPatients(url: URL, resource: (patient: SimulatedPatient, episode: SimulatedPatient['episodes'][number]) => object): Answer {
    const ids = (url.searchParams.get('patient') ?? '').split(',').filter((id) => id !== '').map((id) => id.replace(/^Patient\//, ''));
    if (ids.length === 0) return outcome(400, 'required', 'patient is required');
    if (ids.length > SIMULATOR_SEARCH_LIMIT) return outcome(400, 'too-costly', `At most ${SIMULATOR_SEARCH_LIMIT} patients per search`);
    const status = url.searchParams.get('status');
    const found = [...new Set(ids)].flatMap((id) => {
      const patient = byPatientId.get(id);
      if (patient === undefined) return [];
      return patient.episodes.filter((episode) => status === null || episode.status === status).map((episode) => resource(patient, episode));
    });
    return searchset(url, found);
  }

  function searchServiceRequests(url: URL): Answer {
    const id = url.searchParams.get('_id');
    if (id === null) return outcome(400, 'required', '_id is required');
    const found = book.withTasks(id);
    const withTasks = url.searchParams.get('_revinclude') === 'Task:based-on';
    return searchset(url, withTasks ? found : found.slice(0, 1));
  }

  function createServiceRequest(request: IncomingMessage, body: string): Answer {
    const condition = /^identifier=(.+)\|(.+)$/.exec(headerValue(request, 'if-none-exist') ?? '');
    if (condition === null || condition[1] !== SERVICE_REQUEST_ID_SYSTEM) {
      return outcome(400, 'required', `If-None-Exist: identifier=${SERVICE_REQUEST_ID_SYSTEM}|<id> is required`);
    }
    let sent;
    try {
      sent = newServiceRequestFromFhir(body);
    } catch (error) {
      if (error instanceof CommunityHealthFhirError) return outcome(422, 'invalid', error.message);
      throw error;
    }
    if (sent.requestId !== condition[2]) return outcome(400, 'invalid', 'If-None-Exist names another identifier than the ServiceRequest carries');
    const patient = patients.get(sent.nhsNumber);
    if (patient === undefined) return outcome(422, 'not-found', 'No Patient with this NHS number');
    const { created, resource } = book.create(sent, patient.patientId);
    const { id } = resource as { id: string };
    return { status: created ? 201 : 200, json: JSON.stringify(resource), location: `${fhirBase}/ServiceRequest/${id}` };
  }

  async function handleContractCall(request: IncomingMessage, response: ServerResponse, url: URL, operation: CommunityHealthSimulatorOperation): Promise<void> {
    requests[operation] += 1;
    const unavailable = () => sendFhir(response, outcome(503, 'transient', 'Community health is unavailable; try again later'));
    if (await metRequestFault(faults, request, closing.signal, unavailable)) return;
    if (!hasBearerKey(request, options.apiKey)) {
      response.setHeader('www-authenticate', 'Bearer');
      return sendFhir(response, outcome(401, 'login', 'A valid bearer API key is required'));
    }
    const body = await readBody(request, MAX_BODY_BYTES);
    const answer =
      body === null ? outcome(413, 'too-long', `The body is over ${MAX_BODY_BYTES} bytes`)
      : operation === 'searchPatients' ? searchPatients(url)
      : operation === 'searchEpisodes' ? searchOfPatients(url, episodeToFhir)
      : operation === 'searchCareTeams' ? searchOfPatients(url, careTeamToFhir)
      : operation === 'readServiceRequest' ? searchServiceRequests(url)
      : createServiceRequest(request, body);
    if (answer.location !== undefined) response.setHeader('location', answer.location);
    sendFhir(response, { ...answer, json: faults.answerBody(answer.json) });
  }

  const controls = {
    stats,
    setFaults: (json: unknown) => faults.set(parseFaults<RequestFaults>(json, REQUEST_FAULT_KINDS)),
    maxBodyBytes: MAX_BODY_BYTES,
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://simulator');
    if (url.pathname.startsWith('/_simulator/')) return answerControl(request, response, url.pathname, controls);
    const operation = routeOf(request.method ?? 'GET', url.pathname);
    if (operation === null) return sendFhir(response, outcome(404, 'not-supported', `No ${request.method} ${url.pathname} in this interface`));
    return handleContractCall(request, response, url, operation);
  }

  const server = await startSimulatorServer({
    host: options.host,
    port: options.port,
    closing,
    handle,
    internalError: (response, message) => sendFhir(response, outcome(500, 'exception', message)),
  });
  fhirBase = `${server.url}${BASE_PATH}`;
  return {
    url: server.url,
    port: server.port,
    fhirBase,
    stats,
    setFaults: (changes) => void faults.set(changes),
    close: () => server.close(),
  };
}

const ROUTES: Readonly<Record<string, CommunityHealthSimulatorOperation>> = {
  'GET /Patient': 'searchPatients',
  'GET /EpisodeOfCare': 'searchEpisodes',
  'GET /CareTeam': 'searchCareTeams',
  'GET /ServiceRequest': 'readServiceRequest',
  'POST /ServiceRequest': 'createServiceRequest',
};

function routeOf(method: string, path: string): CommunityHealthSimulatorOperation | null {
  if (!path.startsWith(`${BASE_PATH}/`)) return null;
  return ROUTES[`${method} ${path.slice(BASE_PATH.length)}`] ?? null;
}

function sendFhir(response: ServerResponse, answer: Answer): void {
  send(response, answer.status, FHIR_TYPE, answer.json);
}
