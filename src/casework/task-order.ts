/**
 * The order of every task list and its keyset cursors: open tasks before
 * closed ones, then by due time, then id. Open tasks overdue are exactly the
 * open ones due before now, so this puts them first without the order
 * depending on the clock (a page would shift as time passed). A task moves
 * when it is closed, so a cursor holds its key (whether it was open, its due
 * time, its id), all of which its edge shows.
 */
import { BadInputError } from '../errors.js';
import { UUID_PATTERN } from '../gateway-ids.js';
import { rawSql, sql, type SqlFragment } from '../store/sql-fragment.js';
import { isKeptInstant } from '../time/kept-range.js';
import type { TaskRecord } from './task.js';

export interface TaskPosition {
  open: boolean;
  dueAt: string;
  id: string;
}

/** Open first (0), closed after (1), of the tasks table as `t`: the expression the lists' indexes are built on (migration 009). */
export const CLOSED_RANK_SQL = "(CASE WHEN t.status = 'OPEN' THEN 0 ELSE 1 END)";

export const TASK_ORDER_SQL = `ORDER BY ${CLOSED_RANK_SQL}, t.due_at, t.id`;

const POSITION = new RegExp(`^(OPEN|CLOSED)/([^/]+)/(${UUID_PATTERN})$`);

export function taskPosition(task: Pick<TaskRecord, 'status' | 'dueAt' | 'id'>): string {
  return `${task.status === 'OPEN' ? 'OPEN' : 'CLOSED'}/${task.dueAt.toISOString()}/${task.id}`;
}

function parsePosition(value: unknown): TaskPosition | null {
  const matched = typeof value === 'string' ? POSITION.exec(value) : null;
  if (!matched) return null;
  const [, rank, dueAt, id] = matched as unknown as [string, string, string, string];
  const at = new Date(dueAt);
  if (!isKeptInstant(at) || at.toISOString() !== dueAt || id !== id.toLowerCase()) return null;
  return { open: rank === 'OPEN', dueAt, id };
}

/** Whether a decoded cursor is a position of a task list. */
export function isTaskPosition(value: unknown): boolean {
  return parsePosition(value) !== null;
}

export function readTaskPosition(after: unknown): TaskPosition {
  const position = parsePosition(after);
  if (position === null) throw new BadInputError('after', 'is not a cursor from this list (use pageInfo.endCursor as given)');
  return position;
}

/** The tasks after a position, in the lists' order. */
export function afterTaskPositionSql(position: TaskPosition): SqlFragment {
  return sql`(${rawSql(CLOSED_RANK_SQL)}, t.due_at, t.id) > (${position.open ? 0 : 1}::int, ${position.dueAt}::timestamptz, ${position.id}::uuid)`;
}
