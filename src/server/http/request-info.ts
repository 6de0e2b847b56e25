/** What the server knows of a request before its handler runs. */
export interface RequestInfo {
  /** Ours, always: it keys the audit log, so a caller cannot choose it. */
  requestId: string;
  url: URL;
}
