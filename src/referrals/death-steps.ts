/**
 * A death newly recorded on a customer is told to every open referral of
 * theirs as a PERSON_DIED history step, so that the hub stops visits,
 * deliveries and calls to the family on each. Nothing is closed: a
 * coordinator closes each with a reason. The step is the reporting trust's
 * (its feed's actor), so a hospital team sees it only where its own trust
 * reported the death (policy.ts, showsHistoryStep).
 */
import type { DeathReport } from '../customers/deaths.js';
import type { SqlExecutor } from '../store/database.js';
import { feedActor } from './feed-actor.js';
import type { ReferralEventRecord, ReferralRecord } from './referral.js';
import { ReferralRepository } from './referral-repository.js';

/** The step, and the referral as it leaves it (changed now). */
export function personDiedStep(referral: ReferralRecord, report: DeathReport, at: Date): { referral: ReferralRecord; event: ReferralEventRecord } {
  return {
    referral: { ...referral, updatedAt: at },
    event: {
      referralId: referral.id,
      action: 'PERSON_DIED',
      fromStatus: referral.status,
      toStatus: referral.status,
      at,
      by: feedActor(report.trust),
      reason: describeDeath(report),
      hospitalEvent: null,
      inboxMessageId: report.messageId,
    },
  };
}

/** `died on 2026-12-01 (discharge method 4)`: the death as the trust stated it. */
export function describeDeath(report: DeathReport): string {
  const when = report.diedAt ?? report.diedOn;
  return `${when === null ? 'died, date not given' : `died ${report.diedAt ? 'at' : 'on'} ${when}`} (${SOURCE_WORDS[report.source]})`;
}

const SOURCE_WORDS: Readonly<Record<DeathReport['source'], string>> = {
  HL7_PATIENT_DEATH: 'PID-29/30',
  DISCHARGE_METHOD: 'discharge method 4, patient died',
  FHIR_DECEASED_DATE_TIME: 'Patient.deceasedDateTime',
  FHIR_DECEASED_BOOLEAN: 'Patient.deceasedBoolean',
};

/**
 * The steps for open referrals of these customers that are not in hand
 * (`except`: a batch's own, which it steps in memory), read and locked now.
 */
export async function stepOpenReferrals(
  tx: SqlExecutor,
  deaths: ReadonlyMap<string, DeathReport>,
  at: Date,
  except: readonly string[] = [],
): Promise<{ referrals: ReferralRecord[]; events: [ReferralEventRecord, number][] }> {
  if (deaths.size === 0) return { referrals: [], events: [] };
  const open = await new ReferralRepository(tx).lockOpenOfCustomers([...deaths.keys()], except);
  const steps = open.map(({ referral, lastSequence }) => ({ ...personDiedStep(referral, deaths.get(referral.customerId)!, at), sequence: lastSequence + 1 }));
  return { referrals: steps.map((step) => step.referral), events: steps.map((step) => [step.event, step.sequence]) };
}
