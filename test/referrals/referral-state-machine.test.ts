import type { ReferralStatus } from '../../src/generated/graphql.js';
import type { ActorRecord } from '../../src/auth/viewer.js';
import type { ReferralRecord } from '../../src/referrals/referral.js';
import {
  applyReferralCommand,
  isOpen,
  receiveReferral,
  REFERRAL_MOVES,
  ReferralTransitionError,
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
];

function newReferral(): ReferralRecord {
  return receiveReferral(
    {
      id: '00000000-0000-4000-8000-000000000001',
      customerId: '00000000-0000-4000-8000-000000000002',
      source: 'HOSPITAL_DISCHARGE',
      referringTrustOdsCode: 'R1A',
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
    RECEIVED: { triage: 'TRIAGED', decline: 'DECLINED', withdraw: 'WITHDRAWN' },
    TRIAGED: { triage: 'TRIAGED', accept: 'ACCEPTED', decline: 'DECLINED', withdraw: 'WITHDRAWN' },
    ACCEPTED: { close: 'CLOSED', withdraw: 'WITHDRAWN' },
    DECLINED: {},
    WITHDRAWN: { reinstate: 'RECEIVED' },
    CLOSED: {},
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
            details: { from, to: move.to, command: command.kind },
          });
          expect((error as Error).message).toContain(`${from} -> ${move.to} is not allowed`);
        }
      }
    });
  });

  test('the finished statuses take no command but a reinstatement of a withdrawn referral', () => {
    for (const status of ['DECLINED', 'WITHDRAWN', 'CLOSED'] as const) {
      for (const command of COMMANDS.filter((c) => !(status === 'WITHDRAWN' && c.kind === 'reinstate'))) {
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
});
