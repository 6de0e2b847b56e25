import type { QueryResolvers, Resolvers, TaskStatus } from '../../../generated/graphql.js';
import { requireId, requireText } from '../../../arguments.js';
import { addCaseNote } from '../../../casework/add-case-note.js';
import { closeTaskFor, createTask } from '../../../casework/change-task.js';
import { ASSIGNEE_MAX_LENGTH, isOverdue } from '../../../casework/task.js';
import { isTaskPosition, taskPosition } from '../../../casework/task-order.js';
import type { TaskListFilter, TaskParent } from '../../../casework/task-repository.js';
import { readPage } from '../../../store/pagination.js';
import { changeMakerOf } from '../change-maker.js';
import { childConnection } from '../child-connection.js';
import type { GatewayContext } from '../../request/context.js';

// Who may call each field is the policy's (auth/policy.ts FIELD_RULES: casework is hub-only), enforced on the schema;
// whose data each note and task shows is noted by read auditing (CaseNote, Task).

function taskList(ctx: GatewayContext, filter: Omit<TaskListFilter, 'statuses'>, args: { statuses: readonly TaskStatus[]; first: number; after?: string | null }) {
  const page = readPage(args, isTaskPosition, ctx.limits.maxPageSize);
  return ctx.repositories.tasks.list({ ...filter, statuses: args.statuses }, page);
}

/** The tasks of one referral or order in a list of them: first pages batched for the whole list. */
function childTasks(ctx: GatewayContext, parent: TaskParent, id: string, args: { statuses: readonly TaskStatus[]; first: number; after?: string | null }) {
  const page = readPage(args, isTaskPosition, ctx.limits.maxPageSize);
  const filter = parent === 'referral' ? { referralId: id } : { equipmentOrderId: id };
  return childConnection({
    page,
    firstPage: () => ctx.loaders.tasksOf(parent, page.first + 1, args.statuses).load(id),
    laterPage: () => ctx.repositories.tasks.list({ ...filter, statuses: args.statuses }, page),
    count: () => ctx.loaders.taskCountOf(parent, args.statuses).load(id),
    positionOf: taskPosition,
  });
}

const resolveMyTasks: QueryResolvers['myTasks'] = (_, args, ctx) => taskList(ctx, { worker: ctx.viewer.subject }, args);

const resolveTeamTasks: QueryResolvers['teamTasks'] = (_, { team, ...args }, ctx) =>
  taskList(ctx, { team: requireText(team, 'team', ASSIGNEE_MAX_LENGTH) }, args);

export const caseworkResolvers: Resolvers = {
  Query: {
    myTasks: resolveMyTasks,
    teamTasks: resolveTeamTasks,
  },
  Mutation: {
    addCaseNote: (_, { input, idempotencyKey }, ctx, info) => addCaseNote(changeMakerOf(ctx, info), input, idempotencyKey),
    createTask: (_, { input, idempotencyKey }, ctx, info) => createTask(changeMakerOf(ctx, info), input, idempotencyKey),
    completeTask: (_, { id }, ctx, info) => closeTaskFor(changeMakerOf(ctx, info), requireId(id, 'id'), { to: 'DONE' }),
    cancelTask: (_, { id, reason }, ctx, info) =>
      closeTaskFor(changeMakerOf(ctx, info), requireId(id, 'id'), { to: 'CANCELLED', reason: requireText(reason, 'reason') }),
  },
  Referral: {
    notes: (referral, args, ctx) => {
      const page = readPage(args, 'uuid', ctx.limits.maxPageSize);
      return childConnection({
        page,
        firstPage: () => ctx.loaders.caseNotesOfReferral(page.first + 1).load(referral.id),
        laterPage: () => ctx.repositories.caseNotes.listOfReferral(referral.id, page),
        count: () => ctx.loaders.caseNoteCountOfReferral.load(referral.id),
      });
    },
    tasks: (referral, args, ctx) => childTasks(ctx, 'referral', referral.id, args),
  },
  EquipmentOrder: {
    tasks: (order, args, ctx) => childTasks(ctx, 'equipmentOrder', order.id, args),
  },
  HubBoard: {
    overdueTasks: (_, __, ctx) => ctx.repositories.tasks.countsByTeam(ctx.now()),
  },
  CaseNote: {
    // The note's words are what a look at it reads: on record by the note's own id, beside its person.
    text: (note, _, ctx) => {
      ctx.auditTrail.noteRecord(`case-note:${note.id}`);
      return note.text;
    },
  },
  Task: {
    assignee: (task) => ({ team: task.team, worker: task.worker }),
    overdue: (task, _, ctx) => isOverdue(task, ctx.now()),
    referral: (task, _, ctx) => (task.referralId ? ctx.loaders.referral.load(task.referralId) : null),
    equipmentOrder: (task, _, ctx) => (task.equipmentOrderId ? ctx.loaders.equipmentOrder.load(task.equipmentOrderId) : null),
  },
};
