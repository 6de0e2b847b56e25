/**
 * A LAS-style social care record system on loopback, speaking the wire
 * contract in this folder's README: for `npm start` without a real LAS, and
 * for the tests. This file is the HTTP side (routes, bearer key, status
 * codes, the fault hooks, the /_simulator controls); simulator-people.ts
 * makes the people's cases, simulator-contacts.ts keeps the contacts
 * written, the kit's fault injector decides what goes wrong.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { generateSyntheticHub, type SyntheticHub } from '../../../src/seed/ports.js';
import { FaultInjector, NO_REQUEST_FAULTS, parseFaults, REQUEST_FAULT_KINDS, type RequestFaults } from '../../simulator-kit/request-faults.js';
import { ContactBook } from './simulator-contacts.js';
import { TeamReferralBook } from '../simulator-team-referrals.js';
import {
  closingController,
  answerControl,
  hasBearerKey,
  headerValue,
  type ListenOptions,
  metRequestFault,
  readBody,
  type RunningSimulator,
  send,
  startSimulatorServer,
} from '../../simulator-kit/simulator-server.js';
import { lasPeopleOf } from './simulator-people.js';
import {
  contactAcceptedToJson,
  contactFromJson,
  errorToJson,
  isLasPersonId,
  LAS_PAGE_LIMIT,
  LasJsonError,
  type LasPersonRecord,
  peopleToJson,
  teamReferralFromJson,
  teamReferralStateToJson,
} from './translate.js';

export interface LasSimulatorOptions extends ListenOptions {
  /** Contract calls need `Authorization: Bearer <apiKey>`. */
  apiKey: string;
  /** The most ids one `GET /people` may ask for; default LAS's 50. */
  pageLimit?: number;
  /** Whose records it holds; default generateSyntheticHub(), the people the gateway is seeded with. */
  hub?: SyntheticHub;
  /** Time between a team referral's statuses (received, acknowledged, accepted or declined); default 5 s. */
  teamReferralStepMs?: number;
}

export type LasSimulatorOperation = 'fetchPeople' | 'writeContact' | 'referToTeam' | 'teamReferralStatus';

export interface LasSimulatorStats {
  /** Contract calls received, by operation, whatever became of them. */
  requests: Record<LasSimulatorOperation, number>;
  /** Ids asked for in the lookups answered, in total. */
  idsRequested: number;
  /** The most ids one answered lookup asked for. */
  largestBatch: number;
  /** Distinct contacts written. */
  contactsWritten: number;
  /** Repeats of a contact already written (answered 200). */
  contactsRepeated: number;
  /** Distinct team referrals made. */
  teamReferralsMade: number;
  /** Repeats of a team referral already made (answered 200). */
  teamReferralsRepeated: number;
  faultsInjected: number;
}

export type LasSimulator = RunningSimulator<LasSimulatorStats>;

const MAX_BODY_BYTES = 64 * 1024;
/** Longer than any id a client would make (a UUID is 36); stops the book holding junk. */
const MAX_IDEMPOTENCY_KEY_LENGTH = 200;
const API = '/api/v1';
const JSON_TYPE = 'application/json; charset=utf-8';

interface Answer {
  status: number;
  json: string;
}

type Route =
  | { operation: 'fetchPeople' }
  | { operation: 'writeContact' | 'referToTeam'; personId: string }
  | { operation: 'teamReferralStatus'; reference: string };

const DEFAULT_TEAM_REFERRAL_STEP_MS = 5_000;

const refuse = (status: number, code: string, message: string): Answer => ({ status, json: errorToJson(code, message) });

