/**
 * The audit trail: who looked at or changed whose data, when and why. One
 * row per look (one request's reads, one search, one change) in
 * audit_events, and one narrow row per person it touched in
 * audit_event_people, so that a board of a thousand people is one look and
 * "who looked at this person" is an index range scan over years of looks.
 * Both tables are partitioned by month (audit-partitions.ts).
 */
import type { AuditAction, AuditPurpose, AuditSearch } from '../generated/graphql.js';
import { isTrustScoped } from '../auth/policy.js';
import type { Viewer } from '../auth/viewer.js';
import { actorFromColumns, type ActorColumns } from '../auth/actor-columns.js';
import type { Database, SqlExecutor } from '../store/database.js';
import { toConnection, type Connection, type PageRequest } from '../store/pagination.js';
import { SqlConditions } from '../store/sql-conditions.js';
import { rawSql, sql } from '../store/sql-fragment.js';
import { CombinedWrite } from '../store/combined-write.js';
import { BadInputError } from '../errors.js';
import { UUID_PATTERN } from '../gateway-ids.js';
import { groupBy } from '../store/group-by.js';

export type AuditSearchRecord = Omit<AuditSearch, '__typename'>;

/** One look: who, in which request and operation, did what to whom, and why. */
export interface AuditLook {
  at: Date;
  requestId: string;
  viewer: Viewer;
  operation: string;
  action: AuditAction;
  purpose: AuditPurpose;
  customerIds: readonly string[];
  /** Records shown that are not a customer: `inbox:<id>`. */
  records?: readonly string[];
  search?: AuditSearchRecord | null;
}

/** One access to one person (or a look that touched nobody), as auditEvents lists it. */
export interface AuditEventRecord {
  /** The event's place in the list: the look's id, and the person's. */
  id: string;
  lookId: string;
  at: Date;
  actor: ReturnType<typeof actorFromColumns>;
  trustOdsCode: string | null;
  operation: string;
  action: AuditAction;
  purpose: AuditPurpose;
  customerId: string | null;
  search: AuditSearchRecord | null;
  records: string[];
  requestId: string;
}

export type AuditEventConnectionRecord = Connection<AuditEventRecord>;

export interface AuditEventFilter {
  customerId: string | null;
  actor: string | null;
  from: Date | null;
  to: Date | null;
  action: AuditAction | null;
}

interface AuditRow extends ActorColumns {
  id: string;
  at: Date;
  request_id: string;
  actor_trust: string | null;
  operation: string;
  action: AuditAction;
  purpose: AuditPurpose;
  records: string[];
  search: AuditSearchRecord | null;
  customer_id: string | null;
}

/** Who is changing people's data, in which request: what a change transaction needs to write its audit rows. */
export interface ChangeMaker {
  db: Database;
  viewer: Viewer;
  requestId: string;
  operation: string;
  at: Date;
}

/** Why a viewer looks, as far as who they are says: a hospital team or feed at its own referrals, hub staff at cases. */
export function purposeOf(viewer: Viewer): AuditPurpose {
  return isTrustScoped(viewer) ? 'REFERRAL' : 'CASEWORK';
}

/** The CHANGE look of one change, in its transaction. */
export function recordChange(tx: SqlExecutor, by: ChangeMaker, customerIds: readonly string[], purpose = purposeOf(by.viewer)): Promise<void> {
  return new AuditLog(tx).record([
    { at: by.at, requestId: by.requestId, viewer: by.viewer, operation: by.operation, action: 'CHANGE', purpose, customerIds },
  ]);
}

/** A place in the list: a look (when and which), and one of its people (none for a look that touched nobody). */
const POSITION = new RegExp(`^(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z)/(\\d{1,19})/(${UUID_PATTERN})?$`);

const MAX_BIGINT = 2n ** 63n - 1n;

interface AuditPosition {
  at: string;
  lookId: string;
  customerId: string | null;
}

/**
 * A position PostgreSQL can take, or null: the pattern lets through dates
 * that do not exist (2026-13-45) and year 0, and ids beyond bigint, which
 * would reach the casts as a server error rather than a bad cursor.
 */
function parseAuditPosition(value: unknown): AuditPosition | null {
  const matched = typeof value === 'string' ? POSITION.exec(value) : null;
  if (!matched) return null;
  const [, at, lookId, customerId] = matched as unknown as [string, string, string, string | undefined];
  const date = new Date(at);
  if (Number.isNaN(date.getTime()) || date.toISOString() !== at || date.getUTCFullYear() < 1 || BigInt(lookId) > MAX_BIGINT) return null;
  return { at, lookId, customerId: customerId ?? null };
}

function auditPosition(at: Date, lookId: string, customerId: string | null): string {
  return `${at.toISOString()}/${lookId}/${customerId ?? ''}`;
}

export class AuditLog {
  constructor(private readonly db: SqlExecutor) {}

  /** Writes the looks, however many people they touched, in one statement. */
  async record(looks: readonly AuditLook[]): Promise<void> {
    const write = new CombinedWrite();
    recordLooksInto(write, looks);
    await write.run(this.db);
  }

