/**
 * The CareRecordSystem port over LAS's REST/JSON interface (README.md in this
 * folder): URLs, headers, batching and what each status means. A contact
 * write LAS refuses with its typed answer (404 PERSON_NOT_FOUND, 409
 * CONTACT_ID_REUSED, 422 INVALID_CONTACT) is RecordSystemRefusalError, for
 * good; anything else that is not the contract (no answer, a timeout, 401,
 * 5xx, a body that does not read) is RecordSystemUnavailableError, to be
 * tried again or shown as "LAS is not answering".
 *
 * Error messages are built from the operation, the status, LAS's error code
 * and the JSON path of a problem, never from a body's values or LAS's own
 * message text: those can hold people's details, and errors are logged. For
 * the same reason axios's errors, which hold the request, are not kept as
 * causes.
 */
import type { AxiosRequestConfig } from 'axios';
import {
  type CareRecord,
  type CareRecordSystem,
  RecordSystemRefusalError,
  RecordSystemUnavailableError,
} from '../../../src/care-records/ports.js';
import { createOutsideHttp, type OutsideHttpOptions, type OutsideReply as Reply, requestReply } from '../../outside-http.js';
import { checkedPageLimit, fetchInPages } from '../record-pages.js';
import {
  contactAcceptedFromJson,
  contactToJson,
  errorFromJson,
  isLasPersonId,
  LAS_PAGE_LIMIT,
  LasJsonError,
  peopleFromJson,
  teamReferralStateFromJson,
  teamReferralToJson,
} from './translate.js';

export interface LasClientOptions extends Pick<OutsideHttpOptions, 'maxConnections'> {
  /** LAS's origin (and any prefix a proxy adds); the client adds `/api/v1/...`. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer` on every call. */
  apiKey: string;
  timeoutMs: number;
  /** Ids per `GET /people` call; default 50, LAS's own limit. */
  pageLimit?: number;
}

type Operation = keyof Omit<CareRecordSystem, 'system' | 'pageLimit'>;

const API = '/api/v1';
const JSON_TYPE = 'application/json';
/** Fifty full records are well under a megabyte; this stops a broken server filling memory. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;
/** The error codes that are LAS's answer to a contact write, by status. */
const CONTACT_REFUSALS: ReadonlyMap<number, string> = new Map([
  [404, 'PERSON_NOT_FOUND'],
  [409, 'CONTACT_ID_REUSED'],
  [422, 'INVALID_CONTACT'],
]);
/** The error codes that are LAS's answer to a team referral, by status. */
const TEAM_REFERRAL_REFUSALS: ReadonlyMap<number, string> = new Map([
  [404, 'PERSON_NOT_FOUND'],
  [409, 'TEAM_REFERRAL_ID_REUSED'],
  [422, 'INVALID_TEAM_REFERRAL'],
]);
/** What an error code must look like to be quoted in a message: a code, not free text. */
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

