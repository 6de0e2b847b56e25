/**
 * makeOnwardReferral: hub staff refer a person on from an accepted referral
 * to a configured service. In one transaction: the referral locked and its
 * status checked, the person's place at the target found (their record in
 * that system, or their NHS number for community health), the onward
 * referral and its first history event stored, the call owed to the target
 * written to the outbox, and the CHANGE audit row. Nothing is stored when
 * any check fails. The same idempotency key again returns the same onward
 * referral; with a different request it is refused.
 */
import { createHash, randomUUID } from 'node:crypto';
import { optionalText, requireId, requireText } from '../arguments.js';
import { recordChange, type ChangeMaker } from '../audit/audit-log.js';
import { actorOf } from '../auth/viewer.js';
import { CustomerRepository } from '../customers/customer-repository.js';
import { BadInputError, NotFoundError } from '../errors.js';
import { OutboxRepository } from '../outbox/outbox-repository.js';
import { ReferralRepository } from '../referrals/referral-repository.js';
import type { SqlExecutor } from '../store/database.js';
import { sendOnwardCall } from './onward-calls.js';
import {
  checkReferralStatus,
  checkRequiredFields,
  OnwardReferralNotAllowedError,
  type OnwardReferralRecord,
  serviceOfKind,
} from './onward-referral.js';
import { OnwardReferralRepository } from './onward-referral-repository.js';
import type { OnwardService } from './onward-services.js';
import type { OnwardTargetSystem } from './ports.js';

export interface OnwardReferralInput {
  kind: string;
  reason?: string | null;
  details?: string | null;
}

/** What making onward referrals needs of the gateway: the kinds, and which targets are wired in. */
export interface OnwardReferrals {
  services: readonly OnwardService[];
  targets: readonly OnwardTargetSystem[];
}

export async function makeOnwardReferral(
  by: ChangeMaker,
  onward: OnwardReferrals,
  referralIdArgument: string,
  input: OnwardReferralInput,
  idempotencyKey: string,
): Promise<OnwardReferralRecord> {
  const key = requireText(idempotencyKey, 'idempotencyKey', 200);
  const referralId = requireId(referralIdArgument, 'referralId');
  const service = serviceOfKind(onward.services, input.kind);
  const reason = optionalText(input.reason, 'input.reason', 4_000);
  const details = optionalText(input.details, 'input.details', 4_000);
  checkRequiredFields(service, { reason, details });
  const fingerprint = createHash('sha256').update(JSON.stringify({ referralId, kind: service.kind, reason, details, by: by.viewer.subject })).digest('hex');
  const repository = new OnwardReferralRepository(by.db);
  const earlier = await repository.findByIdempotencyKey(key);
  if (earlier) return sameRequest(earlier, fingerprint);
  if (!onward.targets.includes(service.system)) {
    throw new OnwardReferralNotAllowedError(referralId, `${service.kind} goes to ${service.system}, which this gateway is not connected to`, { system: service.system });
  }
  try {
    return await by.db.transaction(async (tx) => {
      const referral = await new ReferralRepository(tx).lockById(referralId);
      if (!referral) throw new NotFoundError('Referral', referralId);
      checkReferralStatus(referralId, referral.status);
      const made: OnwardReferralRecord = {
        id: randomUUID(),
        referralId,
        customerId: referral.customerId,
        kind: service.kind,
        serviceName: service.name,
        targetSystem: service.system,
        destination: service.destination,
        personRef: await personRefAt(tx, service.system, referral.customerId, referralId),
        reason,
        details,
        status: 'REQUESTED',
        targetReference: null,
        statusReason: null,
        madeBy: actorOf(by.viewer),
        madeAt: by.at,
        updatedAt: by.at,
      };
      await new OnwardReferralRepository(tx).insert(made, key, fingerprint);
      await new OutboxRepository(tx).enqueue(sendOnwardCall(made), by.at);
      await recordChange(tx, by, [referral.customerId]);
      return made;
    });
  } catch (error) {
    // The same key made by a request running at the same time: that onward referral is this one.
    const raced = await repository.findByIdempotencyKey(key);
    if (raced) return sameRequest(raced, fingerprint);
    throw error;
  }
}

/** Who the person is at the target: their record there, or their NHS number for community health. */
async function personRefAt(tx: SqlExecutor, system: OnwardTargetSystem, customerId: string, referralId: string): Promise<string> {
  const customers = new CustomerRepository(tx);
  if (system === 'COMMUNITY_HEALTH') {
    const [customer] = await customers.findByIds([customerId]);
    if (!customer?.nhsNumber) throw new OnwardReferralNotAllowedError(referralId, 'the person has no NHS number, which community health finds them by', { system });
    return customer.nhsNumber;
  }
  const identity = (await customers.identitiesOf([customerId])).find((candidate) => candidate.system === system);
  if (!identity) throw new OnwardReferralNotAllowedError(referralId, `the person has no record in ${system} to refer them to a team from`, { system });
  return identity.localId;
}

function sameRequest(earlier: { onward: OnwardReferralRecord; fingerprint: string }, fingerprint: string): OnwardReferralRecord {
  if (earlier.fingerprint !== fingerprint) {
    throw new BadInputError('idempotencyKey', 'was already used for a different onward referral: use a new key for a new one');
  }
  return earlier.onward;
}
