import { showsHistoryStep } from '../../src/auth/policy.js';
import type { ReferralStatus } from '../../src/generated/graphql.js';
import type { ActorRecord } from '../../src/auth/viewer.js';
import type { ReferralRecord } from '../../src/referrals/referral.js';
import {
  applyReferralCommand,
  isOpen,
  receiveReferral,
  REFERRAL_MOVES,
  ReferralTransitionError,
  ReopenWindowPassedError,
  type ReferralCommand,
} from '../../src/referrals/referral-state-machine.js';

const coordinator: ActorRecord = { subject: 'c1', name: 'Alex Morgan', role: 'HUB_COORDINATOR' };
const feed: ActorRecord = { subject: 'feed:R1A', name: null, role: 'SYSTEM' };
const received = new Date('2026-11-20T09:00:00Z');
const later = new Date('2026-11-20T11:30:00Z');

const STATUSES: ReferralStatus[] = ['RECEIVED', 'TRIAGED', 'ACCEPTED', 'DECLINED', 'WITHDRAWN', 'CLOSED'];
const COMMANDS: ReferralCommand[] = [
  { kind: 'triage', pathway: 'PATHWAY_1', priority: 'HIGH', reason: 'Needs reablement' },
  { kind: 'accept', assignedTeam: 'Reablement North', assignedWorker: 'Sam Okafor', note: 'Start Monday' },
  { kind: 'decline', reason: 'Out of area' },
  { kind: 'close', reason: 'Goals met' },
  { kind: 'withdraw', reason: 'Discharge cancelled' },
  { kind: 'reinstate', reason: 'Re-admitted' },
  { kind: 'reassign', assignedTeam: 'Reablement South', assignedWorker: null, reason: 'Moved house' },
  { kind: 'reopen', reason: 'Needs returned', windowSeconds: 28 * 86_400 },
  { kind: 'updateRisks', risks: { flags: ['LIVES_ALONE'], notes: 'Carer moved away' }, reason: 'Home visit' },
];
const DAY_MS = 86_400_000;

function newReferral(): ReferralRecord {
  return receiveReferral(
    {
      id: '00000000-0000-4000-8000-000000000001',
      customerId: '00000000-0000-4000-8000-000000000002',
      source: 'HOSPITAL_DISCHARGE',
      referringTrustOdsCode: 'R1A',
      referrer: null,
      ward: 'Ward 7',
      admittedAt: null,
      expectedDischargeOn: '2026-11-22',
      dischargeReadyOn: null,
      dischargedAt: null,
      pathway: null,
      priority: null,
      needsSummary: 'Fall at home',
      risks: { flags: ['FALLS_RISK'], notes: null },
      assignedTeam: null,
      assignedWorker: null,
      hospitalSpell: null,
      referredPerson: null,
      identityLink: null,
      businessResponseTo: null,
    },
    feed,
    received,
  ).referral;
}

function inStatus(status: ReferralStatus): ReferralRecord {
  return { ...newReferral(), status };
}

