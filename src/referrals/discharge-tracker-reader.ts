/**
 * Reads the discharge tracker from the store: one query, each referral
 * joined to its person and trust, with its decision, equipment orders and
 * onward referrals aggregated beside it (LATERAL, inside the database), in
 * received order. It is read in batches by keyset, so a year of referrals
 * costs no more memory than one batch, and a reader that stops early stops
 * the reading.
 */
import type { SqlExecutor } from '../store/database.js';
import { SqlConditions } from '../store/sql-conditions.js';
import { sql } from '../store/sql-fragment.js';
import { ukWallClockToUtc } from '../time/uk-time.js';
import { trackerRowOf, type TrackerColumns, type TrackerFilter, type TrackerRow } from './discharge-tracker.js';

const DAY_MS = 86_400_000;
export const TRACKER_BATCH = 500;

const FROM = `referrals r
  JOIN customers c ON c.id = r.customer_id
  LEFT JOIN organisations o ON o.ods_code = r.referring_trust_ods_code`;

const SELECT = `SELECT r.id, r.customer_id, r.received_at, r.source, r.referring_trust_ods_code, o.name AS trust_name, r.ward,
    c.nhs_number, c.given_name, c.family_name, c.date_of_birth, c.postcode,
    r.pathway, r.priority, r.status, r.expected_discharge_on, r.discharge_ready_on, r.discharged_at,
    coalesce(r.triage -> 'decidedBy' ->> 'name', r.triage -> 'decidedBy' ->> 'subject') AS triaged_by,
    r.triage ->> 'decidedAt' AS triaged_at,
    steps.decision, steps.decided_at, steps.ended_at,
    r.assigned_team, r.assigned_worker,
    equipment.n AS equipment_orders, equipment.statuses AS equipment_statuses,
    onward.n AS onward_referrals, onward.statuses AS onward_statuses
  FROM ${FROM}
  CROSS JOIN LATERAL (
    SELECT (array_agg(e.action ORDER BY e.sequence DESC) FILTER (WHERE e.action IN ('ACCEPTED', 'DECLINED')))[1] AS decision,
           (array_agg(e.at ORDER BY e.sequence DESC) FILTER (WHERE e.action IN ('ACCEPTED', 'DECLINED')))[1] AS decided_at,
           max(e.at) FILTER (WHERE e.to_status IN ('DECLINED', 'WITHDRAWN', 'CLOSED')) AS ended_at
      FROM referral_events e WHERE e.referral_id = r.id
  ) steps
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS n, string_agg(q.status, ', ' ORDER BY q.placed_at, q.id) AS statuses
      FROM equipment_orders q WHERE q.referral_id = r.id
  ) equipment
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS n, string_agg(w.kind || ' ' || w.status, ', ' ORDER BY w.made_at, w.id) AS statuses
      FROM onward_referrals w WHERE w.referral_id = r.id
  ) onward`;

function conditionsOf(filter: TrackerFilter): SqlConditions {
  return new SqlConditions()
    .addIf(filter.from, (from) => sql`r.received_at >= ${new Date(ukWallClockToUtc(Date.parse(from)))}`)
    .addIf(filter.to, (to) => sql`r.received_at < ${new Date(ukWallClockToUtc(Date.parse(to) + DAY_MS))}`)
    .addIf(filter.trust, (trust) => sql`r.referring_trust_ods_code = ${trust}`)
    .addIf(filter.status, (status) => sql`r.status = ${status}`);
}

/** Every person the tracker holds: what its export is audited as, before a row is sent. */
export async function trackerCustomerIds(db: SqlExecutor, filter: TrackerFilter): Promise<string[]> {
  const conditions = conditionsOf(filter);
  const rows = await db.query<{ customer_id: string }>(`SELECT DISTINCT r.customer_id FROM ${FROM} ${conditions.where()}`, conditions.params);
  return rows.map((row) => row.customer_id);
}

/** How many referrals the tracker holds. */
export async function trackerCount(db: SqlExecutor, filter: TrackerFilter): Promise<number> {
  const conditions = conditionsOf(filter);
  return conditions.counter(db, FROM)();
}

/** Up to `limit` tracker rows after a referral's (by id), in received order. */
export async function trackerPage(db: SqlExecutor, filter: TrackerFilter, today: string, after: string | null, limit: number): Promise<TrackerRow[]> {
  const conditions = conditionsOf(filter).addIf(
    after,
    (id) => sql`(r.received_at, r.id) > (SELECT received_at, id FROM referrals WHERE id = ${id}::uuid)`,
  );
  const rows = await db.query<TrackerColumns>(
    `${SELECT} ${conditions.where()} ORDER BY r.received_at, r.id LIMIT ${conditions.param(limit)}`,
    conditions.params,
  );
  return rows.map((row) => trackerRowOf(row, today));
}

/** The whole tracker, batch by batch; stopping the loop stops the reading. */
export async function* trackerBatches(db: SqlExecutor, filter: TrackerFilter, today: string, size = TRACKER_BATCH): AsyncGenerator<TrackerRow[]> {
  let after: string | null = null;
  for (;;) {
    const batch = await trackerPage(db, filter, today, after, size);
    if (batch.length > 0) yield batch;
    if (batch.length < size) return;
    after = batch[batch.length - 1]!.id;
  }
}
