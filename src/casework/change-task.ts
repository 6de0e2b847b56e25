/**
 * A person's changes to tasks: making one about a referral or an equipment
 * order, completing it, cancelling it with a reason. Each is written with a
 * CHANGE look at the person the task is about, in one transaction.
 */
import { randomUUID } from 'node:crypto';
import { recordChange, type ChangeMaker } from '../audit/audit-log.js';
import { actorOf } from '../auth/viewer.js';
import { EquipmentOrderRepository } from '../equipment/equipment-order-repository.js';
import { NotFoundError } from '../errors.js';
import type { CreateTaskInput } from '../generated/graphql.js';
import { ReferralRepository } from '../referrals/referral-repository.js';
import type { SqlExecutor } from '../store/database.js';
import { sameRequest } from '../store/idempotent-request.js';
import { readIdempotentRequest } from './idempotent-request.js';
import { closeTask, readNewTask, type NewTask, type TaskClosing, type TaskRecord } from './task.js';
import { TaskRepository } from './task-repository.js';

export async function createTask(by: ChangeMaker, input: CreateTaskInput, idempotencyKey: string): Promise<TaskRecord> {
  const request = readIdempotentRequest(idempotencyKey, by.viewer, input);
  const tasks = new TaskRepository(by.db);
  const earlier = await tasks.findByIdempotencyKey(request.key);
  if (earlier) return sameRequest({ made: earlier.task, fingerprint: earlier.fingerprint }, request.fingerprint, 'task');

  const asked = readNewTask(input);
  const customerId = await customerOfSubject(by.db, asked);
  const task: TaskRecord = {
    id: randomUUID(),
    ...asked,
    status: 'OPEN',
    identityReviewId: null,
    outboxCallId: null,
    customerId,
    cause: null,
    createdBy: actorOf(by.viewer),
    createdAt: by.at,
    closedBy: null,
    closedAt: null,
    cancelReason: null,
    updatedAt: by.at,
  };
  try {
    await by.db.transaction(async (tx) => {
      await new TaskRepository(tx).insert(task, request);
      await recordChange(tx, by, [customerId]);
    });
  } catch (error) {
    const raced = await tasks.findByIdempotencyKey(request.key);
    if (raced) return sameRequest({ made: raced.task, fingerprint: raced.fingerprint }, request.fingerprint, 'task');
    throw error;
  }
  return task;
}

/** The person the referral or order a task is about belongs to; either missing is NOT_FOUND. */
async function customerOfSubject(db: SqlExecutor, task: NewTask): Promise<string> {
  if (task.referralId !== null) {
    const [referral] = await new ReferralRepository(db).findByIds([task.referralId]);
    if (!referral) throw new NotFoundError('Referral', task.referralId);
    return referral.customerId;
  }
  const [order] = await new EquipmentOrderRepository(db).findByIds([task.equipmentOrderId!]);
  if (!order) throw new NotFoundError('Equipment order', task.equipmentOrderId!);
  return order.customerId;
}

/** Completes or cancels an open task; the same again returns it as it is. */
export function closeTaskFor(by: ChangeMaker, taskId: string, closing: TaskClosing): Promise<TaskRecord> {
  return by.db.transaction(async (tx) => {
    const tasks = new TaskRepository(tx);
    const task = await tasks.lockById(taskId);
    if (!task) throw new NotFoundError('Task', taskId);
    const closed = closeTask(task, closing, actorOf(by.viewer), by.at);
    if (closed === null) return task;
    await tasks.close(closed);
    await recordChange(tx, by, task.customerId === null ? [] : [task.customerId]);
    return closed;
  });
}
