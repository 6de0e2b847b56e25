/**
 * GET /reports/discharge-tracker.csv and .xlsx: the hub's discharge tracker
 * as a file, for hub staff. Everyone in it is audited as one EXPORT look
 * before a byte of it is sent; then the rows are read batch by batch and
 * written out as the client takes them, so memory stays flat whatever the
 * size, and a client that goes away stops the reading.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { AuditLog } from '../../audit/audit-log.js';
import { can, forbidden } from '../../auth/policy.js';
import type { TokenVerifier } from '../../auth/token-verifier.js';
import type { Viewer } from '../../auth/viewer.js';
import type { TrackerFilter } from '../../referrals/discharge-tracker.js';
import { trackerBatches, trackerCustomerIds } from '../../referrals/discharge-tracker-reader.js';
import type { Database } from '../../store/database.js';
import { ukDayOf } from '../../time/uk-time.js';
import { authenticate } from './authenticate.js';
import { HttpError } from './http-error.js';
import type { RequestInfo } from './request-info.js';
import { trackerCsv } from './tracker-csv.js';
import { leaving, type TrackerFile } from './tracker-file.js';
import { trackerFilterOf } from './tracker-query.js';
import { trackerXlsx } from './tracker-xlsx.js';

export interface TrackerRouteDependencies {
  verifier: TokenVerifier;
  db: Database;
  logger: Logger;
  now?: () => Date;
}

interface TrackerFormatDefinition {
  contentType: string;
  /** `left` is aborted when the client goes. */
  open: (out: Writable, left: AbortSignal) => TrackerFile;
}

export const TRACKER_FORMATS = {
  csv: { contentType: 'text/csv; charset=utf-8', open: trackerCsv },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', open: trackerXlsx },
} as const satisfies Record<string, TrackerFormatDefinition>;

export type TrackerFormat = keyof typeof TRACKER_FORMATS;

/** The file's name: what it is, for which period and trust, and when it was made. */
export function trackerFileName(filter: TrackerFilter, today: string, format: TrackerFormat): string {
  const parts = ['discharge-tracker', filter.trust, filter.status?.toLowerCase(), filter.from ?? filter.to ? `${filter.from ?? 'start'}-to-${filter.to ?? today}` : `to-${today}`];
  return `${parts.filter(Boolean).join('_')}.${format}`;
}

async function auditExport(deps: TrackerRouteDependencies, viewer: Viewer, requestId: string, at: Date, operation: string, customerIds: readonly string[]): Promise<void> {
  try {
    await new AuditLog(deps.db).record([{ at, requestId, viewer, operation, action: 'EXPORT', purpose: 'CASEWORK', customerIds }]);
  } catch (error) {
    deps.logger.error({ requestId, err: error }, 'the export could not be audited, so it was not sent');
    throw new HttpError(503, 'AUDIT_UNAVAILABLE', 'The export could not be recorded in the audit log, so nothing was sent', { 'retry-after': '5' });
  }
}

export async function handleDischargeTracker(
  deps: TrackerRouteDependencies,
  format: TrackerFormat,
  req: IncomingMessage,
  res: ServerResponse,
  { requestId, url }: RequestInfo,
): Promise<void> {
  // Watched before the first wait: a client that leaves during the audit has left, however long that takes.
  const left = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) left.abort();
  });
  const viewer = await authenticate(deps.verifier, req);
  if (!can(viewer, 'tracker:read')) {
    const refusal = forbidden(viewer, 'tracker:read');
    throw new HttpError(403, refusal.code, refusal.message);
  }
  const filter = trackerFilterOf(url);
  const at = (deps.now ?? (() => new Date()))();
  const today = ukDayOf(at);
  // Everyone the file can hold is audited first; a row whose person moved in between (a merge) is left out, never sent unaudited.
  const audited = new Set(await trackerCustomerIds(deps.db, filter));
  await auditExport(deps, viewer, requestId, at, `dischargeTracker.${format}`, [...audited]);

  if (left.signal.aborted || res.destroyed) return void deps.logger.info({ requestId }, 'the client left before a tracker export began');
  // Headers are set, not written: a writer may send its first bytes as it opens.
  res.statusCode = 200;
  res.setHeader('cache-control', 'no-store');
  res.setHeader('content-disposition', `attachment; filename="${trackerFileName(filter, today, format)}"`);
  res.setHeader('content-type', TRACKER_FORMATS[format].contentType);
  const file = TRACKER_FORMATS[format].open(res, left.signal);
  for await (const batch of trackerBatches(deps.db, filter, today)) {
    if (left.signal.aborted) break;
    await file.write(batch.filter((row) => audited.has(row.customerId)));
  }
  if (left.signal.aborted) {
    file.abandon();
    deps.logger.info({ requestId }, 'the client left during a tracker export: reading stopped');
    return;
  }
  // A client gone while the file's end is written leaves it unfinished for good: the close ends the wait.
  await Promise.race([file.finish(), leaving(left.signal)]);
}
