import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { TRACKER_COLUMNS, trackerCells, type TrackerRow } from '../../referrals/discharge-tracker.js';
import { roomIn, type TrackerFile } from './tracker-file.js';

/** Text a spreadsheet would run as a formula (OWASP's CSV injection): a name or ward a trust sent may start so. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell as written: text that could be taken for a formula is kept as text by a leading apostrophe. */
export function csvCell(value: string | number | null): string | number | null {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * The tracker as CSV (RFC 4180, UTF-8 with a byte order mark so Excel reads
 * names as UTF-8): days as YYYY-MM-DD, times as UK YYYY-MM-DD HH:MM, empty
 * for nothing.
 */
export function trackerCsv(out: Writable, left: AbortSignal): TrackerFile {
  const csv = stringify({ bom: true, header: true, columns: TRACKER_COLUMNS.map((column) => column.header), record_delimiter: 'windows' });
  csv.pipe(out);
  return {
    async write(rows: readonly TrackerRow[]) {
      for (const row of rows) csv.write(trackerCells(row).map(csvCell));
      // The stringifier's own buffer first (it fills before the response does), then the response's.
      await roomIn(csv, left);
      await roomIn(out, left);
    },
    async finish() {
      csv.end();
      await new Promise<void>((resolve, reject) => {
        out.once('finish', resolve);
        out.once('error', reject);
      });
    },
    abandon: () => csv.destroy(),
  };
}
