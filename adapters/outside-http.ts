/**
 * The HTTP client every outside system's adapter calls through (axios): the
 * same safe settings for each, with each adapter giving its own accept type,
 * headers and body limit. Every status comes back as an answer, for the
 * adapter to read as its contract says; only no answer at all (refused,
 * timed out, aborted, over the limit) is thrown.
 */
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
  });
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