export function createLasClient(options: LasClientOptions): CareRecordSystem {
  const pageLimit = checkedPageLimit(options.pageLimit ?? LAS_PAGE_LIMIT);
  const http = createOutsideHttp({
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    accept: JSON_TYPE,
    maxBodyBytes: MAX_BODY_BYTES,
    headers: { authorization: `Bearer ${options.apiKey}` },
    maxConnections: options.maxConnections,
  });

  function exchange(operation: Operation, request: AxiosRequestConfig<string>, signal: AbortSignal | undefined): Promise<Reply> {
    return requestReply(http, { ...request, signal }, (failure) => new RecordSystemUnavailableError('LAS', operation, `no answer (${failure})`));
  }

  async function fetchPage(ids: readonly string[], signal: AbortSignal): Promise<CareRecord[]> {
    // Ids are digits (checked by the caller), so the list needs no escaping.
    const reply = await exchange('fetchRecords', { method: 'GET', url: `${API}/people?ids=${ids.join(',')}` }, signal);
    if (reply.status !== 200) throw unexpected('fetchRecords', reply);
    const { records } = readReply('fetchRecords', reply, (body) => peopleFromJson(body, new Date().toISOString()));
    const asked = new Set(ids);
    const stranger = records.findIndex((record) => !asked.has(record.localId));
    if (stranger >= 0) throw notTheContract('fetchRecords', reply, `people[${stranger}].personId: was not asked for`);
    return records;
  }

  return {
    system: 'LAS',
    pageLimit,

    async fetchRecords(localIds, signal) {
      // An id that is not digits names no LAS person: absent from the map, as an unknown id is.
      const ids = [...new Set(localIds)].filter(isLasPersonId);
      if (ids.length === 0) return new Map();
      return fetchInPages(ids, pageLimit, signal, fetchPage);
    },

    async writeContact(localId, contact, signal) {
      if (!isLasPersonId(localId)) throw new RecordSystemRefusalError('LAS', 'writeContact', 'the person id is not a LAS person id (digits)');
      const reply = await exchange(
        'writeContact',
        {
          method: 'POST',
          url: `${API}/people/${localId}/contacts`,
          data: contactToJson(contact),
          headers: { 'content-type': `${JSON_TYPE}; charset=utf-8`, 'idempotency-key': contact.contactId },
        },
        signal,
      );
      if (reply.status === 201 || reply.status === 200) {
        const accepted = readReply('writeContact', reply, contactAcceptedFromJson);
        if (accepted.contactId !== contact.contactId) throw notTheContract('writeContact', reply, 'contactId: is not the contact sent');
        return { reference: accepted.reference };
      }
      throw refusalOrUnexpected('writeContact', reply, CONTACT_REFUSALS);
    },

    async referToTeam(localId, referral, signal) {
      if (!isLasPersonId(localId)) throw new RecordSystemRefusalError('LAS', 'referToTeam', 'the person id is not a LAS person id (digits)');
      const reply = await exchange(
        'referToTeam',
        {
          method: 'POST',
          url: `${API}/people/${localId}/team-referrals`,
          data: teamReferralToJson(referral),
          headers: { 'content-type': `${JSON_TYPE}; charset=utf-8`, 'idempotency-key': referral.teamReferralId },
        },
        signal,
      );
      if (reply.status === 201 || reply.status === 200) {
        const { teamReferralId, state } = readReply('referToTeam', reply, teamReferralStateFromJson);
        if (teamReferralId !== referral.teamReferralId) throw notTheContract('referToTeam', reply, 'teamReferralId: is not the team referral sent');
        return state;
      }
      throw refusalOrUnexpected('referToTeam', reply, TEAM_REFERRAL_REFUSALS);
    },

    async teamReferralStatus(reference, signal) {
      const reply = await exchange('teamReferralStatus', { method: 'GET', url: `${API}/team-referrals/${encodeURIComponent(reference)}` }, signal);
      if (reply.status !== 200) throw unexpected('teamReferralStatus', reply);
      const { state } = readReply('teamReferralStatus', reply, teamReferralStateFromJson);
      if (state.reference !== reference) throw notTheContract('teamReferralStatus', reply, 'reference: is not the one asked about');
      return state;
    },
  };
}

/** The body as the contract's answer; a body that does not read means LAS is not answering as agreed. */
function readReply<T>(operation: Operation, reply: Reply, read: (body: string) => T): T {
  try {
    return read(reply.body);
  } catch (error) {
    if (error instanceof LasJsonError) throw notTheContract(operation, reply, error.message);
    throw error;
  }
}

/** A write's typed refusal (its status with the code the contract pairs with it), for good; anything else, unavailable. */
function refusalOrUnexpected(operation: Operation, reply: Reply, refusals: ReadonlyMap<number, string>): RecordSystemRefusalError | RecordSystemUnavailableError {
  const code = errorCodeIn(reply.body);
  if (code !== null && refusals.get(reply.status) === code) return new RecordSystemRefusalError('LAS', operation, `HTTP ${reply.status} (${code})`);
  return unexpected(operation, reply);
}

function notTheContract(operation: Operation, reply: Reply, problem: string): RecordSystemUnavailableError {
  return new RecordSystemUnavailableError('LAS', operation, `HTTP ${reply.status} with a body that is not the contract (${problem})`, reply.status);
}

function unexpected(operation: Operation, reply: Reply): RecordSystemUnavailableError {
  const code = errorCodeIn(reply.body);
  return new RecordSystemUnavailableError('LAS', operation, `HTTP ${reply.status}${code === null ? '' : ` (${code})`}`, reply.status);
}

/**
 * The code of the contract's `{ "error": .. }` in an error reply, or null for
 * any other body (a proxy's HTML page, nothing at all): there the status
 * says all there is.
 */
function errorCodeIn(body: string): string | null {
  try {
    const { code } = errorFromJson(body);
    return ERROR_CODE.test(code) ? code : null;
  } catch {
    return null;
  }
}
