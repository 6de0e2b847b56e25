import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { TRACKER_COLUMNS, trackerCells, type TrackerCellKind, type TrackerRow } from '../../referrals/discharge-tracker.js';
import { setImmediate as turn } from 'node:timers/promises';
import { roomIn, type TrackerFile } from './tracker-file.js';

const NUMBER_FORMATS: Readonly<Record<TrackerCellKind, string | undefined>> = {
  text: '@',
  number: '0',
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm',
};

/**
 * A cell as Excel holds it: days and times as real dates (Excel's serial
 * numbers have no time zone, so the UK wall clock is written as if UTC).
 */
function cellOf(kind: TrackerCellKind, value: string | number | null): string | number | Date | null {
  if (value === null) return null;
  if (kind === 'date') return new Date(`${value}T00:00:00Z`);
  if (kind === 'datetime') return new Date(`${String(value).replace(' ', 'T')}:00Z`);
  return value;
}

/**
 * The tracker as XLSX by exceljs's streaming writer: each batch of rows is
 * committed (written into the zip and out) as it comes, a bold frozen header
 * row, and an autofilter over every row.
 */
export function trackerXlsx(out: Writable, left: AbortSignal): TrackerFile {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Discharge tracker', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = TRACKER_COLUMNS.map((column) => ({ header: column.header, width: column.width, style: { numFmt: NUMBER_FORMATS[column.kind] } }));
  const header = sheet.getRow(1);
  header.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF005EB8' } };
  header.commit();
  let rowCount = 1;
  return {
    async write(rows: readonly TrackerRow[]) {
      for (const row of rows) {
        const cells = trackerCells(row);
        sheet.addRow(TRACKER_COLUMNS.map((column, i) => cellOf(column.kind, cells[i]!))).commit();
      }
      rowCount += rows.length;
      // The zip compresses on the event loop's later turns: give it one, then wait for the response to take what it made.
      await turn();
      await roomIn(out, left);
    },
    async finish() {
      sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: rowCount, column: TRACKER_COLUMNS.length } };
      sheet.commit();
      await workbook.commit();
    },
    abandon: () => out.destroy(),
  };
}
