/**
 * The orders of the referrals list and their keyset cursors. A cursor holds
 * its order and the last row's sort key with its id: a changed row (UPDATED
 * moves with every change) keeps its place in the walk, and a page is a walk
 * along the order's own index from that key. The key is a field of the
 * referral the same edge shows, so the cursor tells its holder nothing new.
 */
import type { ReferralOrder, ReferralOrderField, ReferralPriority, SortDirection } from '../generated/graphql.js';
import { BadInputError } from '../errors.js';
import { UUID_PATTERN } from '../gateway-ids.js';
import { rawSql, sql, type SqlFragment } from '../store/sql-fragment.js';
import { readIsoDate } from '../time/iso-8601.js';
import { isKeptInstant } from '../time/kept-range.js';
import type { ReferralRecord } from './referral.js';

/** Where a page starts: after this key and id, in this order. */
export interface ReferralPosition {
  order: ReferralOrder;
  /** The sort key as text (an instant, a day, a priority), null where the referral has none. */
  key: string | null;
  id: string;
}

export const NEWEST_RECEIVED: ReferralOrder = { field: 'RECEIVED', direction: 'DESC' };

interface OrderKey {
  /** The key's SQL, as the order's index is built on it (migration 007). */
  expression: string;
  /** Whether a referral may have no such key (those sort last). */
  nullable: boolean;
  /** The key's value as text, for a cursor. */
  of: (referral: ReferralRecord) => string | null;
  /** Whether text from a cursor is such a key. */
  isKey: (text: string) => boolean;
  /** The cursor's key in SQL, typed. */
  value: (text: string) => SqlFragment;
}

const isInstant = (text: string) => {
  const at = new Date(text);
  return isKeptInstant(at) && at.toISOString() === text;
};

const instantKey = (column: 'received_at' | 'updated_at', of: (referral: ReferralRecord) => Date): OrderKey => ({
  expression: column,
  nullable: false,
  of: (referral) => of(referral).toISOString(),
  isKey: isInstant,
  value: (text) => sql`${text}::timestamptz`,
});

const PRIORITIES: readonly ReferralPriority[] = ['ROUTINE', 'HIGH', 'URGENT'];

const KEYS: Record<ReferralOrderField, OrderKey> = {
  RECEIVED: instantKey('received_at', (referral) => referral.receivedAt),
  UPDATED: instantKey('updated_at', (referral) => referral.updatedAt),
  EXPECTED_DISCHARGE: {
    expression: 'expected_discharge_on',
    nullable: true,
    of: (referral) => referral.expectedDischargeOn ?? null,
    isKey: (text) => readIsoDate(text).ok,
    value: (text) => sql`${text}::date`,
  },
  PRIORITY: {
    // Urgency as a number, so that DESC is most urgent first.
    expression: "(CASE priority WHEN 'ROUTINE' THEN 1 WHEN 'HIGH' THEN 2 WHEN 'URGENT' THEN 3 END)",
    nullable: true,
    of: (referral) => referral.priority ?? null,
    isKey: (text) => (PRIORITIES as readonly string[]).includes(text),
    value: (text) => sql`${PRIORITIES.indexOf(text as ReferralPriority) + 1}::int`,
  },
};

const FIELDS = Object.keys(KEYS) as ReferralOrderField[];
const POSITION = new RegExp(`^(${FIELDS.join('|')})/(ASC|DESC)/([^/]*)/(${UUID_PATTERN})$`);

/** The text a cursor holds for a referral in an order. */
export function referralPosition(order: ReferralOrder, referral: ReferralRecord): string {
  return `${order.field}/${order.direction}/${KEYS[order.field].of(referral) ?? ''}/${referral.id}`;
}

/** A position from a cursor, in whatever order it was made, or null if it is none. */
function parsePosition(value: unknown): ReferralPosition | null {
  const matched = typeof value === 'string' ? POSITION.exec(value) : null;
  if (!matched) return null;
  const [, field, direction, key, id] = matched as unknown as [string, ReferralOrderField, SortDirection, string, string];
  if (id !== id.toLowerCase()) return null;
  if (key !== '' && !KEYS[field].isKey(key)) return null;
  // A key that is never null, empty, was never written by this list.
  if (key === '' && !KEYS[field].nullable) return null;
  return { order: { field, direction }, key: key === '' ? null : key, id };
}

/** Whether a decoded cursor is a position of the referrals list (of any order). */
export function isReferralPosition(value: unknown): boolean {
  return parsePosition(value) !== null;
}

/** The position a cursor names, refused when it was made in another order than the one asked for. */
export function positionIn(order: ReferralOrder, after: unknown): ReferralPosition {
  const position = parsePosition(after);
  if (position === null) throw new BadInputError('after', 'is not a cursor from this list (use pageInfo.endCursor as given)');
  if (position.order.field !== order.field || position.order.direction !== order.direction) {
    throw new BadInputError(
      'after',
      `is a cursor of the list ordered by ${position.order.field} ${position.order.direction}, not ${order.field} ${order.direction}: start again from the first page when the order changes`,
    );
  }
  return position;
}

/**
 * ORDER BY for an order: its key, nulls last whichever way, then id the same
 * way. Written as its index is, so the planner walks the index: a key that is
 * never null says nothing of nulls (a DESC index puts them first).
 */
export function orderBySql(order: ReferralOrder): string {
  const direction = order.direction === 'ASC' ? 'ASC' : 'DESC';
  const { expression, nullable } = KEYS[order.field];
  return `ORDER BY ${expression} ${direction}${nullable ? ' NULLS LAST' : ''}, id ${direction}`;
}

/** The rows after a position, in its order. */
export function afterPositionSql(position: ReferralPosition): SqlFragment {
  const key = rawSql(KEYS[position.order.field].expression);
  const beyond = rawSql(position.order.direction === 'ASC' ? '>' : '<');
  const id = sql`${position.id}::uuid`;
  // Nulls come last: after a null only nulls follow; after a key, every null does.
  if (position.key === null) return sql`(${key} IS NULL AND id ${beyond} ${id})`;
  const { value, nullable } = KEYS[position.order.field];
  const beyondKey = sql`(${key}, id) ${beyond} (${value(position.key)}, ${id})`;
  return nullable ? sql`(${beyondKey} OR ${key} IS NULL)` : beyondKey;
}
