import type { DemographicField } from '../generated/graphql.js';
import type { ActorRecord } from '../auth/viewer.js';
import type { PersonDetails, PersonIdentifier } from '../referrals/discharge-message.js';
import type { CombinedWrite } from '../store/combined-write.js';
import type { SqlExecutor } from '../store/database.js';
import { CustomerRepository } from './customer-repository.js';
import { isTrustsOwnSystem } from './identifier-namespaces.js';
import { ReviewQueue } from './review-queue.js';
import type { PersonUpdateOffer, PersonUpdateReviewRecord } from './person-update-review.js';

interface ReviewRow {
  id: string;
  customer_id: string;
  sender: string;
  sent_person: PersonDetails;
  raised_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, customer_id, sender, sent_person, raised_at, updated_at';

export class PersonUpdateReviewRepository extends ReviewQueue<ReviewRow, PersonUpdateReviewRecord> {
  constructor(db: SqlExecutor) {
    super(db, 'person_update_reviews', COLUMNS, reviewFromRow);
  }

  /** Withdraws a customer's open reviews: the record was merged away, and what was said of it is moot. */
  async withdrawAll(customerId: string, at: Date): Promise<void> {
    await this.db.query(`UPDATE person_update_reviews SET status = 'WITHDRAWN', decided_at = $2 WHERE customer_id = $1 AND status = 'OPEN'`, [customerId, at]);
  }

  /**
   * A sender's link to a customer moved away (their person proved to be
   * someone else): withdraws the sender's open review of the customer if it
   * may be that person's, since accepting it would write another person's
   * details into the record. It may be when the person it holds was sent
   * under the link, or when the sender has no other link to the customer to
   * have sent it under. One sent under another link of the sender's stays.
   */
  async withdrawSentThrough(customerId: string, sender: string, link: PersonIdentifier, at: Date): Promise<void> {
    const [open] = await this.db.query<{ id: string; sent_person: PersonDetails }>(
      `SELECT id, sent_person FROM person_update_reviews WHERE customer_id = $1 AND sender = $2 AND status = 'OPEN'`,
      [customerId, sender],
    );
    if (!open) return;
    const sentUnderLink = open.sent_person.localIds.some((id) => id.system === link.system && id.value === link.value);
    // The moved link itself may not have been written away yet (a batch writes its links last).
    const otherLinks = (await new CustomerRepository(this.db).identitiesOf([customerId])).filter(
      (identity) => isTrustsOwnSystem(identity.system, sender) && !(identity.system === link.system && identity.localId === link.value),
    );
    if (sentUnderLink || otherLinks.length === 0) {
      await this.db.query(`UPDATE person_update_reviews SET status = 'WITHDRAWN', decided_at = $2 WHERE id = $1`, [open.id, at]);
    }
  }

  async decide(id: string, status: 'ACCEPTED' | 'DISMISSED', fields: readonly DemographicField[] | null, by: ActorRecord, at: Date): Promise<void> {
    await this.db.query(
      `UPDATE person_update_reviews SET status = $2, accepted_fields = $3, decided_by = $4, decided_at = $5 WHERE id = $1`,
      [id, status, fields, JSON.stringify(by), at],
    );
  }
}

/**
 * Adds to a write what a batch of messages offered the hub: one open review
 * per customer and sender, brought up to date with the latest person; and
 * withdraws the open reviews of senders whose latest message agrees with the
 * record after all.
 */
export function savePersonUpdateOffersInto(
  write: CombinedWrite,
  offers: readonly (PersonUpdateOffer & { id: string })[],
  agreed: readonly { customerId: string; sender: string }[],
  at: Date,
): void {
  if (offers.length === 0 && agreed.length === 0) return;
  const when = write.param(at);
  if (offers.length > 0) {
    const records = write.param(
      JSON.stringify(offers.map((offer) => ({ id: offer.id, customer_id: offer.customerId, sender: offer.sender, sent_person: offer.person, inbox_message_id: offer.messageId }))),
    );
    write.add(
      `INSERT INTO person_update_reviews (id, customer_id, sender, sent_person, inbox_message_id, raised_at, updated_at, status)
       SELECT id, customer_id, sender, sent_person, inbox_message_id, ${when}::timestamptz, ${when}::timestamptz, 'OPEN'
       FROM jsonb_to_recordset(${records}::jsonb) AS o(id uuid, customer_id uuid, sender text, sent_person jsonb, inbox_message_id uuid)
       ON CONFLICT (customer_id, sender) WHERE status = 'OPEN' DO UPDATE SET
         -- A new id when the person sent is not what the coordinator may have been shown (see identity reviews).
         id = CASE WHEN person_update_reviews.sent_person = excluded.sent_person THEN person_update_reviews.id ELSE excluded.id END,
         sent_person = excluded.sent_person, inbox_message_id = excluded.inbox_message_id, updated_at = excluded.updated_at`,
    );
  }
  if (agreed.length > 0) {
    const records = write.param(JSON.stringify(agreed.map(({ customerId, sender }) => ({ customer_id: customerId, sender }))));
    write.add(
      `UPDATE person_update_reviews r SET status = 'WITHDRAWN', decided_at = ${when}::timestamptz
       FROM jsonb_to_recordset(${records}::jsonb) AS a(customer_id uuid, sender text)
       WHERE r.status = 'OPEN' AND r.customer_id = a.customer_id AND r.sender = a.sender`,
    );
  }
}

function reviewFromRow(row: ReviewRow): PersonUpdateReviewRecord {
  return {
    id: row.id,
    customerId: row.customer_id,
    sender: row.sender,
    sentPerson: row.sent_person,
    raisedAt: new Date(row.raised_at),
    updatedAt: new Date(row.updated_at),
  };
}
