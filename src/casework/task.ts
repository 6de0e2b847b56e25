/**
 * Tasks: something to do by a time, for a team or one of its workers, about
 * a referral or an equipment order. The checks on a new task and the moves
 * of its status, pure: no I/O.
 */
import type { ActorRecord } from '../auth/viewer.js';
import { GatewayError } from '../errors.js';
import type { CreateTaskInput, TaskCause, TaskStatus } from '../generated/graphql.js';
import { BadInputError } from '../errors.js';
import { optionalText, requireId, requireText } from '../arguments.js';
import type { Connection } from '../store/pagination.js';
import { isKeptInstant } from '../time/kept-range.js';

export const TASK_TITLE_MAX_LENGTH = 200;
/** A team or worker as the hub names them (acceptReferral's team and worker take as much). */
export const ASSIGNEE_MAX_LENGTH = 200;

export interface TaskRecord {
  id: string;
  title: string;
  dueAt: Date;
  team: string;
  worker: string | null;
  status: TaskStatus;
  referralId: string | null;
  equipmentOrderId: string | null;
  identityReviewId: string | null;
  outboxCallId: string | null;
  /** Whose data the task is about (through its referral, order or review), if anyone's. */
  customerId: string | null;
  cause: TaskCause | null;
  createdBy: ActorRecord;
  createdAt: Date;
  closedBy: ActorRecord | null;
  closedAt: Date | null;
  cancelReason: string | null;
  updatedAt: Date;
}

export type TaskConnectionRecord = Connection<TaskRecord>;

/** A task as a person asked for it, checked: errors name the argument. */
export interface NewTask {
  title: string;
  dueAt: Date;
  team: string;
  worker: string | null;
  referralId: string | null;
  equipmentOrderId: string | null;
}

export function readNewTask(input: CreateTaskInput): NewTask {
  const referralId = input.referralId == null ? null : requireId(input.referralId, 'input.referralId');
  const equipmentOrderId = input.equipmentOrderId == null ? null : requireId(input.equipmentOrderId, 'input.equipmentOrderId');
  if ((referralId === null) === (equipmentOrderId === null)) {
    throw new BadInputError('input.referralId', 'give exactly one of referralId and equipmentOrderId: a task is about one referral or one order');
  }
  if (!isKeptInstant(input.dueAt)) throw new BadInputError('input.dueAt', 'is outside the range of times the gateway keeps');
  return {
    title: requireText(input.title, 'input.title', TASK_TITLE_MAX_LENGTH),
    dueAt: input.dueAt,
    team: requireText(input.team, 'input.team', ASSIGNEE_MAX_LENGTH),
    worker: optionalText(input.worker, 'input.worker', ASSIGNEE_MAX_LENGTH),
    referralId,
    equipmentOrderId,
  };
}

/** Whether a task is still open past its due time. */
export function isOverdue(task: Pick<TaskRecord, 'status' | 'dueAt'>, now: Date): boolean {
  return task.status === 'OPEN' && task.dueAt.getTime() < now.getTime();
}

export class TaskTransitionError extends GatewayError {
  readonly code = 'TASK_TRANSITION_NOT_ALLOWED';
  constructor(taskId: string, from: TaskStatus, to: TaskStatus) {
    super(`Task ${taskId} is ${from}: it cannot become ${to}`, { taskId, from, to });
  }
}

export type TaskClosing = { to: 'DONE' } | { to: 'CANCELLED'; reason: string };

/**
 * Closes an open task. The same move again (a retried request) returns the
 * task as it is, with null for "nothing to write"; the other move is refused.
 */
export function closeTask(task: TaskRecord, closing: TaskClosing, by: ActorRecord, at: Date): TaskRecord | null {
  if (task.status === closing.to) return null;
  if (task.status !== 'OPEN') throw new TaskTransitionError(task.id, task.status, closing.to);
  return {
    ...task,
    status: closing.to,
    closedBy: by,
    closedAt: at,
    cancelReason: closing.to === 'CANCELLED' ? closing.reason : null,
    updatedAt: at,
  };
}
