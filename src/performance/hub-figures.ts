/**
 * The hub's figures, each computed in SQL over the store in one statement
 * per call: the schema's descriptions (schema/performance.graphql) define
 * them, and each expression here is that definition.
 */
import type { PerformanceGrouping } from '../generated/graphql.js';
import type { SqlExecutor } from '../store/database.js';
import type { CaseloadCountRecord, DayBandCount, HubPerformanceRecord, PerformanceGroupRecord, PerformancePeriod, PerformanceTargets, ResponseTimeRecord } from './ports.js';
import type { ResponseTarget } from './response-target.js';
import { DELAY_BANDS } from './delay-bands.js';

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

/** When a referral first took one of these steps: the first triage, the first decision. */
const firstStep = (actions: string) => `(SELECT min(e.at) FROM referral_events e WHERE e.referral_id = r.id AND e.action IN (${actions}))`;

/** The timed steps: the prefix of their columns, and the step's first time in `d`. */
const TIMED_STEPS = [
  { prefix: 'triage', at: 'd.triaged_at' },
  { prefix: 'decision', at: 'd.decided_at' },
] as const;

/**
 * A response time's figures, as columns named `<prefix>_<part>`; `target` is
 * the parameter holding the target's seconds, null for the same London day.
 */
function responseTimeColumns(prefix: string, at: string, target: string): string {
  const hours = `(extract(epoch FROM ${at} - r.received_at) / 3600)::float8`;
  const within = `CASE WHEN ${target}::integer IS NULL THEN (${at} AT TIME ZONE 'Europe/London')::date = ${RECEIVED_ON}
      ELSE ${at} - r.received_at <= ${target}::integer * interval '1 second' END`;
  return `count(${at})::int AS ${prefix}_measured,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY ${hours}) AS ${prefix}_median,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY ${hours}) AS ${prefix}_p90,
    count(*) FILTER (WHERE ${within})::int AS ${prefix}_within`;
}

/**
 * A discharge's delay as NHS England counts it: whole days from the discharge
 * ready date to the London date of the discharge, 0 for the same day (and
 * for a discharge before the ready date); null without both dates.
 */
const DELAY_DAYS = `CASE WHEN r.discharge_ready_on IS NOT NULL AND r.discharged_at IS NOT NULL
    THEN greatest(0, (r.discharged_at AT TIME ZONE 'Europe/London')::date - r.discharge_ready_on) END`;

/** Days from the discharge ready date to the London date of the hub's first acceptance; negative when it accepted before. */
const READY_TO_SUPPORT_DAYS = `(d.accepted_at AT TIME ZONE 'Europe/London')::date - r.discharge_ready_on`;

/** A count per band of DELAY_BANDS of the days in `days`, as columns `<prefix>_band_<i>`. */
function bandColumns(days: string, prefix: string): string[] {
  return DELAY_BANDS.map(
    (band, i) => `count(*) FILTER (WHERE ${days} >= ${band.fromDays}${band.toDays === null ? '' : ` AND ${days} <= ${band.toDays}`})::int AS ${prefix}_band_${i}`,
  );
}

/** The counts per band read back from bandColumns' columns. */
function bandCounts(row: FigureRow, prefix: string): DayBandCount[] {
  return DELAY_BANDS.map((band, i) => ({ ...band, count: Number(row[`${prefix}_band_${i}`] ?? 0) }));
}

/** A discharge the hub supported: of a referral it accepted (its first ACCEPTED step), with an actual discharge. */
const SUPPORTED_DISCHARGE = 'd.accepted_at IS NOT NULL AND r.discharged_at IS NOT NULL';

/**
 * A readmission: another referral of the same customer whose admission came
 * after this discharge, on a London date at most 30 days after the
 * discharge's (the same day counts as 0).
 */
const READMITTED = `EXISTS (SELECT 1 FROM referrals n
    WHERE n.customer_id = r.customer_id AND n.id <> r.id AND n.admitted_at > r.discharged_at
      AND (n.admitted_at AT TIME ZONE 'Europe/London')::date - (r.discharged_at AT TIME ZONE 'Europe/London')::date <= 30)`;

function delayColumns(): string {
  const bands = bandColumns('x.delay', 'delay');
  return [
    'count(x.delay)::int AS delay_discharges',
    'count(*) FILTER (WHERE x.delay >= 1)::int AS delay_delayed',
    'avg(x.delay) FILTER (WHERE x.delay >= 1)::float8 AS delay_mean',
    ...bands,
    'count(x.ready_to_support)::int AS support_measured',
    'percentile_cont(0.5) WITHIN GROUP (ORDER BY x.ready_to_support::float8) AS support_median',
    'percentile_cont(0.9) WITHIN GROUP (ORDER BY x.ready_to_support::float8) AS support_p90',
    `count(*) FILTER (WHERE ${SUPPORTED_DISCHARGE})::int AS readmission_discharges`,
    `count(*) FILTER (WHERE ${SUPPORTED_DISCHARGE} AND ${READMITTED})::int AS readmission_readmitted`,
  ].join(',\n');
}

const targetSeconds = (target: ResponseTarget): number | null => (target.kind === 'WITHIN' ? target.seconds : null);

