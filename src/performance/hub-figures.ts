/**
 * The hub's figures, each computed in SQL over the store in one statement
 * per call: the schema's descriptions (schema/performance.graphql) define
 * them, and each expression here is that definition.
 */
import type { PerformanceGrouping } from '../generated/graphql.js';
import type { SqlExecutor } from '../store/database.js';
import type { HubPerformanceRecord, PerformanceGroupRecord, PerformancePeriod } from './ports.js';

/** A referral's day of receipt: the figures' periods, weeks and months are Europe/London dates. */
const RECEIVED_ON = `(r.received_at AT TIME ZONE 'Europe/London')::date`;

/** Each grouping's key over a referral `r`, as the column of PerformanceGroupRecord it fills. */
const GROUP_KEYS: Readonly<Record<PerformanceGrouping, { column: keyof PerformanceGroupRecord; expression: string }>> = {
  TRUST: { column: 'trust', expression: 'r.referring_trust_ods_code' },
  PATHWAY: { column: 'pathway', expression: 'r.pathway' },
  SOURCE: { column: 'source', expression: 'r.source' },
  TEAM: { column: 'team', expression: 'r.assigned_team' },
  WEEK: { column: 'week', expression: `to_char(date_trunc('week', ${RECEIVED_ON}), 'YYYY-MM-DD')` },
  MONTH: { column: 'month', expression: `to_char(date_trunc('month', ${RECEIVED_ON}), 'YYYY-MM-DD')` },
};

/** A referral's standing decision: its latest ACCEPTED or DECLINED step, unless a REOPENED step came after it. */
const DECISION = `(SELECT e.action FROM referral_events e
    WHERE e.referral_id = r.id AND e.action IN ('ACCEPTED', 'DECLINED', 'REOPENED')
    ORDER BY e.sequence DESC LIMIT 1)`;

export class HubFigures {
  constructor(private readonly db: SqlExecutor) {}

  async of(period: PerformancePeriod, groupBy: readonly PerformanceGrouping[]): Promise<HubPerformanceRecord> {
    const groupings = [...new Set(groupBy)];
    const keys = groupings.map((grouping) => GROUP_KEYS[grouping]);
    const keyColumns = keys.map((key) => `${key.expression} AS ${key.column}`);
    const groupByClause = keys.length ? `GROUP BY ${keys.map((_, i) => i + 1).join(', ')} ORDER BY ${keys.map((_, i) => `${i + 1} NULLS LAST`).join(', ')}` : '';
    const rows = await this.db.query<Partial<PerformanceGroupRecord>>(
      `SELECT ${[...keyColumns, 'count(*)::int AS received'].join(', ')},
         count(*) FILTER (WHERE d.decision = 'ACCEPTED')::int AS accepted,
         count(*) FILTER (WHERE d.decision = 'DECLINED')::int AS declined,
         count(*) FILTER (WHERE d.decision IN ('ACCEPTED', 'DECLINED'))::int AS decided,
         count(*) FILTER (WHERE r.status = 'WITHDRAWN')::int AS withdrawn
       FROM referrals r
       CROSS JOIN LATERAL (SELECT ${DECISION} AS decision) d
       WHERE ${RECEIVED_ON} BETWEEN $1::date AND $2::date
       ${groupByClause}`,
      [period.from, period.to],
    );
    // With no grouping the one aggregate row is the whole period's, even an empty one.
    return { ...period, groupBy: groupings, groups: rows.map(groupOf) };
  }
}

function groupOf(row: Partial<PerformanceGroupRecord>): PerformanceGroupRecord {
  return {
    trust: row.trust ?? null,
    pathway: row.pathway ?? null,
    source: row.source ?? null,
    team: row.team ?? null,
    week: row.week ?? null,
    month: row.month ?? null,
    received: row.received ?? 0,
    accepted: row.accepted ?? 0,
    declined: row.declined ?? 0,
    decided: row.decided ?? 0,
    withdrawn: row.withdrawn ?? 0,
  };
}
