/**
 * The hub's figures' port: what the server asks of the performance area
 * (src/performance/), in the gateway's words. The figures are computed in SQL
 * over the store (hub-figures.ts); this area owns no tables of its own.
 */
import type { DischargePathway, PerformanceGrouping, ReferralSource } from '../generated/graphql.js';

export { checkPerformancePeriod, MAX_PERFORMANCE_PERIOD_DAYS } from './performance-period.js';
export { HubFigures } from './hub-figures.js';

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
}

export interface HubPerformanceRecord extends PerformancePeriod {
  groupBy: PerformanceGrouping[];
  groups: PerformanceGroupRecord[];
}
