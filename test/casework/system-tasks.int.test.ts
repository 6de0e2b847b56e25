/**
 * The sweep for the tasks the gateway makes itself, on a store of its own:
 * each cause makes one task however many sweeps (or replicas) meet it at
 * once, a call given up again after a retry is a new cause, and a review
 * younger than a day is left alone.
 */
import { randomUUID } from 'node:crypto';
import { sweepForSystemTasks } from '../../src/casework/system-tasks.js';
import type { Database } from '../../src/store/database.js';
import { describeEachStore, openTestDatabase } from '../support/stores.js';

const NOW = new Date('2026-12-07T12:00:00.000Z');
const HOUR = 60 * 60 * 1_000;

describeEachStore('the sweep for calls given up and reviews waiting', (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(() => db.close());

  const customer = async () => {
    const id = randomUUID();
    await db.query("INSERT INTO customers (id, family_name, sex, created_at, updated_at) VALUES ($1, 'Sweep', 'UNKNOWN', $2, $2)", [id, NOW]);
    return id;
  };
  const review = async (raisedAt: Date) => {
    const id = randomUUID();
    await db.query(
      "INSERT INTO identity_reviews (id, kind, system, local_id, customer_id, raised_at, status) VALUES ($1, 'LINK', 'R1A', $2, $3, $4, 'OPEN')",
      [id, `MRN-${id}`, await customer(), raisedAt],
    );
    return id;
  };
  const deadCall = async (payload: Record<string, unknown>, completedAt: Date) => {
    const id = randomUUID();
    await db.query(
      `INSERT INTO outbox (id, created_at, destination, operation, idempotency_key, payload, status, attempts, next_attempt_at, completed_at)
       VALUES ($1, $2, 'equipment-supplier', 'SUBMIT_EQUIPMENT_ORDER', $5, $3, 'DEAD', 12, $2, $4)`,
      [id, NOW, payload, completedAt, `sweep-test:${id}`],
    );
    return id;
  };
  const tasksFor = (column: string, id: string) => db.query<{ cause: string; team: string; due_at: Date; equipment_order_id: string | null }>(`SELECT cause, team, due_at, equipment_order_id FROM tasks WHERE ${column} = $1`, [id]);

  test('three sweeps at once make one task per cause; a fresh review and a closed one make none', async () => {
    const waiting = await review(new Date(NOW.getTime() - 25 * HOUR));
    const fresh = await review(new Date(NOW.getTime() - 23 * HOUR));
    const call = await deadCall({ orderId: 'not-an-order' }, new Date(NOW.getTime() - HOUR));
    await Promise.all([1, 2, 3].map(() => sweepForSystemTasks(db, 'Duty', NOW)));
    expect(await tasksFor('identity_review_id', waiting)).toEqual([{ cause: 'IDENTITY_REVIEW_WAITING', team: 'Duty', due_at: NOW, equipment_order_id: null }]);
    expect(await tasksFor('identity_review_id', fresh)).toEqual([]);
    // A payload naming no order of the gateway's: the task names the call alone.
    expect(await tasksFor('outbox_call_id', call)).toEqual([{ cause: 'OUTSIDE_CALL_GIVEN_UP', team: 'Duty', due_at: new Date(NOW.getTime() + 4 * HOUR), equipment_order_id: null }]);
    expect(await sweepForSystemTasks(db, 'Duty', NOW)).toEqual({ givenUpCalls: 0, waitingReviews: 0 });
  });

  test('a call retried and given up again is a new give-up, and a new task', async () => {
    const call = await deadCall({}, new Date(NOW.getTime() - 2 * HOUR));
    await sweepForSystemTasks(db, 'Duty', NOW);
    await db.query('UPDATE outbox SET completed_at = $2 WHERE id = $1', [call, new Date(NOW.getTime() - HOUR)]);
    expect((await sweepForSystemTasks(db, 'Duty', NOW)).givenUpCalls).toBe(1);
    expect(await tasksFor('outbox_call_id', call)).toHaveLength(2);
  });
});