type FigureRow = Partial<Record<string, string | number | null>>;

export class HubFigures {
  constructor(private readonly db: SqlExecutor) {}

  async of(period: PerformancePeriod, groupBy: readonly PerformanceGrouping[], targets: PerformanceTargets): Promise<HubPerformanceRecord> {
    const groupings = [...new Set(groupBy)];
    const keys = groupings.map((grouping) => GROUP_KEYS[grouping]);
    const keyColumns = keys.map((key) => `${key.expression} AS ${key.column}`);
    const positions = keys.map((_, i) => i + 1);
    const groupByClause = keys.length ? `GROUP BY ${positions.join(', ')} ORDER BY ${positions.map((n) => `${n} NULLS LAST`).join(', ')}` : '';
    const targetParams = ['$3', '$4'];
    const rows = await this.db.query<FigureRow>(
      `SELECT ${[...keyColumns, 'count(*)::int AS received'].join(', ')},
         count(*) FILTER (WHERE d.decision = 'ACCEPTED')::int AS accepted,
         count(*) FILTER (WHERE d.decision = 'DECLINED')::int AS declined,
         count(*) FILTER (WHERE d.decision IN ('ACCEPTED', 'DECLINED'))::int AS decided,
         count(*) FILTER (WHERE r.status = 'WITHDRAWN')::int AS withdrawn,
         ${TIMED_STEPS.map((step, i) => responseTimeColumns(step.prefix, step.at, targetParams[i]!)).join(',\n')},
         ${delayColumns()}
       FROM referrals r
       CROSS JOIN LATERAL (SELECT ${DECISION} AS decision,
         ${firstStep(`'TRIAGED'`)} AS triaged_at,
         ${firstStep(`'ACCEPTED', 'DECLINED'`)} AS decided_at,
         ${firstStep(`'ACCEPTED'`)} AS accepted_at) d
       CROSS JOIN LATERAL (SELECT ${DELAY_DAYS} AS delay, ${READY_TO_SUPPORT_DAYS} AS ready_to_support) x
       WHERE ${RECEIVED_ON} BETWEEN $1::date AND $2::date
       ${groupByClause}`,
      [period.from, period.to, targetSeconds(targets.triage), targetSeconds(targets.decision)],
    );
    // With no grouping the one aggregate row is the whole period's, even an empty one.
    return { ...period, groupBy: groupings, groups: rows.map(groupOf) };
  }

  /** The accepted referrals still open (status ACCEPTED), by team and worker. */
  async openCaseload(): Promise<CaseloadCountRecord[]> {
    return this.db.query<CaseloadCountRecord>(
      `SELECT assigned_team AS team, assigned_worker AS worker, count(*)::int AS open FROM referrals
       WHERE status = 'ACCEPTED' GROUP BY 1, 2 ORDER BY 1 NULLS LAST, 2 NULLS LAST`,
    );
  }

  /** The referrals waiting for triage (status RECEIVED) by whole London days since receipt, as of `now`. */
  async waitingForTriage(now: Date): Promise<DayBandCount[]> {
    const [row] = await this.db.query<FigureRow>(
      `SELECT ${bandColumns(`(($1::timestamptz AT TIME ZONE 'Europe/London')::date - ${RECEIVED_ON})`, 'waiting').join(', ')}
       FROM referrals r WHERE r.status = 'RECEIVED'`,
      [now],
    );
    return bandCounts(row!, 'waiting');
  }
}

function groupOf(row: FigureRow): PerformanceGroupRecord {
  const text = (column: string) => (row[column] ?? null) as never;
  const count = (column: string) => Number(row[column] ?? 0);
  const number = (column: string) => (row[column] === null || row[column] === undefined ? null : Number(row[column]));
  const responseTime = (prefix: string): ResponseTimeRecord => {
    const measured = count(`${prefix}_measured`);
    const withinTarget = count(`${prefix}_within`);
    return {
      measured,
      medianHours: number(`${prefix}_median`),
      p90Hours: number(`${prefix}_p90`),
      withinTarget,
      shareWithinTarget: measured === 0 ? null : withinTarget / measured,
    };
  };
  return {
    trust: text('trust'),
    pathway: text('pathway'),
    source: text('source'),
    team: text('team'),
    week: text('week'),
    month: text('month'),
    received: count('received'),
    accepted: count('accepted'),
    declined: count('declined'),
    decided: count('decided'),
    withdrawn: count('withdrawn'),
    timeToTriage: responseTime('triage'),
    timeToDecision: responseTime('decision'),
    dischargeDelay: {
      discharges: count('delay_discharges'),
      delayed: count('delay_delayed'),
      shareDelayed: count('delay_discharges') === 0 ? null : count('delay_delayed') / count('delay_discharges'),
      meanDaysDelayed: number('delay_mean'),
      bands: bandCounts(row, 'delay'),
    },
    readyToSupport: { measured: count('support_measured'), medianDays: number('support_median'), p90Days: number('support_p90') },
    readmissions: {
      supportedDischarges: count('readmission_discharges'),
      readmitted: count('readmission_readmitted'),
      share: count('readmission_discharges') === 0 ? null : count('readmission_readmitted') / count('readmission_discharges'),
    },
  };
}
