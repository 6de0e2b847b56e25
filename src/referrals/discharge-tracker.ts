/**
 * The discharge tracker: the spreadsheet a hub keeps of its referrals, one
 * row per referral, as the gateway can fill it without re-typing. This file
 * is its one definition: the row a query gives, what each column is and
 * holds. The CSV, the XLSX and the GraphQL connection all read it.
 */
import type { Connection } from '../store/pagination.js';
import type { DischargePathway, ReferralPriority, ReferralSource, ReferralStatus } from '../generated/graphql.js';
import { ukDayOf, ukOffsetAt } from '../time/uk-time.js';

const DAY_MS = 86_400_000;
const ENDED: readonly ReferralStatus[] = ['DECLINED', 'WITHDRAWN', 'CLOSED'];

/** Which referrals a tracker holds: received in a period (UK days, both ends in), of a trust, in a status. */
export interface TrackerFilter {
  from: string | null;
  to: string | null;
  trust: string | null;
  status: ReferralStatus | null;
}

/** The row the tracker query reads (discharge-tracker-reader.ts): columns as PostgreSQL gives them. */
export interface TrackerColumns {
  id: string;
  customer_id: string;
  received_at: Date;
  source: ReferralSource;
  referring_trust_ods_code: string | null;
  trust_name: string | null;
  ward: string | null;
  nhs_number: string | null;
  given_name: string | null;
  family_name: string;
  date_of_birth: string | null;
  postcode: string | null;
  pathway: DischargePathway | null;
  priority: ReferralPriority | null;
  status: ReferralStatus;
  expected_discharge_on: string | null;
  discharge_ready_on: string | null;
  discharged_at: Date | null;
  triaged_by: string | null;
  triaged_at: string | null;
  decision: 'ACCEPTED' | 'DECLINED' | null;
  decided_at: Date | null;
  ended_at: Date | null;
  assigned_team: string | null;
  assigned_worker: string | null;
  equipment_orders: number;
  equipment_statuses: string | null;
  onward_referrals: number;
  onward_statuses: string | null;
}

/**
 * One referral as the tracker shows it. Days are UK calendar days
 * (`YYYY-MM-DD`); times are UK wall-clock times (`YYYY-MM-DD HH:MM`), as a
 * hub's spreadsheet has always held them.
 */
export interface TrackerRow {
  /** The referral's. */
  id: string;
  customerId: string;
  receivedOn: string;
  source: ReferralSource;
  trustOdsCode: string | null;
  trustName: string | null;
  ward: string | null;
  nhsNumber: string | null;
  name: string;
  dateOfBirth: string | null;
  postcode: string | null;
  pathway: DischargePathway | null;
  priority: ReferralPriority | null;
  status: ReferralStatus;
  expectedDischargeOn: string | null;
  dischargeReadyOn: string | null;
  dischargedOn: string | null;
  /** NHS England's discharge delay: days from the discharge ready date to the discharge, 0 for the same day. */
  delayDays: number | null;
  triagedBy: string | null;
  triagedAt: string | null;
  decision: 'ACCEPTED' | 'DECLINED' | null;
  decidedAt: string | null;
  team: string | null;
  worker: string | null;
  equipmentOrders: number;
  /** Each order's status, oldest order first, comma separated. */
  equipmentStatuses: string | null;
  onwardReferrals: number;
  /** Each onward referral's kind and status (`CARERS_SUPPORT SENT`), oldest first. */
  onwardStatuses: string | null;
  /** Days from receipt to the referral's end (declined, withdrawn, closed), or to today while it is open. */
  daysOpen: number;
}

export type TrackerConnectionRecord = Connection<TrackerRow>;

/** A UK wall-clock time, to the minute. */
export function ukWallClockOf(at: Date): string {
  const utc = at.getTime();
  return new Date(utc + ukOffsetAt(utc)).toISOString().slice(0, 16).replace('T', ' ');
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);
}

