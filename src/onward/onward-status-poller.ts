/**
 * Asks the targets, every ONWARD_POLL_MS, where the onward referrals they
 * have and have not settled (SENT, ACKNOWLEDGED) stand, and records each
 * move. A target that does not answer is asked again next round; one
 * failure never stops the others.
 */
import { RepeatingJob } from '../repeating-job.js';
import type { Logger } from 'pino';
import type { Database } from '../store/database.js';
import { OnwardReferralRepository } from './onward-referral-repository.js';
import type { OnwardTarget } from './ports.js';

/** Onward referrals asked about per round: the least recently heard of first, so none is starved. */
const BATCH = 50;

export class OnwardStatusPoller {
  private readonly rounds: RepeatingJob;

  constructor(
    private readonly db: Database,
    private readonly targets: readonly OnwardTarget[],
    private readonly logger: Logger,
    pollMs: number,
  ) {
    this.rounds = new RepeatingJob(() => this.poll(), (error) => this.logger.warn({ err: error }, 'onward referral polling failed; will try again'), pollMs);
  }

  start(): void {
    this.rounds.start({ runNow: false });
  }

  stop(): Promise<void> {
    return this.rounds.stop();
  }

  /** One round; returns how many onward referrals moved. */
  async poll(): Promise<number> {
    const open = await new OnwardReferralRepository(this.db).unsettled(BATCH);
    let moved = 0;
    await Promise.all(
      open.map(async (onward) => {
        const target = this.targets.find((candidate) => candidate.system === onward.targetSystem);
        if (!target || onward.targetReference === null) return;
        try {
          const answer = await target.statusOf(onward.targetReference);
          const applied = await this.db.transaction((tx) => new OnwardReferralRepository(tx).applyTargetAnswer(onward.id, answer, new Date()));
          if (applied) moved += 1;
        } catch (error) {
          // Ids only: the error names the system and operation, never the person.
          this.logger.warn({ err: error, onwardReferralId: onward.id, system: onward.targetSystem }, 'onward referral status not read; will ask again');
        }
      }),
    );
    return moved;
  }
}