export async function startLasSimulator(options: LasSimulatorOptions): Promise<LasSimulator> {
  const pageLimit = options.pageLimit ?? LAS_PAGE_LIMIT;
  const people = lasPeopleOf(options.hub ?? generateSyntheticHub());
  const contacts = new ContactBook();
  const teamReferrals = new TeamReferralBook('TRF-', options.teamReferralStepMs ?? DEFAULT_TEAM_REFERRAL_STEP_MS);
  const faults = new FaultInjector<RequestFaults>(NO_REQUEST_FAULTS);
  const closing = closingController();
  const requests: Record<LasSimulatorOperation, number> = { fetchPeople: 0, writeContact: 0, referToTeam: 0, teamReferralStatus: 0 };
  const lookups = { idsRequested: 0, largestBatch: 0 };
  const stats = (): LasSimulatorStats => ({ requests: { ...requests }, ...lookups, ...contacts.counts(), ...teamReferrals.counts(), faultsInjected: faults.injected() });

  function fetchPeople(url: URL): Answer {
    const ids = (url.searchParams.get('ids') ?? '').split(',').filter((id) => id !== '');
    if (ids.length === 0 || !ids.every(isLasPersonId)) return refuse(400, 'BAD_IDS', 'ids must be a comma-separated list of LAS person ids');
    if (ids.length > pageLimit) return refuse(400, 'TOO_MANY_IDS', `At most ${pageLimit} ids per call`);
    lookups.idsRequested += ids.length;
    lookups.largestBatch = Math.max(lookups.largestBatch, ids.length);
    const found: LasPersonRecord[] = [];
    const notFound: string[] = [];
    for (const id of new Set(ids)) {
      const person = people.get(id);
      if (person === undefined) notFound.push(id);
      else found.push(person);
    }
    return { status: 200, json: peopleToJson(found, notFound) };
  }

  /**
   * A write made once per Idempotency-Key: the key and the person checked
   * (400, 404), the body read (422 `invalidCode` naming the field), then
   * `apply`, which says whether it was new, a repeat, or the key reused.
   */
  function idempotentWrite<R>(
    personId: string,
    key: string | undefined,
    body: string,
    read: (json: string) => R,
    invalidCode: string,
    apply: (key: string, request: R) => Answer,
  ): Answer {
    if (key === undefined || key.trim() === '' || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
      return refuse(400, 'IDEMPOTENCY_KEY_REQUIRED', `An Idempotency-Key header of 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters is required`);
    }
    if (!people.has(personId)) return refuse(404, 'PERSON_NOT_FOUND', 'No person with this id');
    let request: R;
    try {
      request = read(body);
    } catch (error) {
      if (error instanceof LasJsonError) return refuse(422, invalidCode, error.message);
      throw error;
    }
    return apply(key, request);
  }

  function writeContact(personId: string, idempotencyKey: string | undefined, body: string): Answer {
    return idempotentWrite(personId, idempotencyKey, body, contactFromJson, 'INVALID_CONTACT', (contactId, request) => {
      const outcome = contacts.write(personId, contactId, request);
      if (outcome.kind === 'reused') return refuse(409, 'CONTACT_ID_REUSED', 'This Idempotency-Key was used for a different contact');
      return { status: outcome.kind === 'written' ? 201 : 200, json: contactAcceptedToJson(contactId, outcome.reference) };
    });
  }

  function referToTeam(personId: string, idempotencyKey: string | undefined, body: string): Answer {
    return idempotentWrite(personId, idempotencyKey, body, teamReferralFromJson, 'INVALID_TEAM_REFERRAL', (teamReferralId, request) => {
      const outcome = teamReferrals.make(personId, { teamReferralId, ...request });
      if (outcome.kind === 'reused') return refuse(409, 'TEAM_REFERRAL_ID_REUSED', 'This Idempotency-Key was used for a different team referral');
      return { status: outcome.kind === 'made' ? 201 : 200, json: teamReferralStateToJson(teamReferralId, outcome.state) };
    });
  }

  function teamReferralStatus(reference: string): Answer {
    const found = teamReferrals.status(reference);
    if (found === null) return refuse(404, 'TEAM_REFERRAL_NOT_FOUND', 'No team referral with this reference');
    return { status: 200, json: teamReferralStateToJson(found.teamReferralId, found.state) };
  }

  async function handleContractCall(request: IncomingMessage, response: ServerResponse, url: URL, route: Route): Promise<void> {
    requests[route.operation] += 1;
    const unavailable = () => sendJson(response, 503, errorToJson('UNAVAILABLE', 'LAS is unavailable; try again later'));
    if (await metRequestFault(faults, request, closing.signal, unavailable)) return;
    if (!hasBearerKey(request, options.apiKey)) {
      response.setHeader('www-authenticate', 'Bearer');
      sendJson(response, 401, errorToJson('UNAUTHENTICATED', 'A valid bearer API key is required'));
      return;
    }
    const body = await readBody(request, MAX_BODY_BYTES);
    const answer =
      body === null ? refuse(413, 'TOO_LARGE', `The body is over ${MAX_BODY_BYTES} bytes`)
      : answerRoute(route, url, headerValue(request, 'idempotency-key'), body);
    sendJson(response, answer.status, faults.answerBody(answer.json));
  }

  function answerRoute(route: Route, url: URL, idempotencyKey: string | undefined, body: string): Answer {
    switch (route.operation) {
      case 'fetchPeople':
        return fetchPeople(url);
      case 'writeContact':
        return writeContact(route.personId, idempotencyKey, body);
      case 'referToTeam':
        return referToTeam(route.personId, idempotencyKey, body);
      case 'teamReferralStatus':
        return teamReferralStatus(route.reference);
    }
  }

  const controls = {
    stats,
    setFaults: (json: unknown) => faults.set(parseFaults<RequestFaults>(json, REQUEST_FAULT_KINDS)),
    maxBodyBytes: MAX_BODY_BYTES,
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://simulator');
    if (url.pathname.startsWith('/_simulator/')) return answerControl(request, response, url.pathname, controls);
    const route = routeOf(request.method ?? 'GET', url.pathname);
    if (route === null) return sendJson(response, 404, errorToJson('NOT_FOUND', `No ${request.method} ${url.pathname} in this interface`));
    return handleContractCall(request, response, url, route);
  }

  const server = await startSimulatorServer({
    host: options.host,
    port: options.port,
    closing,
    handle,
    internalError: (response, message) => sendJson(response, 500, errorToJson('INTERNAL', message)),
  });
  return {
    url: server.url,
    port: server.port,
    stats,
    setFaults: (changes) => void faults.set(changes),
    close: () => server.close(),
  };
}

function routeOf(method: string, path: string): Route | null {
  if (method === 'GET' && path === `${API}/people`) return { operation: 'fetchPeople' };
  const contact = /^\/api\/v1\/people\/([^/]+)\/contacts$/.exec(path);
  if (method === 'POST' && contact !== null) return { operation: 'writeContact', personId: contact[1]! };
  const teamReferral = /^\/api\/v1\/people\/([^/]+)\/team-referrals$/.exec(path);
  if (method === 'POST' && teamReferral !== null) return { operation: 'referToTeam', personId: teamReferral[1]! };
  const status = /^\/api\/v1\/team-referrals\/([^/]+)$/.exec(path);
  if (method === 'GET' && status !== null) return { operation: 'teamReferralStatus', reference: decodeURIComponent(status[1]!) };
  return null;
}

function sendJson(response: ServerResponse, status: number, body: string): void {
  send(response, status, JSON_TYPE, body);
}