describe('referral state machine', () => {
  test('a new referral is RECEIVED, with a first event saying who sent it', () => {
    const { referral, event } = receiveReferral(newReferral(), feed, received);
    expect(referral.status).toBe('RECEIVED');
    expect(event).toEqual({
      referralId: referral.id,
      action: 'RECEIVED',
      fromStatus: null,
      toStatus: 'RECEIVED',
      at: received,
      by: feed,
      reason: null,
      hospitalEvent: null,
      inboxMessageId: null,
    });
  });

  // The workflow as the hub runs it, written out here independently of REFERRAL_MOVES.
  const LEGAL: Record<ReferralStatus, Partial<Record<ReferralCommand['kind'], ReferralStatus>>> = {
    RECEIVED: { triage: 'TRIAGED', decline: 'DECLINED', withdraw: 'WITHDRAWN', updateRisks: 'RECEIVED' },
    TRIAGED: { triage: 'TRIAGED', accept: 'ACCEPTED', decline: 'DECLINED', withdraw: 'WITHDRAWN', updateRisks: 'TRIAGED' },
    ACCEPTED: { close: 'CLOSED', withdraw: 'WITHDRAWN', reassign: 'ACCEPTED', updateRisks: 'ACCEPTED' },
    DECLINED: { reopen: 'RECEIVED' },
    WITHDRAWN: { reinstate: 'RECEIVED' },
    CLOSED: { reopen: 'RECEIVED' },
  };

  // Every command from every status: either the legal move or a typed refusal.
  describe.each(STATUSES)('from %s', (from) => {
    test.each(COMMANDS.map((command) => [command.kind, command] as const))('%s', (_kind, command) => {
      const move = REFERRAL_MOVES[command.kind];
      const attempt = () => applyReferralCommand(inStatus(from), command, coordinator, later);
      const to = LEGAL[from][command.kind];
      if (to) {
        const { referral, event } = attempt();
        expect(referral.status).toBe(to);
        expect(event).toMatchObject({ fromStatus: from, toStatus: to, action: move.action, by: coordinator, at: later });
        expect(referral.updatedAt).toBe(later);
      } else {
        expect(attempt).toThrow(ReferralTransitionError);
        try {
          attempt();
        } catch (error) {
          expect(error).toMatchObject({
            code: 'REFERRAL_TRANSITION_NOT_ALLOWED',
            details: { from, to: move.to ?? from, command: command.kind },
          });
          expect((error as Error).message).toContain(`${from} -> ${move.to ?? from} is not allowed`);
        }
      }
    });
  });

  test('the finished statuses take no command but a reinstatement of a withdrawn referral and a reopening of a declined or closed one', () => {
    for (const status of ['DECLINED', 'WITHDRAWN', 'CLOSED'] as const) {
      const takes = status === 'WITHDRAWN' ? 'reinstate' : 'reopen';
      for (const command of COMMANDS.filter((c) => c.kind !== takes)) {
        expect(() => applyReferralCommand(inStatus(status), command, coordinator, later)).toThrow(ReferralTransitionError);
      }
      expect(isOpen(status)).toBe(false);
    }
    for (const status of ['RECEIVED', 'TRIAGED', 'ACCEPTED'] as const) expect(isOpen(status)).toBe(true);
  });

  test('triage records the decision: pathway, priority, reason, who and when', () => {
    const { referral, event } = applyReferralCommand(newReferral(), COMMANDS[0]!, coordinator, later);
    expect(referral).toMatchObject({ pathway: 'PATHWAY_1', priority: 'HIGH' });
    expect(referral.triage).toEqual({
      pathway: 'PATHWAY_1',
      priority: 'HIGH',
      reason: 'Needs reablement',
      decidedBy: coordinator,
      decidedAt: later,
    });
    expect(event.reason).toBe('Needs reablement');
  });

  test('re-triage changes the pathway and keeps the referral TRIAGED', () => {
    const first = applyReferralCommand(newReferral(), COMMANDS[0]!, coordinator, later).referral;
    const again = applyReferralCommand(first, { kind: 'triage', pathway: 'PATHWAY_2', priority: 'URGENT', reason: 'Worse' }, coordinator, later);
    expect(again.referral).toMatchObject({ status: 'TRIAGED', pathway: 'PATHWAY_2', priority: 'URGENT' });
    expect(again.event).toMatchObject({ fromStatus: 'TRIAGED', toStatus: 'TRIAGED' });
  });

  test('accept allocates the team and worker', () => {
    const triaged = applyReferralCommand(newReferral(), COMMANDS[0]!, coordinator, later).referral;
    const { referral, event } = applyReferralCommand(triaged, COMMANDS[1]!, coordinator, later);
    expect(referral).toMatchObject({ status: 'ACCEPTED', assignedTeam: 'Reablement North', assignedWorker: 'Sam Okafor' });
    expect(event.reason).toBe('Start Monday');
  });

  test('the input referral is not changed', () => {
    const before = newReferral();
    const copy = structuredClone(before);
    applyReferralCommand(before, COMMANDS[0]!, coordinator, later);
    expect(before).toEqual(copy);
  });

  describe('reopening, within REFERRAL_REOPEN_WINDOW of the decline or close', () => {
    const reopen = (windowDays: number): ReferralCommand => ({ kind: 'reopen', reason: 'Needs returned', windowSeconds: windowDays * 86_400 });
    const closedAt = new Date('2026-10-01T10:00:00Z');
    const closed = (): ReferralRecord => ({ ...inStatus('CLOSED'), assignedTeam: 'Reablement North', updatedAt: closedAt });

    test('at the end of the window it reopens, back to RECEIVED with a REOPENED step giving the reason', () => {
      const at = new Date(closedAt.getTime() + 28 * DAY_MS);
      const { referral, event } = applyReferralCommand(closed(), reopen(28), coordinator, at, closedAt);
      expect(referral).toMatchObject({ status: 'RECEIVED', updatedAt: at });
      expect(event).toMatchObject({ action: 'REOPENED', fromStatus: 'CLOSED', toStatus: 'RECEIVED', reason: 'Needs returned', by: coordinator, at });
    });

    test('a moment after the window it is refused with REFERRAL_REOPEN_WINDOW_PASSED, naming when it finished', () => {
      const at = new Date(closedAt.getTime() + 28 * DAY_MS + 1);
      const attempt = () => applyReferralCommand(closed(), reopen(28), coordinator, at, closedAt);
      expect(attempt).toThrow(ReopenWindowPassedError);
      expect(attempt).toThrow(/closed|CLOSED since 2026-10-01T10:00:00.000Z, longer than the 28 days/);
      try {
        attempt();
      } catch (error) {
        expect(error).toMatchObject({ code: 'REFERRAL_REOPEN_WINDOW_PASSED', details: { status: 'CLOSED', windowSeconds: 28 * 86_400 } });
      }
    });

    test('the window runs from when the referral finished, not from its last change', () => {
      // A hospital's news after the close moved updatedAt, but the referral has been CLOSED since closedAt.
      const touched = { ...closed(), updatedAt: new Date(closedAt.getTime() + 20 * DAY_MS) };
      const at = new Date(closedAt.getTime() + 30 * DAY_MS);
      expect(() => applyReferralCommand(touched, reopen(28), coordinator, at, closedAt)).toThrow(ReopenWindowPassedError);
      expect(applyReferralCommand(touched, reopen(31), coordinator, at, closedAt).referral.status).toBe('RECEIVED');
    });

    test('a declined referral reopens the same way', () => {
      const declined = { ...inStatus('DECLINED'), updatedAt: closedAt };
      expect(applyReferralCommand(declined, reopen(28), coordinator, new Date(closedAt.getTime() + DAY_MS), closedAt).event).toMatchObject({
        action: 'REOPENED',
        fromStatus: 'DECLINED',
        toStatus: 'RECEIVED',
      });
    });
  });

  test('reassign moves an accepted referral to another team and worker, and stays ACCEPTED', () => {
    const accepted = { ...inStatus('ACCEPTED'), assignedTeam: 'Reablement North', assignedWorker: 'Sam Okafor' };
    const { referral, event } = applyReferralCommand(
      accepted,
      { kind: 'reassign', assignedTeam: 'Reablement South', assignedWorker: 'Jo Adeyemi', reason: 'Moved house' },
      coordinator,
      later,
    );
    expect(referral).toMatchObject({ status: 'ACCEPTED', assignedTeam: 'Reablement South', assignedWorker: 'Jo Adeyemi' });
    expect(event).toMatchObject({ action: 'REASSIGNED', fromStatus: 'ACCEPTED', toStatus: 'ACCEPTED', reason: 'Moved house' });
    const unallocated = applyReferralCommand(accepted, { kind: 'reassign', assignedTeam: 'Reablement South', assignedWorker: null, reason: null }, coordinator, later);
    expect(unallocated.referral).toMatchObject({ assignedTeam: 'Reablement South', assignedWorker: null });
  });

  test("reassign within the same team is a step of its own, WORKER_REASSIGNED, which hospital teams are not shown", () => {
    const accepted = { ...inStatus('ACCEPTED'), assignedTeam: 'Reablement North', assignedWorker: 'Sam Okafor' };
    const { referral, event } = applyReferralCommand(accepted, { kind: 'reassign', assignedTeam: 'Reablement North', assignedWorker: 'Jo Adeyemi', reason: 'Leave' }, coordinator, later);
    expect(referral).toMatchObject({ status: 'ACCEPTED', assignedTeam: 'Reablement North', assignedWorker: 'Jo Adeyemi' });
    expect(event).toMatchObject({ action: 'WORKER_REASSIGNED', fromStatus: 'ACCEPTED', toStatus: 'ACCEPTED' });
    const ward = { subject: 'ward', name: null, role: 'HOSPITAL_DISCHARGE' as const, trustOdsCode: 'R1A' };
    expect(showsHistoryStep(ward, event)).toBe(false);
    expect(showsHistoryStep(ward, { ...event, action: 'REASSIGNED' })).toBe(true);
  });

  test('updateRisks replaces the hub\'s assessment and keeps the status', () => {
    const triaged = applyReferralCommand(newReferral(), COMMANDS[0]!, coordinator, later).referral;
    const { referral, event } = applyReferralCommand(
      triaged,
      { kind: 'updateRisks', risks: { flags: ['LIVES_ALONE', 'CARER_UNDER_STRAIN'], notes: 'Daughter moved away' }, reason: 'Phone call' },
      coordinator,
      later,
    );
    expect(referral).toMatchObject({ status: 'TRIAGED', risks: { flags: ['LIVES_ALONE', 'CARER_UNDER_STRAIN'], notes: 'Daughter moved away' } });
    expect(referral.triage).toEqual(triaged.triage);
    expect(event).toMatchObject({ action: 'RISKS_UPDATED', fromStatus: 'TRIAGED', toStatus: 'TRIAGED', reason: 'Phone call' });
  });
});
