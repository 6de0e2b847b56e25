/**
 * The call an onward referral owes, as the outbox sends it, and the poller:
 * each answer moves the onward referral once and only forwards, a refusal
 * makes it REFUSED and the call DEAD, an outage leaves it to be tried again.
 * On both stores.
 */
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { onwardSenders, SEND_ONWARD_REFERRAL, sendOnwardCall } from '../../src/onward/onward-calls.js';
import type { OnwardReferralRecord } from '../../src/onward/onward-referral.js';
import { OnwardReferralRepository } from '../../src/onward/onward-referral-repository.js';
import { OnwardStatusPoller } from '../../src/onward/onward-status-poller.js';
import { OnwardTargetRefusalError, type OnwardRequest, type OnwardTarget, type OnwardTargetState } from '../../src/onward/ports.js';
import { PermanentSendError } from '../../src/outbox/ports.js';
import type { OutboxCall } from '../../src/outbox/outbox-repository.js';
import { sweepForSystemTasks } from '../../src/casework/system-tasks.js';
import { seedIfEmpty } from '../../src/seed/seed-store.js';
import type { Database } from '../../src/store/database.js';
import { describeEachStore, openTestDatabase } from '../support/stores.js';

/** A target that answers as told, and records what it was sent. */
class FakeTarget implements OnwardTarget {
  readonly system = 'LAS';
  readonly sent: OnwardRequest[] = [];
  sendAnswer: () => Promise<OnwardTargetState> = () => Promise.resolve({ reference: 'TRF-1', status: 'SENT', reason: null });
  statuses: OnwardTargetState['status'][] = [];

  send(request: OnwardRequest): Promise<OnwardTargetState> {
    this.sent.push(request);
    return this.sendAnswer();
  }

  statusOf(reference: string): Promise<OnwardTargetState> {
    const status = this.statuses.shift();
    return status === undefined ? Promise.reject(new Error('LAS teamReferralStatus: HTTP 503')) : Promise.resolve({ reference, status, reason: status === 'DECLINED' ? 'Full' : null });
  }
}