/** A tracker row from the query's columns; `today` is the UK day the tracker is made on. */
export function trackerRowOf(columns: TrackerColumns, today: string): TrackerRow {
  const receivedOn = ukDayOf(columns.received_at);
  const dischargedOn = columns.discharged_at ? ukDayOf(columns.discharged_at) : null;
  const endedOn = ENDED.includes(columns.status) && columns.ended_at ? ukDayOf(columns.ended_at) : today;
  return {
    id: columns.id,
    customerId: columns.customer_id,
    receivedOn,
    source: columns.source,
    trustOdsCode: columns.referring_trust_ods_code,
    trustName: columns.trust_name,
    ward: columns.ward,
    nhsNumber: columns.nhs_number,
    name: [columns.given_name, columns.family_name].filter(Boolean).join(' '),
    dateOfBirth: columns.date_of_birth,
    postcode: columns.postcode,
    pathway: columns.pathway,
    priority: columns.priority,
    status: columns.status,
    expectedDischargeOn: columns.expected_discharge_on,
    dischargeReadyOn: columns.discharge_ready_on,
    dischargedOn,
    // As hubPerformance counts it: a discharge before the ready date is no delay, not a negative one.
    delayDays: dischargedOn && columns.discharge_ready_on ? Math.max(0, daysBetween(columns.discharge_ready_on, dischargedOn)) : null,
    triagedBy: columns.triaged_by,
    triagedAt: columns.triaged_at ? ukWallClockOf(new Date(columns.triaged_at)) : null,
    decision: columns.decision,
    decidedAt: columns.decided_at ? ukWallClockOf(columns.decided_at) : null,
    team: columns.assigned_team,
    worker: columns.assigned_worker,
    equipmentOrders: columns.equipment_orders,
    equipmentStatuses: columns.equipment_statuses,
    onwardReferrals: columns.onward_referrals,
    onwardStatuses: columns.onward_statuses,
    daysOpen: Math.max(0, daysBetween(receivedOn, endedOn)),
  };
}

/** What a column holds: text, a whole number, a UK day, or a UK wall-clock time. */
export type TrackerCellKind = 'text' | 'number' | 'date' | 'datetime';

export interface TrackerColumn {
  header: string;
  kind: TrackerCellKind;
  /** Characters wide, for a spreadsheet. */
  width: number;
  value: (row: TrackerRow) => string | number | null;
}

function trustOf(row: TrackerRow): string | null {
  if (!row.trustOdsCode) return null;
  return row.trustName ? `${row.trustName} (${row.trustOdsCode})` : row.trustOdsCode;
}

/** The tracker's columns, in order. */
export const TRACKER_COLUMNS: readonly TrackerColumn[] = [
  { header: 'Date received', kind: 'date', width: 12, value: (row) => row.receivedOn },
  { header: 'Source', kind: 'text', width: 18, value: (row) => row.source },
  { header: 'Trust', kind: 'text', width: 30, value: trustOf },
  { header: 'Ward', kind: 'text', width: 14, value: (row) => row.ward },
  { header: 'NHS number', kind: 'text', width: 12, value: (row) => row.nhsNumber },
  { header: 'Name', kind: 'text', width: 24, value: (row) => row.name },
  { header: 'Date of birth', kind: 'date', width: 12, value: (row) => row.dateOfBirth },
  { header: 'Postcode', kind: 'text', width: 10, value: (row) => row.postcode },
  { header: 'Pathway', kind: 'text', width: 11, value: (row) => row.pathway },
  { header: 'Priority', kind: 'text', width: 9, value: (row) => row.priority },
  { header: 'Status', kind: 'text', width: 10, value: (row) => row.status },
  { header: 'Expected discharge', kind: 'date', width: 12, value: (row) => row.expectedDischargeOn },
  { header: 'Discharge ready date', kind: 'date', width: 12, value: (row) => row.dischargeReadyOn },
  { header: 'Discharged', kind: 'date', width: 12, value: (row) => row.dischargedOn },
  { header: 'Delay days', kind: 'number', width: 7, value: (row) => row.delayDays },
  { header: 'Triaged by', kind: 'text', width: 18, value: (row) => row.triagedBy },
  { header: 'Triaged at', kind: 'datetime', width: 16, value: (row) => row.triagedAt },
  { header: 'Decision', kind: 'text', width: 10, value: (row) => row.decision },
  { header: 'Decided at', kind: 'datetime', width: 16, value: (row) => row.decidedAt },
  { header: 'Team', kind: 'text', width: 14, value: (row) => row.team },
  { header: 'Worker', kind: 'text', width: 14, value: (row) => row.worker },
  { header: 'Equipment orders', kind: 'number', width: 7, value: (row) => row.equipmentOrders },
  { header: 'Equipment statuses', kind: 'text', width: 24, value: (row) => row.equipmentStatuses },
  { header: 'Onward referrals', kind: 'number', width: 7, value: (row) => row.onwardReferrals },
  { header: 'Onward referral kinds and statuses', kind: 'text', width: 30, value: (row) => row.onwardStatuses },
  { header: 'Days open', kind: 'number', width: 7, value: (row) => row.daysOpen },
];

/** A row's cells, in column order. */
export function trackerCells(row: TrackerRow): (string | number | null)[] {
  return TRACKER_COLUMNS.map((column) => column.value(row));
}
