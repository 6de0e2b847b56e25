/**
 * The task lists' order as SQL and cursors, without a store: open before
 * closed, then due time, then id; what a cursor holds and what it refuses.
 */
import { afterTaskPositionSql, isTaskPosition, readTaskPosition, TASK_ORDER_SQL, taskPosition } from '../../src/casework/task-order.js';

const ID = '0b9f1a52-5a3c-4d6e-9b1f-2c3d4e5f6a7b';
const DUE = new Date('2026-12-07T09:30:00.250Z');

describe('the task lists\' order', () => {
  test('open tasks before closed ones, each by due time, then id: overdue open tasks first without asking the clock', () => {
    expect(TASK_ORDER_SQL).toBe("ORDER BY (CASE WHEN t.status = 'OPEN' THEN 0 ELSE 1 END), t.due_at, t.id");
  });

  test('a cursor holds whether its task was open, its due time and its id: fields its edge shows', () => {
    expect(taskPosition({ status: 'OPEN', dueAt: DUE, id: ID })).toBe(`OPEN/2026-12-07T09:30:00.250Z/${ID}`);
    expect(taskPosition({ status: 'DONE', dueAt: DUE, id: ID })).toBe(`CLOSED/2026-12-07T09:30:00.250Z/${ID}`);
    expect(taskPosition({ status: 'CANCELLED', dueAt: DUE, id: ID })).toBe(`CLOSED/2026-12-07T09:30:00.250Z/${ID}`);
  });

  test('the rows after a position, in the same order', () => {
    const fragment = afterTaskPositionSql(readTaskPosition(`CLOSED/2026-12-07T09:30:00.250Z/${ID}`));
    expect(fragment.render(() => '?')).toBe("((CASE WHEN t.status = 'OPEN' THEN 0 ELSE 1 END), t.due_at, t.id) > (?::int, ?::timestamptz, ?::uuid)");
    expect(fragment.values).toEqual([1, '2026-12-07T09:30:00.250Z', ID]);
    expect(afterTaskPositionSql(readTaskPosition(`OPEN/2026-12-07T09:30:00.250Z/${ID}`)).values[0]).toBe(0);
  });

  test.each([
    [`DONE/2026-12-07T09:30:00.250Z/${ID}`, 'a status rather than open or closed'],
    [`OPEN/2026-12-07T09:30:00Z/${ID}`, 'an instant not as the list writes it'],
    [`OPEN/2026-02-30T09:30:00.000Z/${ID}`, 'a day that does not exist'],
    [`OPEN/2026-12-07T09:30:00.250Z/${ID.toUpperCase()}`, 'an id not as the gateway writes it'],
    [ID, 'an id alone'],
    [42, 'not text'],
  ] as [unknown, string][])('%s is no position (%s)', (position) => {
    expect(isTaskPosition(position)).toBe(false);
    expect(() => readTaskPosition(position)).toThrow('after: is not a cursor from this list');
  });
});