describeEachStore('onward referral calls', (kind) => {
  let db: Database;
  let referralId: string;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await seedIfEmpty(db, { customers: 20 });
    referralId = (await db.query<{ id: string }>("SELECT id FROM referrals WHERE status = 'ACCEPTED' LIMIT 1"))[0]!.id;
  });
  afterAll(() => db.close());

  async function stored(): Promise<OnwardReferralRecord> {
    const at = new Date('2026-11-24T10:15:00Z');
    const onward: OnwardReferralRecord = {
      id: randomUUID(), referralId, customerId: '', kind: 'CARERS_SUPPORT', serviceName: "Carers' support", targetSystem: 'LAS', destination: 'CARERS-SUPPORT',
      personRef: '4100001', reason: null, details: null, status: 'REQUESTED', targetReference: null, statusReason: null,
      madeBy: { subject: 'hub:sam', name: 'Sam Carter', role: 'HUB_COORDINATOR' }, madeAt: at, updatedAt: at,
    };
    await new OnwardReferralRepository(db).insert(onward, `test:${onward.id}`, 'fingerprint');
    return onward;
  }
  const callOf = (onward: OnwardReferralRecord): OutboxCall => ({ id: randomUUID(), attempts: 1, createdAt: new Date(), ...sendOnwardCall(onward) });
  const now = async (id: string) => {
    const repository = new OnwardReferralRepository(db);
    return { onward: (await repository.findById(id))!, history: (await repository.historyOf([id])).get(id)!.map((event) => event.status) };
  };

  test('the call carries only the id; what is sent is read when sent, a reason the kind did not need worded from its service', async () => {
    const target = new FakeTarget();
    const onward = await stored();
    const call = callOf(onward);
    expect(call.payload).toEqual({ onwardReferralId: onward.id });
    await onwardSenders(db, [target])[SEND_ONWARD_REFERRAL]!(call, new AbortController().signal);
    expect(target.sent).toEqual([expect.objectContaining({ onwardReferralId: onward.id, personRef: '4100001', reason: "Referral for Carers' support", requestedBy: 'Sam Carter, Locality Hub' })]);
    expect(await now(onward.id)).toMatchObject({ onward: { status: 'SENT', targetReference: 'TRF-1' }, history: ['REQUESTED', 'SENT'] });
  });

  test('an outage is thrown to the outbox to try again, and moves nothing', async () => {
    const target = new FakeTarget();
    target.sendAnswer = () => Promise.reject(new Error('LAS referToTeam: no answer'));
    const onward = await stored();
    await expect(onwardSenders(db, [target])[SEND_ONWARD_REFERRAL]!(callOf(onward), new AbortController().signal)).rejects.toThrow('no answer');
    expect(await now(onward.id)).toMatchObject({ onward: { status: 'REQUESTED' }, history: ['REQUESTED'] });
  });

  test('a refusal makes it REFUSED with the reason, and the call given up', async () => {
    const target = new FakeTarget();
    target.sendAnswer = () => Promise.reject(new OnwardTargetRefusalError('LAS', 'LAS referToTeam: HTTP 404 (PERSON_NOT_FOUND)'));
    const onward = await stored();
    await expect(onwardSenders(db, [target])[SEND_ONWARD_REFERRAL]!(callOf(onward), new AbortController().signal)).rejects.toBeInstanceOf(PermanentSendError);
    expect(await now(onward.id)).toMatchObject({ onward: { status: 'REFUSED', statusReason: 'LAS referToTeam: HTTP 404 (PERSON_NOT_FOUND)' }, history: ['REQUESTED', 'REFUSED'] });
  });

  test("a call given up makes the duty desk's task about the referral the onward referral was made from", async () => {
    const onward = await stored();
    const callId = randomUUID();
    const at = new Date();
    await db.query(
      `INSERT INTO outbox (id, created_at, destination, operation, idempotency_key, payload, status, attempts, next_attempt_at, completed_at)
       VALUES ($1, $2, 'LAS', $3, $4, $5, 'DEAD', 12, $2, $2)`,
      [callId, at, SEND_ONWARD_REFERRAL, `given-up:${onward.id}`, sendOnwardCall(onward).payload],
    );
    await sweepForSystemTasks(db, 'Duty', at);
    expect(await db.query('SELECT referral_id, cause FROM tasks WHERE outbox_call_id = $1', [callId])).toEqual([{ referral_id: referralId, cause: 'OUTSIDE_CALL_GIVEN_UP' }]);
  });

  test('the poller records each move once, only forwards; a target that fails is asked again next round', async () => {
    const target = new FakeTarget();
    const onward = await stored();
    await onwardSenders(db, [target])[SEND_ONWARD_REFERRAL]!(callOf(onward), new AbortController().signal);
    const poller = new OnwardStatusPoller(db, [target], pino({ level: 'silent' }), 1_000);
    const mine = async () => (await now(onward.id)).onward.status;
    // Other tests' onward referrals are polled too: give every one the same answers, round by round.
    const round = async (status: OnwardTargetState['status'] | null) => {
      const open = await new OnwardReferralRepository(db).unsettled(50);
      target.statuses = status === null ? [] : open.map(() => status);
      await poller.poll();
    };
    await round('SENT');
    expect(await mine()).toBe('SENT');
    await round(null);
    expect(await mine()).toBe('SENT');
    await round('ACKNOWLEDGED');
    await round('ACCEPTED');
    expect(await now(onward.id)).toMatchObject({ onward: { status: 'ACCEPTED' }, history: ['REQUESTED', 'SENT', 'ACKNOWLEDGED', 'ACCEPTED'] });
    // A late answer, or another outcome, moves it no more.
    const repository = new OnwardReferralRepository(db);
    expect(await db.transaction((tx) => new OnwardReferralRepository(tx).applyTargetAnswer(onward.id, { status: 'SENT', reference: 'TRF-1', reason: null }, new Date()))).toBe(false);
    expect(await db.transaction((tx) => new OnwardReferralRepository(tx).applyTargetAnswer(onward.id, { status: 'DECLINED', reference: 'TRF-1', reason: 'x' }, new Date()))).toBe(false);
    expect((await repository.historyOf([onward.id])).get(onward.id)!.map((event) => event.status)).toEqual(['REQUESTED', 'SENT', 'ACKNOWLEDGED', 'ACCEPTED']);
    expect((await repository.unsettled(50)).map((open) => open.id)).not.toContain(onward.id);
  });
});
