/**
 * The hub's figures' port: what the server asks of the performance area
 * (src/performance/), in the gateway's words. The figures are computed in SQL
 * over the store (hub-figures.ts); this area owns no tables of its own.
 */
import type { DischargePathway, PerformanceGrouping, ReferralSource } from '../generated/graphql.js';
import type { ResponseTarget } from './response-target.js';

export { checkPerformancePeriod, MAX_PERFORMANCE_PERIOD_DAYS } from './performance-period.js';
export { HubFigures } from './hub-figures.js';
export { parseResponseTarget, RESPONSE_TARGET_PATTERN, type ResponseTarget } from './response-target.js';

/** A period of Europe/London calendar dates, both ends included. */
export interface PerformancePeriod {
  from: string;
  to: string;
}

/** One group's figures; a grouping's key is null when not grouped by it or when the group has none. */
export interface PerformanceGroupRecord {
  trust: string | null;
  pathway: DischargePathway | null;
  source: ReferralSource | null;
  team: string | null;
  week: string | null;
  month: string | null;
  received: number;
  accepted: number;
  declined: number;
  decided: number;
  withdrawn: number;
  timeToTriage: ResponseTimeRecord;
  timeToDecision: ResponseTimeRecord;
  dischargeDelay: DischargeDelayRecord;
  readyToSupport: { measured: number; medianDays: number | null; p90Days: number | null };
  readmissions: { supportedDischarges: number; readmitted: number; share: number | null };
}

export interface DischargeDelayRecord {
  discharges: number;
  delayed: number;
  shareDelayed: number | null;
  meanDaysDelayed: number | null;
  bands: DayBandCount[];
}

/** How long a step took from receipt, over the group's referrals that have taken it. */
export interface ResponseTimeRecord {
  measured: number;
  medianHours: number | null;
  p90Hours: number | null;
  withinTarget: number;
  shareWithinTarget: number | null;
}

/** The hub's targets for its response times (PERFORMANCE_TRIAGE_TARGET, PERFORMANCE_DECISION_TARGET). */
export interface PerformanceTargets {
  triage: ResponseTarget;
  decision: ResponseTarget;
}

/** How many fall in a band of whole days. */
export interface DayBandCount {
  fromDays: number;
  toDays: number | null;
  count: number;
}

export interface CaseloadCountRecord {
  team: string | null;
  worker: string | null;
  open: number;
}

export interface HubPerformanceRecord extends PerformancePeriod {
  groupBy: PerformanceGrouping[];
  groups: PerformanceGroupRecord[];
}
