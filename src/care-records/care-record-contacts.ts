/**
 * When the hub accepts a referral, a contact is owed to each social care
 * record system the person is linked to: written through the outbox in the
 * accepting transaction, sent by `careRecordSenders`, and its reference kept
 * so the referral shows it. The contact id is the idempotency key on the
 * wire, so a retried call is one contact in the record system.
 */
import type { CustomerIdentityRecord } from '../customers/customer.js';
import { PermanentSendError, type OutboxSender } from '../outbox/ports.js';
import type { NewOutboxCall } from '../outbox/outbox-repository.js';
import type { ReferralRecord } from '../referrals/referral.js';
import type { Database, SqlExecutor } from '../store/database.js';
import { groupBy } from '../store/group-by.js';
import { RecordSystemRefusalError, type CareRecordContact, type CareRecordSystem, type RecordSystemCode } from './ports.js';

export const WRITE_CARE_RECORD_CONTACT = 'WRITE_CARE_RECORD_CONTACT';

interface ContactPayload {
  [key: string]: unknown;
  system: RecordSystemCode;
  localId: string;
  contact: CareRecordContact;
}

export interface CareRecordReference {
  system: RecordSystemCode;
  localId: string;
  /** Null until the record system has taken the contact. */
  reference: string | null;
  writtenAt: Date | null;
}

/** The contacts an accepted referral owes, one per linked record system, and the rows that will hold their references. */
export async function oweCareRecordContacts(
  tx: SqlExecutor,
  referral: ReferralRecord,
  identities: readonly CustomerIdentityRecord[],
  systems: readonly RecordSystemCode[],
  at: Date,
): Promise<NewOutboxCall[]> {
  const linked = identities.filter((identity) => (systems as readonly string[]).includes(identity.system));
  const calls = linked.map((identity): NewOutboxCall => {
    const system = identity.system as RecordSystemCode;
    const payload: ContactPayload = {
      system,
      localId: identity.localId,
      contact: {
        contactId: `${referral.id}:${system}`,
        referralId: referral.id,
        occurredAt: at.toISOString(),
        summary: summaryOf(referral),
        team: referral.assignedTeam ?? null,
        worker: referral.assignedWorker ?? null,
      },
    };
    return { destination: system, operation: WRITE_CARE_RECORD_CONTACT, idempotencyKey: `care-record-contact:${referral.id}:${system}`, payload };
  });
  for (const identity of linked) {
    await tx.query('INSERT INTO care_record_contacts (referral_id, system, local_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
      referral.id,
      identity.system,
      identity.localId,
    ]);
  }
  return calls;
}

/** What the person's record is told came in: a referral from outside a hospital is not said to be a discharge. */
const REFERRAL_KINDS: Readonly<Record<ReferralRecord['source'], string>> = {
  HOSPITAL_DISCHARGE: 'Hospital discharge referral',
  GP: 'Referral from a GP',
  COMMUNITY_HEALTH: 'Referral from community health',
  SELF: 'Self-referral',
  OTHER: 'Referral',
};

export function summaryOf(referral: ReferralRecord): string {
  const pathway = referral.pathway ? `, ${referral.pathway.replace('PATHWAY_', 'pathway ')}` : '';
  const from = referral.referringTrustOdsCode ? ` from ${referral.referringTrustOdsCode}` : '';
  return `${REFERRAL_KINDS[referral.source]}${from} accepted by the Locality Hub${pathway}${referral.assignedTeam ? `, allocated to ${referral.assignedTeam}` : ''}.`;
}

export function careRecordSenders(db: Database, systems: readonly CareRecordSystem[]): Record<string, OutboxSender> {
  return {
    [WRITE_CARE_RECORD_CONTACT]: async (call, signal) => {
      const { system, localId, contact } = call.payload as ContactPayload;
      const target = systems.find((candidate) => candidate.system === system);
      if (!target) throw new PermanentSendError(`no ${system} record system is configured`);
      let reference: string;
      try {
        ({ reference } = await target.writeContact(localId, contact, signal));
      } catch (error) {
        // Refused for good (the person is not there, the contact invalid): kept as DEAD for an operator.
        if (error instanceof RecordSystemRefusalError) throw new PermanentSendError(error.message);
        throw error;
      }
      await db.query('UPDATE care_record_contacts SET reference = $3, written_at = $4 WHERE referral_id = $1 AND system = $2', [
        contact.referralId,
        system,
        reference,
        new Date(),
      ]);
    },
  };
}

export class CareRecordContactRepository {
  constructor(private readonly db: SqlExecutor) {}

  /** The contacts owed or written for these referrals, by referral. */
  async referencesOf(referralIds: readonly string[]): Promise<Map<string, CareRecordReference[]>> {
    const rows = await this.db.query<{ referral_id: string; system: RecordSystemCode; local_id: string; reference: string | null; written_at: Date | null }>(
      'SELECT referral_id, system, local_id, reference, written_at FROM care_record_contacts WHERE referral_id = ANY($1::uuid[]) ORDER BY referral_id, system',
      [referralIds],
    );
    const grouped = groupBy(rows, (row) => row.referral_id);
    return new Map(
      [...grouped].map(([referralId, found]) => [
        referralId,
        found.map((row) => ({ system: row.system, localId: row.local_id, reference: row.reference, writtenAt: row.written_at })),
      ]),
    );
  }
}
