/**
 * The HTTP client every outside system's adapter calls through (axios): the
 * same safe settings for each, with each adapter giving its own accept type,
 * headers and body limit. Every status comes back as an answer, for the
 * adapter to read as its contract says; only no answer at all (refused,
 * timed out, aborted, over the limit) is thrown.
 */
import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance, type AxiosRequestConfig } from 'axios';

export interface OutsideHttpOptions {
  baseUrl: string;
  timeoutMs: number;
  /** The `accept` header sent on every call. */
  accept: string;
  /** The most an answer may hold; stops a broken system filling memory. */
  maxBodyBytes: number;
  /** Sent on every call beside `accept` (an `authorization`, say). */
  headers?: Record<string, string>;
  /**
   * The most calls in flight to the system at once; more wait their turn, in
   * the order they were made. Unset, there is no limit.
   */
  maxConnections?: number;
}

/** What came back: the status and the body as text ('' where there is none). */
export interface OutsideReply {
  status: number;
  body: string;
}

export function createOutsideHttp(options: OutsideHttpOptions): AxiosInstance {
  return axios.create({
    baseURL: options.baseUrl,
    timeout: options.timeoutMs,
    responseType: 'text',
    validateStatus: () => true,
    // The contract has no redirects, and following one would carry the key elsewhere.
    maxRedirects: 0,
    maxContentLength: options.maxBodyBytes,
    headers: { accept: options.accept, ...options.headers },
    ...(options.maxConnections === undefined ? {} : connectionLimit(options.maxConnections)),
  });
}

/**
 * Agents holding at most `max` connections, kept open between calls. A hub
 * board asks a record system for about twenty pages at once, so a few
 * coordinators opening it together would otherwise open a hundred
 * connections to a council's system; queued here, each board's pages also
 * go out together rather than interleaved with everyone's, so the first
 * board asked for is the first answered.
 */
function connectionLimit(max: number): Pick<AxiosRequestConfig, 'httpAgent' | 'httpsAgent'> {
  // Node's own default agent's settings (idle connections closed after 5 s, before most servers close them), plus the limit.
  const agentOptions: http.AgentOptions = { keepAlive: true, scheduling: 'lifo', timeout: 5_000, maxSockets: max };
  return { httpAgent: new http.Agent(agentOptions), httpsAgent: new https.Agent(agentOptions) };
}

/**
 * Sends `request` and gives back whatever answer came; where none did, throws
 * what `noAnswer` makes of the failure's description (axios's error, which
 * holds the request, is never kept).
 */
export async function requestReply(http: AxiosInstance, request: AxiosRequestConfig<string>, noAnswer: (failure: string) => Error): Promise<OutsideReply> {
  try {
    const response = await http.request<string>(request);
    return { status: response.status, body: typeof response.data === 'string' ? response.data : '' };
  } catch (error) {
    throw noAnswer(describeFailure(error));
  }
}

/** A transport failure in a few words: axios's code (`ECONNREFUSED`, `ERR_CANCELED`) and message. */
function describeFailure(error: unknown): string {
  if (axios.isAxiosError(error)) return error.code === undefined ? error.message : `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
