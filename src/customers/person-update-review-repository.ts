import type { DemographicField } from '../generated/graphql.js';
import type { ActorRecord } from '../auth/viewer.js';
import type { PersonDetails } from '../referrals/discharge-message.js';
import type { CombinedWrite } from '../store/combined-write.js';
import type { SqlExecutor } from '../store/database.js';
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

  /**
   * Withdraws a customer's open reviews, or one sender's: the record was
   * merged away, or the sender's person proved to be someone else, and what
   * they said of it is moot (accepting it would write another person's
   * details into the record).
   */
  async withdrawAll(customerId: string, at: Date, sender: string | null = null): Promise<void> {
    await this.db.query(
      `UPDATE person_update_reviews SET status = 'WITHDRAWN', decided_at = $2 WHERE customer_id = $1 AND status = 'OPEN' AND ($3::text IS NULL OR sender = $3)`,
      [customerId, at, sender],
    );
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
