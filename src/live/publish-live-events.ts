/**
 * The two ways a write path says what it changed, inside its own
 * transaction: NOTIFY is held until COMMIT, so a change rolled back is never
 * heard of, and one committed is heard by every replica.
 */
import type { EquipmentOrderRecord } from '../equipment/equipment-order.js';
import type { ReferralEventRecord, ReferralRecord } from '../referrals/referral.js';
import { encodeLiveEvent, LIVE_EVENTS_CHANNEL } from './live-event-codec.js';
import type { LiveEventSink } from './ports.js';

/** One `referral.changed` per referral given, naming the history steps `events` wrote to it. */
export async function publishReferralChanges(
  tx: LiveEventSink,
  referrals: readonly ReferralRecord[],
  events: readonly Pick<ReferralEventRecord, 'referralId' | 'action'>[],
): Promise<void> {
  const payloads = referrals.map((referral) =>
    encodeLiveEvent({
      kind: 'referral.changed',
      referralId: referral.id,
      trust: referral.referringTrustOdsCode,
      changes: events.filter((event) => event.referralId === referral.id).map((event) => event.action),
    }),
  );
  await tx.notify(LIVE_EVENTS_CHANNEL, payloads);
}

/** One `order.changed` per order given. */
export async function publishOrderChanges(tx: LiveEventSink, orders: readonly Pick<EquipmentOrderRecord, 'id' | 'customerId' | 'referralId'>[]): Promise<void> {
  const payloads = orders.map((order) => encodeLiveEvent({ kind: 'order.changed', orderId: order.id, customerId: order.customerId, referralId: order.referralId }));
  await tx.notify(LIVE_EVENTS_CHANNEL, payloads);
}
