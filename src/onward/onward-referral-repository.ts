/**
 * Onward referrals and their status moves in the store. Whose each is comes
 * from its referral (a merge that moves the referral moves them).
 */
import { actorFromColumns, actorToColumns, type ActorColumns } from '../auth/actor-columns.js';
import type { SqlExecutor } from '../store/database.js';
import { groupBy } from '../store/group-by.js';
import type { OnwardReferralEventRecord, OnwardReferralRecord, OnwardReferralStatus } from './onward-referral.js';
import type { OnwardTargetSystem } from './ports.js';

interface OnwardRow extends ActorColumns {
  id: string;
  referral_id: string;
  customer_id: string;
  fingerprint: string;
  kind: string;
  service_name: string;
  target_system: OnwardTargetSystem;
  destination: string;
  person_ref: string;
  reason: string | null;
  details: string | null;
  status: OnwardReferralStatus;
  target_reference: string | null;
  status_reason: string | null;
  made_at: Date;
  updated_at: Date;
}

const SELECT = `SELECT o.*, r.customer_id FROM onward_referrals o JOIN referrals r ON r.id = o.referral_id`;

function fromRow(row: OnwardRow): OnwardReferralRecord {
  return {
    id: row.id,
    referralId: row.referral_id,
    customerId: row.customer_id,
    kind: row.kind,
    serviceName: row.service_name,
    targetSystem: row.target_system,
    destination: row.destination,
    personRef: row.person_ref,
    reason: row.reason,
    details: row.details,
    status: row.status,
    targetReference: row.target_reference,
    statusReason: row.status_reason,
    madeBy: actorFromColumns(row),
    madeAt: row.made_at,
    updatedAt: row.updated_at,
  };
}

export class OnwardReferralRepository {
  constructor(private readonly db: SqlExecutor) {}

  async insert(onward: OnwardReferralRecord, idempotencyKey: string, fingerprint: string): Promise<void> {
    const actor = actorToColumns(onward.madeBy);
    await this.db.query(
      `INSERT INTO onward_referrals (id, referral_id, idempotency_key, fingerprint, kind, service_name, target_system, destination, person_ref, reason, details,
         status, target_reference, status_reason, actor_subject, actor_name, actor_role, made_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, NULL, NULL, $13, $14, $15, $16, $16)`,
      [
        onward.id,
        onward.referralId,
        idempotencyKey,
        fingerprint,
        onward.kind,
        onward.serviceName,
        onward.targetSystem,
        onward.destination,
        onward.personRef,
        onward.reason,
        onward.details,
        onward.status,
        actor.actor_subject,
        actor.actor_name,
        actor.actor_role,
        onward.madeAt,
      ],
    );
    await this.addEvent({ onwardReferralId: onward.id, status: onward.status, reason: null, at: onward.madeAt });
  }

  async findByIdempotencyKey(key: string): Promise<{ onward: OnwardReferralRecord; fingerprint: string } | null> {
    const [row] = await this.db.query<OnwardRow>(`${SELECT} WHERE o.idempotency_key = $1`, [key]);
    return row ? { onward: fromRow(row), fingerprint: row.fingerprint } : null;
  }

  async findById(id: string): Promise<OnwardReferralRecord | null> {
    const [row] = await this.db.query<OnwardRow>(`${SELECT} WHERE o.id = $1`, [id]);
    return row ? fromRow(row) : null;
  }

  /** These referrals' onward referrals, oldest first, by referral. */
  async ofReferrals(referralIds: readonly string[]): Promise<Map<string, OnwardReferralRecord[]>> {
    const rows = await this.db.query<OnwardRow>(`${SELECT} WHERE o.referral_id = ANY($1::uuid[]) ORDER BY o.made_at, o.id`, [referralIds]);
    return groupBy(rows.map(fromRow), (onward) => onward.referralId);
  }

  /** Status moves of these onward referrals, in order, by onward referral. */
  async historyOf(ids: readonly string[]): Promise<Map<string, OnwardReferralEventRecord[]>> {
    const rows = await this.db.query<{ onward_referral_id: string; status: OnwardReferralStatus; reason: string | null; at: Date }>(
      'SELECT onward_referral_id, status, reason, at FROM onward_referral_events WHERE onward_referral_id = ANY($1::uuid[]) ORDER BY onward_referral_id, seq',
      [ids],
    );
    return groupBy(
      rows.map((row) => ({ onwardReferralId: row.onward_referral_id, status: row.status, reason: row.reason, at: row.at })),
      (event) => event.onwardReferralId,
    );
  }

  /** Those the targets may still move on, least recently heard of first. */
  async unsettled(limit: number): Promise<OnwardReferralRecord[]> {
    const rows = await this.db.query<OnwardRow>(`${SELECT} WHERE o.status IN ('SENT', 'ACKNOWLEDGED') ORDER BY o.updated_at LIMIT $1`, [limit]);
    return rows.map(fromRow);
  }

  /**
   * Moves it to what the target says, with a history event, unless it already
   * stands there (a poll that heard nothing new only notes it asked). An
   * answer never moves it back: a late answer to the send after a poll heard
   * further is ignored.
   */
  async applyTargetAnswer(id: string, answer: { status: OnwardReferralStatus; reference: string | null; reason: string | null }, at: Date): Promise<boolean> {
    const moved = await this.db.query<{ id: string }>(
      `UPDATE onward_referrals SET status = $2, target_reference = coalesce($3, target_reference), status_reason = $4, updated_at = $5
       WHERE id = $1 AND status = ANY($6::text[])
       RETURNING id`,
      [id, answer.status, answer.reference, answer.reason, at, statusesBefore(answer.status)],
    );
    if (moved.length === 0) {
      await this.db.query('UPDATE onward_referrals SET updated_at = $2 WHERE id = $1', [id, at]);
      return false;
    }
    await this.addEvent({ onwardReferralId: id, status: answer.status, reason: answer.reason, at });
    return true;
  }

  private async addEvent(event: OnwardReferralEventRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO onward_referral_events (onward_referral_id, seq, status, reason, at)
       SELECT $1, coalesce(max(seq), 0) + 1, $2, $3, $4 FROM onward_referral_events WHERE onward_referral_id = $1`,
      [event.onwardReferralId, event.status, event.reason, event.at],
    );
  }
}

/** How far along each status is: an answer moves an onward referral only forwards, and never from one outcome to another. */
const STAGE: Readonly<Record<OnwardReferralStatus, number>> = { REQUESTED: 0, SENT: 1, ACKNOWLEDGED: 2, ACCEPTED: 3, DECLINED: 3, REFUSED: 3 };

function statusesBefore(status: OnwardReferralStatus): OnwardReferralStatus[] {
  return (Object.keys(STAGE) as OnwardReferralStatus[]).filter((earlier) => STAGE[earlier] < STAGE[status]);
}
