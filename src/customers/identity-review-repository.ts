import type { IdentityReviewKind, MergeHoldReason } from '../generated/graphql.js';
import type { ActorRecord } from '../auth/viewer.js';
import type { PersonDetails } from '../referrals/discharge-message.js';
import type { CombinedWrite } from '../store/combined-write.js';
import type { SqlExecutor } from '../store/database.js';
import { ReviewQueue } from './review-queue.js';
import type { DeathContradiction } from './deaths.js';
import type { ReviewBasis } from './identity-matching.js';
import type { IdentityReviewRecord } from './identity-review.js';

interface ReviewRow {
  id: string;
  kind: IdentityReviewKind;
  system: string;
  local_id: string;
  sender: string | null;
  customer_id: string;
  merge_from_customer_id: string | null;
  basis: ReviewBasis | DeathContradiction | null;
  held_because: MergeHoldReason[];
  sent_person: PersonDetails | null;
  raised_at: Date;
}

/** A link that waits for review after a message: opened, or brought up to date with the person as sent now. */
export interface LinkReviewOpening {
  system: string;
  localId: string;
  customerId: string;
  basis: ReviewBasis | null;
  sentPerson: PersonDetails;
  sender: string;
  messageId: string | null;
}

/** A trust's report of a death that its later message contradicts, for a coordinator. */
export interface DeathReviewOpening {
  /** The identifier the report came through. */
  system: string;
  localId: string;
  customerId: string;
  basis: DeathContradiction;
  /** The person in the message that contradicts the death. */
  sentPerson: PersonDetails;
  sender: string;
  messageId: string | null;
}

/** A trust's merge held for a coordinator. */
export interface MergeHold {
  system: string;
  localId: string;
  sender: string;
  intoCustomerId: string;
  fromCustomerId: string;
  heldBecause: readonly MergeHoldReason[];
  sentPerson: PersonDetails;
  messageId: string;
}

/**
 * The open review a new one may be: one per kind, sender and identifier
 * (the identity_reviews_open index). A review keeps its id while it says the
 * same; when its sender says something else it takes the new id, so a
 * decision made on what was shown never lands on what was not.
 */
const OPEN_REVIEW = "(kind, (coalesce(sender, '')), system, local_id) WHERE status = 'OPEN'";

const COLUMNS = 'id, kind, system, local_id, sender, customer_id, merge_from_customer_id, basis, held_because, sent_person, raised_at';

export class IdentityReviewRepository extends ReviewQueue<ReviewRow, IdentityReviewRecord> {
  constructor(db: SqlExecutor) {
    super(db, 'identity_reviews', COLUMNS, reviewFromRow);
  }

  async close(id: string, status: 'CONFIRMED' | 'SEPARATED', by: ActorRecord, at: Date): Promise<void> {
    await this.db.query(`UPDATE identity_reviews SET status = $2, decided_at = $3, decided_by = $4 WHERE id = $1`, [id, status, at, JSON.stringify(by)]);
  }

  /**
   * Open LINK reviews of links that now point at `into` (a merge). Each takes
   * a new id, as a review whose content changes does: a decision on the link
   * to the customer a coordinator was shown must not land on another.
   */
  async repointLinks(from: string, into: string): Promise<void> {
    await this.db.query(
      `UPDATE identity_reviews SET customer_id = $2, id = gen_random_uuid() WHERE kind = 'LINK' AND status = 'OPEN' AND customer_id = $1`,
      [from, into],
    );
  }

  /**
   * Holds a merge for review; the same merge sent again (a resend, a
   * replay) brings the open review up to date rather than adding another.
   */
  async holdMerge(hold: MergeHold, id: string, at: Date): Promise<string> {
    const [row] = await this.db.query<{ id: string }>(
      `INSERT INTO identity_reviews (id, kind, system, local_id, sender, customer_id, merge_from_customer_id, held_because,
         sent_person, inbox_message_id, raised_at, status)
       VALUES ($1, 'MERGE', $2, $3, $4, $5, $6, $7, $8, $9, $10, 'OPEN')
       ON CONFLICT ${OPEN_REVIEW} DO UPDATE SET
         id = CASE WHEN (identity_reviews.customer_id, identity_reviews.merge_from_customer_id, identity_reviews.held_because, identity_reviews.sent_person)
           IS NOT DISTINCT FROM (excluded.customer_id, excluded.merge_from_customer_id, excluded.held_because, excluded.sent_person)
           THEN identity_reviews.id ELSE excluded.id END,
         customer_id = excluded.customer_id, merge_from_customer_id = excluded.merge_from_customer_id,
         held_because = excluded.held_because, sent_person = excluded.sent_person, inbox_message_id = excluded.inbox_message_id
       RETURNING id`,
      [id, hold.system, hold.localId, hold.sender, hold.intoCustomerId, hold.fromCustomerId, hold.heldBecause, JSON.stringify(hold.sentPerson), hold.messageId, at],
    );
    return row!.id;
  }
}

