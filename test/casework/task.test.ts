/** A new task's checks, overdue, and the moves of a task's status: pure. */
import type { ActorRecord } from '../../src/auth/viewer.js';
import { closeTask, isOverdue, readNewTask, TaskTransitionError, type TaskRecord } from '../../src/casework/task.js';
import type { CreateTaskInput } from '../../src/generated/graphql.js';

const REFERRAL = '0b9f1a52-5a3c-4d6e-9b1f-2c3d4e5f6a7b';
const ORDER = '1c9f1a52-5a3c-4d6e-9b1f-2c3d4e5f6a7b';
const NOW = new Date('2026-12-07T12:00:00.000Z');
const input = (changes: Partial<CreateTaskInput> = {}): CreateTaskInput => ({ title: 'Ring the family', dueAt: NOW, team: 'North', referralId: REFERRAL, ...changes });
const coordinator: ActorRecord = { subject: 'c', name: null, role: 'HUB_COORDINATOR' };

describe('a new task', () => {
  test('is trimmed, about exactly one referral or order, and its blank worker is none', () => {
    expect(readNewTask(input({ title: '  Ring the family ', team: ' North ', worker: ' ', referralId: REFERRAL.toUpperCase() }))).toEqual({
      title: 'Ring the family',
      dueAt: NOW,
      team: 'North',
      worker: null,
      referralId: REFERRAL,
      equipmentOrderId: null,
    });
    expect(readNewTask(input({ referralId: null, equipmentOrderId: ORDER }))).toMatchObject({ referralId: null, equipmentOrderId: ORDER });
  });

  test.each([
    [{ referralId: null }, 'input.referralId: give exactly one of referralId and equipmentOrderId'],
    [{ equipmentOrderId: ORDER }, 'input.referralId: give exactly one of referralId and equipmentOrderId'],
    [{ referralId: 'R-1' }, 'input.referralId: "R-1" is not an id issued by this gateway'],
    [{ title: '  ' }, 'input.title: must not be empty'],
    [{ title: 'x'.repeat(201) }, 'input.title: must be at most 200 characters'],
    [{ team: '' }, 'input.team: must not be empty'],
    [{ worker: 'w'.repeat(201) }, 'input.worker: must be at most 200 characters'],
  ] as [Partial<CreateTaskInput>, string][])('%p is refused: %s', (changes, message) => {
    expect(() => readNewTask(input(changes))).toThrow(message);
  });
});

const task = (changes: Partial<TaskRecord> = {}): TaskRecord =>
  ({ id: REFERRAL, status: 'OPEN', dueAt: NOW, closedBy: null, closedAt: null, cancelReason: null, updatedAt: NOW, ...changes }) as TaskRecord;

describe('a task\'s status', () => {
  test('is overdue only while open past its due time', () => {
    expect(isOverdue(task(), new Date(NOW.getTime() + 1))).toBe(true);
    expect(isOverdue(task(), NOW)).toBe(false);
    expect(isOverdue(task({ status: 'DONE' }), new Date(NOW.getTime() + 1))).toBe(false);
  });

  test('an open task is completed or cancelled, with who and when, and a reason for a cancel', () => {
    const later = new Date(NOW.getTime() + 60_000);
    expect(closeTask(task(), { to: 'DONE' }, coordinator, later)).toMatchObject({ status: 'DONE', closedBy: coordinator, closedAt: later, cancelReason: null, updatedAt: later });
    expect(closeTask(task(), { to: 'CANCELLED', reason: 'Not needed' }, coordinator, later)).toMatchObject({ status: 'CANCELLED', cancelReason: 'Not needed' });
  });

  test('the same move again changes nothing; the other move from a closed task is refused', () => {
    expect(closeTask(task({ status: 'DONE' }), { to: 'DONE' }, coordinator, NOW)).toBeNull();
    expect(closeTask(task({ status: 'CANCELLED' }), { to: 'CANCELLED', reason: 'again' }, coordinator, NOW)).toBeNull();
    const refused = () => closeTask(task({ status: 'DONE' }), { to: 'CANCELLED', reason: 'too late' }, coordinator, NOW);
    expect(refused).toThrow(TaskTransitionError);
    expect(refused).toThrow(`Task ${REFERRAL} is DONE: it cannot become CANCELLED`);
  });
});
