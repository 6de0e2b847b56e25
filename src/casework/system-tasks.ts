/**
 * Tasks the gateway makes itself, where a person would otherwise have to
 * remember: a delivery the supplier could not make, a call to an outside
 * system given up (DEAD in the outbox), an identity review waiting more than
 * a day. Each cause has a key of its own and makes one task however often it
 * is met (a callback retried, a sweep run by two replicas at once). They go
 * to one team (CASEWORK_SYSTEM_TASK_TEAM), for its duty worker to take on.
 */
import { RepeatingJob } from '../repeating-job.js';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ActorRecord } from '../auth/viewer.js';
import type { CaseworkConfig } from '../config.js';
import type { TaskCause } from '../generated/graphql.js';
import { UUID_PATTERN } from '../gateway-ids.js';
import type { Database, SqlExecutor } from '../store/database.js';
import { TaskRepository } from './task-repository.js';

/** The maker of the gateway's own tasks, as their `createdBy` shows. */
export const CASEWORK_ACTOR: ActorRecord = { subject: 'gateway:casework', name: 'Care Gateway', role: 'SYSTEM' };

const HOUR_MS = 60 * 60 * 1_000;

/** An identity review older than this gets a task: its person's messages wait with it. */
export const IDENTITY_REVIEW_WAIT_MS = 24 * HOUR_MS;

/** How long after its cause each task is due: a person may be at home without their equipment. */
const DUE_AFTER_MS: Readonly<Record<TaskCause, number>> = {
  DELIVERY_FAILED: 2 * HOUR_MS,
  OUTSIDE_CALL_GIVEN_UP: 4 * HOUR_MS,
  // It has waited a day already.
  IDENTITY_REVIEW_WAITING: 0,
};

/** A task for a delivery the supplier reported failed, in the transaction that applies its callback. */
export async function raiseDeliveryFailedTask(
  tx: SqlExecutor,
  team: string,
  failed: { orderId: string; callbackId: string; reason: string | null },
  at: Date,
): Promise<void> {
  await new TaskRepository(tx).insert(
    {
      id: randomUUID(),
      title: `Delivery failed: rebook or cancel the order${failed.reason ? ` (${failed.reason.slice(0, 120)})` : ''}`,
      dueAt: new Date(at.getTime() + DUE_AFTER_MS.DELIVERY_FAILED),
      team,
      worker: null,
      status: 'OPEN',
      referralId: null,
      equipmentOrderId: failed.orderId,
      identityReviewId: null,
      outboxCallId: null,
      customerId: null,
      cause: 'DELIVERY_FAILED',
      createdBy: CASEWORK_ACTOR,
      createdAt: at,
      closedBy: null,
      closedAt: null,
      cancelReason: null,
      updatedAt: at,
    },
    { causeKey: `delivery-failed:${failed.callbackId}` },
  );
}

const INSERT_COLUMNS = `INSERT INTO tasks (id, title, due_at, team, status, referral_id, equipment_order_id, identity_review_id, outbox_call_id,
  cause, cause_key, actor_subject, actor_name, actor_role, created_at, updated_at)`;

/** A payload's id as a uuid where it is one (null where not), so the join walks the primary key. */
const asUuid = (text: string) => `(CASE WHEN ${text} ~ '^${UUID_PATTERN}$' THEN (${text})::uuid END)`;

/**
 * Calls given up, each give-up once (a call retried and given up again is a
 * new one): about the order or referral its payload names (an onward
 * referral's, the referral it was made from), where it names one.
 */
async function raiseForGivenUpCalls(db: SqlExecutor, team: string, now: Date): Promise<number> {
  const rows = await db.query(
    `${INSERT_COLUMNS}
     SELECT gen_random_uuid(), 'Call to ' || c.destination || ' given up (' || c.operation || '): see outboxCalls, then retry or act by hand',
       $2::timestamptz + $3 * interval '1 millisecond', $1, 'OPEN',
       CASE WHEN o.id IS NULL THEN coalesce(r.id, w.referral_id) END, o.id, NULL, c.id,
       'OUTSIDE_CALL_GIVEN_UP', 'outside-call-given-up:' || c.id || ':' || (extract(epoch FROM c.completed_at) * 1000)::bigint,
       $4, $5, $6, $2, $2
     FROM outbox c
       LEFT JOIN equipment_orders o ON o.id = ${asUuid("c.payload ->> 'orderId'")}
       LEFT JOIN referrals r ON r.id = ${asUuid("coalesce(c.payload ->> 'referralId', c.payload -> 'contact' ->> 'referralId')")}
       -- An onward referral's call names only the onward referral: its task is about the referral it was made from.
       LEFT JOIN onward_referrals w ON w.id = ${asUuid("c.payload ->> 'onwardReferralId'")}
     WHERE c.status = 'DEAD' AND c.completed_at IS NOT NULL
     ON CONFLICT (cause_key) DO NOTHING RETURNING id`,
    [team, now, DUE_AFTER_MS.OUTSIDE_CALL_GIVEN_UP, CASEWORK_ACTOR.subject, CASEWORK_ACTOR.name, CASEWORK_ACTOR.role],
  );
  return rows.length;
}

/** Identity reviews still open a day after they were raised, each once. */
async function raiseForWaitingReviews(db: SqlExecutor, team: string, now: Date): Promise<number> {
  const rows = await db.query(
    `${INSERT_COLUMNS}
     SELECT gen_random_uuid(), 'Identity review (' || ir.kind || ') waiting more than a day: decide it in identityReviews',
       $2::timestamptz + $3 * interval '1 millisecond', $1, 'OPEN', NULL, NULL, ir.id, NULL,
       'IDENTITY_REVIEW_WAITING', 'identity-review-waiting:' || ir.id, $4, $5, $6, $2, $2
     FROM identity_reviews ir
     WHERE ir.status = 'OPEN' AND ir.raised_at < $2::timestamptz - $7 * interval '1 millisecond'
     ON CONFLICT (cause_key) DO NOTHING RETURNING id`,
    [team, now, DUE_AFTER_MS.IDENTITY_REVIEW_WAITING, CASEWORK_ACTOR.subject, CASEWORK_ACTOR.name, CASEWORK_ACTOR.role, IDENTITY_REVIEW_WAIT_MS],
  );
  return rows.length;
}

/** One sweep: the tasks owed for calls given up and reviews waiting. */
export async function sweepForSystemTasks(db: SqlExecutor, team: string, now: Date): Promise<{ givenUpCalls: number; waitingReviews: number }> {
  return { givenUpCalls: await raiseForGivenUpCalls(db, team, now), waitingReviews: await raiseForWaitingReviews(db, team, now) };
}

/** Sweeps now and every `sweepIntervalMs`; several replicas sweeping at once still make each task once. */
export function startSystemTaskSweep(db: Database, settings: CaseworkConfig, logger: Logger): RepeatingJob {
  const sweep = new RepeatingJob(
    async () => {
      const made = await sweepForSystemTasks(db, settings.systemTaskTeam, new Date());
      if (made.givenUpCalls + made.waitingReviews > 0) logger.info({ ...made, team: settings.systemTaskTeam }, 'tasks made for calls given up and reviews waiting');
    },
    (error) => logger.warn({ err: error }, 'the casework sweep failed; will try again'),
    settings.sweepIntervalMs,
  );
  sweep.start({ runNow: true });
  return sweep;
}