  /**
   * One event per person per look, newest look first: "who looked at this
   * person" is a range of the person's own index when a customer is given,
   * and the whole trail reads backwards along the looks' key.
   */
  async list(filter: AuditEventFilter, page: PageRequest): Promise<AuditEventConnectionRecord> {
    const byCustomer = filter.customerId !== null;
    // By person, times and positions are read off the person's own index (p.at is e.at, p.event_id e.id).
    const [at, id] = byCustomer ? [rawSql('p.at'), rawSql('p.event_id')] : [rawSql('e.at'), rawSql('e.id')];
    const conditions = new SqlConditions()
      .addIf(filter.customerId, (customerId) => sql`p.customer_id = ${customerId}::uuid`)
      .addIf(filter.actor, (actor) => sql`e.actor_subject = ${actor}`)
      .addIf(filter.from, (from) => sql`${at} >= ${from}`)
      .addIf(filter.to, (to) => sql`${at} < ${to}`)
      .addIf(filter.action, (action) => sql`e.action = ${action}`);
    // A person's looks join from their rows; every look (those that touched nobody too) from the looks.
    const from = byCustomer
      ? 'audit_event_people p JOIN audit_events e ON e.at = p.at AND e.id = p.event_id'
      : 'audit_events e LEFT JOIN audit_event_people p ON p.at = e.at AND p.event_id = e.id';
    const count = conditions.counter(this.db, from);
    if (page.after !== null) {
      const position = parseAuditPosition(page.after)!;
      const before = sql`(${at}, ${id}) < (${position.at}::timestamptz, ${position.lookId}::bigint)`;
      if (byCustomer || !position.customerId) conditions.add(before);
      else {
        conditions.add(
          sql`(${before} OR ((e.at, e.id) = (${position.at}::timestamptz, ${position.lookId}::bigint) AND p.customer_id < ${position.customerId}::uuid))`,
        );
      }
    }
    // By person, the order of their index; else the looks' key, a look's people last to first.
    const order = byCustomer ? 'p.at DESC, p.event_id DESC' : 'e.at DESC, e.id DESC, p.customer_id DESC NULLS LAST';
    const rows = await this.db.query<AuditRow>(
      `SELECT e.id::text AS id, e.at, e.request_id, e.actor_subject, e.actor_name, e.actor_role, e.actor_trust, e.operation, e.action,
         e.purpose, e.records, e.search, p.customer_id
       FROM ${from} ${conditions.where()}
       ORDER BY ${order} LIMIT ${conditions.param(page.first + 1)}`,
      conditions.params,
    );
    if (page.after !== null && rows.length === 0) await this.checkPosition(String(page.after));
    return toConnection(rows.map(eventFromRow), page, count);
  }

  /** The customers each request (or feed message, whose id is its request's) changed, by request id. */
  async customersChangedBy(requestIds: readonly string[]): Promise<Map<string, string[]>> {
    const rows = await this.db.query<{ request_id: string; customer_id: string }>(
      `SELECT DISTINCT e.request_id, p.customer_id FROM audit_events e JOIN audit_event_people p ON p.at = e.at AND p.event_id = e.id
       WHERE e.request_id = ANY($1::text[]) AND e.action = 'CHANGE'`,
      [requestIds],
    );
    return new Map([...groupBy(rows, (row) => row.request_id)].map(([request, changed]) => [request, changed.map((row) => row.customer_id)]));
  }

  /** A position after which nothing was found must name a look that exists, or it was never this list's. */
  private async checkPosition(position: string): Promise<void> {
    const { at, lookId: look } = parseAuditPosition(position)!;
    const found = await this.db.query('SELECT 1 FROM audit_events WHERE at = $1::timestamptz AND id = $2::bigint', [at, look]);
    if (found.length === 0) throw new BadInputError('after', 'is not a cursor from this list (use pageInfo.endCursor as given)');
  }
}

/** Whether a decoded cursor is an audit position. */
export function isAuditPosition(value: unknown): boolean {
  return parseAuditPosition(value) !== null;
}

/**
 * Adds the looks to a write: each look's row, and its people's rows from the
 * look's own id, so any number of looks and people is one statement.
 */
export function recordLooksInto(write: CombinedWrite, looks: readonly AuditLook[]): void {
  for (const look of looks) {
    const { viewer } = look;
    const values = [look.at, look.requestId, viewer.subject, viewer.name, viewer.role, viewer.trustOdsCode, look.operation, look.action, look.purpose]
      .map((value) => write.param(value));
    const written = write.addReturning(
      `INSERT INTO audit_events (at, request_id, actor_subject, actor_name, actor_role, actor_trust, operation, action, purpose, records, search)
       VALUES (${values[0]}::timestamptz, ${values.slice(1).map((v) => `${v}::text`).join(', ')},
         ${write.param(look.records ?? [])}::text[], ${write.param(look.search ? JSON.stringify(look.search) : null)}::jsonb)
       RETURNING id, at`,
    );
    if (look.customerIds.length === 0) continue;
    write.add(
      `INSERT INTO audit_event_people (event_id, at, customer_id)
       SELECT look.id, look.at, person FROM ${written} AS look, unnest(${write.param([...new Set(look.customerIds)])}::uuid[]) AS person`,
    );
  }
}

function eventFromRow(row: AuditRow): AuditEventRecord {
  return {
    id: auditPosition(new Date(row.at), row.id, row.customer_id),
    lookId: row.id,
    at: new Date(row.at),
    requestId: row.request_id,
    actor: actorFromColumns(row),
    trustOdsCode: row.actor_trust,
    operation: row.operation,
    action: row.action,
    purpose: row.purpose,
    customerId: row.customer_id,
    search: row.search,
    records: row.records,
  };
}
