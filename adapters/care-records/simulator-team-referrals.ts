/**
 * The team referrals a simulated record system holds, in memory, for both
 * simulators (LAS's and CareFirst's): idempotent by the gateway's id, and
 * moving through their statuses over time as a team would work them, so a
 * gateway polling them sees each step. The same id with the same person and
 * content is the same referral (its first reference again); with anything
 * else it is refused, as treating it as a repeat would lose the second
 * referral without a word.
 */
import type { TeamReferral, TeamReferralState, TeamReferralStatus } from '../../src/care-records/ports.js';

export type TeamReferralOutcome = { kind: 'made' | 'repeat'; state: TeamReferralState } | { kind: 'reused' };

/** A team whose code ends so is full: its referrals are declined (a way to see a decline by hand and in tests). */
export const FULL_TEAM_SUFFIX = '-FULL';
export const FULL_TEAM_REASON = 'The team is at capacity; refer again next month or to another team';

interface StoredReferral {
  /** The person and the request, as one string to compare a repeat against. */
  content: string;
  teamReferralId: string;
  reference: string;
  team: string;
  madeAt: number;
}

export class TeamReferralBook {
  private readonly byId = new Map<string, StoredReferral>();
  private readonly byReference = new Map<string, StoredReferral>();
  private repeats = 0;

  /**
   * @param prefix the system's reference prefix ("TRF-")
   * @param stepMs time between statuses: received, acknowledged after one step, accepted (or declined) after two
   * @param now the simulator's clock
   */
  constructor(
    private readonly prefix: string,
    private readonly stepMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  make(personId: string, referral: TeamReferral): TeamReferralOutcome {
    const { teamReferralId, ...request } = referral;
    const content = JSON.stringify({ personId, request });
    const stored = this.byId.get(teamReferralId);
    if (stored !== undefined) {
      if (stored.content !== content) return { kind: 'reused' };
      this.repeats += 1;
      return { kind: 'repeat', state: this.stateOf(stored) };
    }
    const made: StoredReferral = { content, teamReferralId, reference: `${this.prefix}${String(this.byId.size + 1).padStart(8, '0')}`, team: referral.team, madeAt: this.now() };
    this.byId.set(teamReferralId, made);
    this.byReference.set(made.reference, made);
    return { kind: 'made', state: this.stateOf(made) };
  }

  /** Where the referral with this reference stands now; null for a reference never given. */
  status(reference: string): { teamReferralId: string; state: TeamReferralState } | null {
    const stored = this.byReference.get(reference);
    return stored === undefined ? null : { teamReferralId: stored.teamReferralId, state: this.stateOf(stored) };
  }

  counts(): { teamReferralsMade: number; teamReferralsRepeated: number } {
    return { teamReferralsMade: this.byId.size, teamReferralsRepeated: this.repeats };
  }

  private stateOf(stored: StoredReferral): TeamReferralState {
    const steps = this.stepMs <= 0 ? 2 : Math.floor((this.now() - stored.madeAt) / this.stepMs);
    const declined = stored.team.endsWith(FULL_TEAM_SUFFIX);
    const status: TeamReferralStatus = steps <= 0 ? 'SENT' : steps === 1 ? 'ACKNOWLEDGED' : declined ? 'DECLINED' : 'ACCEPTED';
    return { reference: stored.reference, status, reason: status === 'DECLINED' ? FULL_TEAM_REASON : null };
  }
}