/**
 * Adds to a write the LINK reviews a batch opened or brought up to date, and
 * closes those a later message answered with a verified NHS number: CONFIRMED
 * where it names the customer the link was made to, SEPARATED where it names
 * someone else. The proof is the decision, recorded as the sender's.
 */
export function saveLinkReviewsInto(
  write: CombinedWrite,
  opened: readonly (LinkReviewOpening & { id: string })[],
  answered: readonly { system: string; localId: string; answer: 'CONFIRMED' | 'SEPARATED'; by: ActorRecord }[],
  at: Date,
): void {
  if (opened.length > 0) {
    write.add(
      `${insertOpenedReviews(write, 'LINK', opened, at)}
       ON CONFLICT ${OPEN_REVIEW} DO UPDATE SET
         id = CASE WHEN (identity_reviews.customer_id, identity_reviews.sent_person) IS NOT DISTINCT FROM (excluded.customer_id, excluded.sent_person)
           THEN identity_reviews.id ELSE excluded.id END,
         customer_id = excluded.customer_id, basis = coalesce(excluded.basis, identity_reviews.basis),
         sent_person = excluded.sent_person, inbox_message_id = excluded.inbox_message_id`,
    );
  }
  if (answered.length > 0) {
    const records = write.param(JSON.stringify(answered.map((link) => ({ system: link.system, local_id: link.localId, status: link.answer, decided_by: link.by }))));
    write.add(
      `UPDATE identity_reviews r SET status = p.status, decided_at = ${write.param(at)}::timestamptz, decided_by = p.decided_by
       FROM jsonb_to_recordset(${records}::jsonb) AS p(system text, local_id text, status text, decided_by jsonb)
       WHERE r.kind = 'LINK' AND r.status = 'OPEN' AND r.system = p.system AND r.local_id = p.local_id`,
    );
  }
}

/**
 * Adds to a write the DEATH reviews a batch raised: one open per trust and
 * identifier, brought up to date (with a new id where what it says changed)
 * by the trust's next contradiction.
 */
export function saveDeathReviewsInto(write: CombinedWrite, opened: readonly (DeathReviewOpening & { id: string })[], at: Date): void {
  if (opened.length === 0) return;
  write.add(
    `${insertOpenedReviews(write, 'DEATH', opened, at)}
     ON CONFLICT ${OPEN_REVIEW} DO UPDATE SET
       id = CASE WHEN (identity_reviews.customer_id, identity_reviews.basis, identity_reviews.sent_person)
         IS NOT DISTINCT FROM (excluded.customer_id, excluded.basis, excluded.sent_person)
         THEN identity_reviews.id ELSE excluded.id END,
       customer_id = excluded.customer_id, basis = excluded.basis,
       sent_person = excluded.sent_person, inbox_message_id = excluded.inbox_message_id`,
  );
}

/** The INSERT of reviews a trust's messages opened, one row each; the caller says what an open twin keeps. */
function insertOpenedReviews(
  write: CombinedWrite,
  kind: 'LINK' | 'DEATH',
  opened: readonly ((LinkReviewOpening | DeathReviewOpening) & { id: string })[],
  at: Date,
): string {
  const records = write.param(
    JSON.stringify(
      opened.map((review) => ({
        id: review.id,
        system: review.system,
        local_id: review.localId,
        sender: review.sender,
        customer_id: review.customerId,
        basis: review.basis,
        sent_person: review.sentPerson,
        inbox_message_id: review.messageId,
      })),
    ),
  );
  return `INSERT INTO identity_reviews (id, kind, system, local_id, sender, customer_id, basis, sent_person, inbox_message_id, raised_at, status)
     SELECT id, '${kind}', system, local_id, sender, customer_id, basis, sent_person, inbox_message_id, ${write.param(at)}::timestamptz, 'OPEN'
     FROM jsonb_to_recordset(${records}::jsonb) AS r(id uuid, system text, local_id text, sender text, customer_id uuid,
       basis text, sent_person jsonb, inbox_message_id uuid)`;
}

function reviewFromRow(row: ReviewRow): IdentityReviewRecord {
  return {
    id: row.id,
    kind: row.kind,
    system: row.system,
    localId: row.local_id,
    sender: row.sender,
    customerId: row.customer_id,
    mergeFromCustomerId: row.merge_from_customer_id,
    basis: row.basis,
    heldBecause: row.held_because,
    sentPerson: row.sent_person,
    raisedAt: new Date(row.raised_at),
  };
}
