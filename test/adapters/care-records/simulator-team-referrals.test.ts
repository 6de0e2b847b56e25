import { FULL_TEAM_REASON, TeamReferralBook } from '../../../adapters/care-records/simulator-team-referrals.js';
import type { TeamReferral } from '../../../src/care-records/ports.js';
import { TEAM_REFERRAL } from './las/contract-messages.js';

const REFERRAL: TeamReferral = { ...TEAM_REFERRAL, teamReferralId: 'onward-1' };

describe("the simulators' team referrals", () => {
  let now = 0;
  const book = () => new TeamReferralBook('TRF-', 1_000, () => now);
  beforeEach(() => {
    now = 1_000_000;
  });

  test('move from received to acknowledged to accepted, one step apart', () => {
    const referrals = book();
    const made = referrals.make('4100001', REFERRAL);
    expect(made).toEqual({ kind: 'made', state: { reference: 'TRF-00000001', status: 'SENT', reason: null } });
    now += 1_000;
    expect(referrals.status('TRF-00000001')).toEqual({ teamReferralId: 'onward-1', state: { reference: 'TRF-00000001', status: 'ACKNOWLEDGED', reason: null } });
    now += 1_000;
    expect(referrals.status('TRF-00000001')?.state.status).toBe('ACCEPTED');
    expect(referrals.status('TRF-99999999')).toBeNull();
  });

  test("a full team's are declined, with its reason", () => {
    const referrals = book();
    referrals.make('4100001', { ...REFERRAL, team: 'DAYOPS-FULL' });
    now += 2_000;
    expect(referrals.status('TRF-00000001')?.state).toEqual({ reference: 'TRF-00000001', status: 'DECLINED', reason: FULL_TEAM_REASON });
  });

  test('the same id and content again is a repeat, answered as it stands now; with other content it is refused', () => {
    const referrals = book();
    referrals.make('4100001', REFERRAL);
    now += 1_000;
    expect(referrals.make('4100001', REFERRAL)).toEqual({ kind: 'repeat', state: { reference: 'TRF-00000001', status: 'ACKNOWLEDGED', reason: null } });
    expect(referrals.make('4100002', REFERRAL)).toEqual({ kind: 'reused' });
    expect(referrals.make('4100001', { ...REFERRAL, reason: 'Another reason' })).toEqual({ kind: 'reused' });
    expect(referrals.counts()).toEqual({ teamReferralsMade: 1, teamReferralsRepeated: 1 });
  });
});
