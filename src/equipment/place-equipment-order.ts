/**
 * Places an equipment order: checks the customer, referral, items,
 * quantities, speed and address, prices it from the supplier's catalogue,
 * and stores it with its history, its audit row and (when no authorisation
 * is needed) the call that sends it to the supplier, in one transaction.
 * The caller's idempotency key makes a retried request the same order.
 */
import { randomUUID } from 'node:crypto';
import { recordChange, type ChangeMaker } from '../audit/audit-log.js';
import { CustomerRepository } from '../customers/customer-repository.js';
import { BadInputError, NotFoundError } from '../errors.js';
import type { PlaceEquipmentOrderInput } from '../generated/graphql.js';
import { OutboxRepository } from '../outbox/outbox-repository.js';
import { ReferralRepository } from '../referrals/referral-repository.js';
import { optionalText, requireId, requireText } from '../arguments.js';
import { requestFingerprint, sameRequest } from '../store/idempotent-request.js';
import type { EquipmentOrderEventRecord, EquipmentOrderRecord } from './equipment-order.js';
import { EquipmentOrderRepository } from './equipment-order-repository.js';
import type { EquipmentOrdering } from './equipment-ordering.js';
import { moveEquipmentOrder } from './order-state-machine.js';
import { priceOrder } from './order-pricing.js';
import { submitCall } from './supplier-calls.js';
import { actorOf } from '../auth/viewer.js';

const KEY_SAFE_CODE = /^[A-Za-z0-9#*-]{1,20}$/;

export async function placeEquipmentOrder(
  by: ChangeMaker,
  ordering: EquipmentOrdering,
  input: PlaceEquipmentOrderInput,
  idempotencyKey: string,
): Promise<EquipmentOrderRecord> {
  const key = requireText(idempotencyKey, 'idempotencyKey', 200);
  // The key safe code is left out of the fingerprint: a hash of a four-digit code is no secret.
  const fingerprint = requestFingerprint({ ...input, keySafeCode: undefined, by: by.viewer.subject });
  const orders = new EquipmentOrderRepository(by.db);
  const earlier = await orders.findByIdempotencyKey(key);
  if (earlier) return sameOrder(earlier, fingerprint);

  const customerId = requireId(input.customerId, 'input.customerId');
  const [customer] = await new CustomerRepository(by.db).findByIds([customerId]);
  if (!customer) throw new NotFoundError('Customer', customerId);
  const referralId = input.referralId ? requireId(input.referralId, 'input.referralId') : null;
  if (referralId) {
    const [referral] = await new ReferralRepository(by.db).findByIds([referralId]);
    if (!referral) throw new NotFoundError('Referral', referralId);
    if (referral.customerId !== customerId) throw new BadInputError('input.referralId', `referral ${referralId} is not this customer's`);
  }
  const speed = ordering.deliverySpeeds.find((tier) => tier.code === input.deliverySpeed.trim().toUpperCase());
  if (!speed) {
    throw new BadInputError('input.deliverySpeed', `must be one of the contract's speeds: ${ordering.deliverySpeeds.map((tier) => tier.code).join(', ')}`);
  }
  const address = input.deliveryAddress
    ? {
        lines: input.deliveryAddress.lines.map((line, i) => requireText(line, `input.deliveryAddress.lines[${i}]`, 200)),
        town: optionalText(input.deliveryAddress.town, 'input.deliveryAddress.town', 100),
        postcode: input.deliveryAddress.postcode,
      }
    : customer.address;
  if (!address?.postcode || address.lines.length === 0) {
    throw new BadInputError('input.deliveryAddress', "the customer's record has no full address with a postcode: give a delivery address");
  }
  const keySafeCode = input.keySafeCode?.trim() || null;
  if (keySafeCode !== null && !KEY_SAFE_CODE.test(keySafeCode)) {
    throw new BadInputError('input.keySafeCode', 'must be 1 to 20 letters, digits, #, * or -');
  }
  const { byCode } = await ordering.catalogue.items();
  const priced = priceOrder(
    input.lines.map((line) => ({ itemCode: line.itemCode, quantity: line.quantity, fittingRequired: line.fittingRequired ?? false })),
    byCode,
    ordering.coordinatorLimitPence,
  );

  const id = randomUUID();
  const actor = actorOf(by.viewer);
  const draft: EquipmentOrderRecord = {
    id,
    customerId,
    referralId,
    lines: priced.lines,
    deliverySpeed: speed.code,
    deliveryAddress: { lines: address.lines, town: address.town ?? null, postcode: address.postcode },
    accessNotes: optionalText(input.accessNotes, 'input.accessNotes', 1_000),
    keySafeSealed: keySafeCode ? ordering.cipher.seal(keySafeCode, id) : null,
    contactPhone: optionalText(input.contactPhone, 'input.contactPhone', 40) ?? customer.phones[0]?.number ?? null,
    serviceType: input.serviceType ?? 'DELIVERY',
    clinicalReason: optionalText(input.clinicalReason, 'input.clinicalReason', 1_000),
    status: 'DRAFT',
    supplierReference: null,
    deliverySlot: null,
    supplierUpdatedAt: null,
    collectionReference: null,
    placedBy: actor,
    placedAt: by.at,
    authorisation: null,
    updatedAt: by.at,
  };
  const created: EquipmentOrderEventRecord = { orderId: id, fromStatus: null, toStatus: 'DRAFT', at: by.at, by: actor, reason: null, callbackId: null };
  const { order, event } = priced.needsAuthorisation
    ? moveEquipmentOrder(draft, 'AWAITING_AUTHORISATION', actor, by.at, `Waiting for an occupational therapist: ${priced.needsAuthorisation}`)
    : moveEquipmentOrder(draft, 'SUBMITTED', actor, by.at, null);
  try {
    await by.db.transaction(async (tx) => {
      await new EquipmentOrderRepository(tx).insert(order, [created, event], { key, fingerprint });
      if (order.status === 'SUBMITTED') await new OutboxRepository(tx).enqueue(submitCall(order.id), by.at);
      await recordChange(tx, by, [customerId]);
    });
  } catch (error) {
    // The same key placed by a request running at the same time: that order is this one.
    const raced = await orders.findByIdempotencyKey(key);
    if (raced) return sameOrder(raced, fingerprint);
    throw error;
  }
  return order;
}

function sameOrder(earlier: { order: EquipmentOrderRecord; fingerprint: string | null }, fingerprint: string): EquipmentOrderRecord {
  return sameRequest({ made: earlier.order, fingerprint: earlier.fingerprint }, fingerprint, 'order');
}
