/**
 * Applies a translated hospital message inside the inbox's transaction: the
 * person becomes a customer, and a spell event is stored and its spell
 * folded again, creating or updating the spell's referral with a history
 * step that names the message. Hub decisions stay the hub's: the hospital
 * can only withdraw a referral or undo its own withdrawal.
 */
import { randomUUID } from 'node:crypto';
import { AuditLog } from '../audit/audit-log.js';
import type { Viewer } from '../auth/viewer.js';
import { CustomerRepository } from '../customers/customer-repository.js';
import { resolveCustomer } from '../customers/resolve-customer.js';
import type { ApplyContext, MessageApplier } from '../inbox/inbox.js';
import { InboxRepository } from '../inbox/inbox-repository.js';
import type { SqlExecutor } from '../store/database.js';
import type { DischargeMessage, PersonIdentifier } from './discharge-message.js';
import { feedActor } from './feed-actor.js';
import type { ReferralEventRecord, ReferralRecord } from './referral.js';
import { ReferralRepository } from './referral-repository.js';
import { applyReferralCommand, isOpen, receiveReferral, type ReferralTransition } from './referral-state-machine.js';
import { SpellEventRepository } from './spell-event-repository.js';
import { foldSpell, type SpellState } from './spell-fold.js';

export const applyDischargeMessage: MessageApplier = async (tx, message, context) => {
  const changed = await applyMessage(tx, message, context);
  await new AuditLog(tx).record({
    at: context.at,
    requestId: context.messageId,
    viewer: feedViewer(message.header.senderOdsCode),
    operation: `feed ${message.header.messageType}`,
    action: 'CHANGE',
    customerIds: changed.customerIds,
  });
  return changed.status;
};

type Applied = { status: 'APPLIED' | 'PARKED'; customerIds: string[] };

async function applyMessage(tx: SqlExecutor, message: DischargeMessage, context: ApplyContext): Promise<Applied> {
  switch (message.kind) {
    case 'PERSON_UPDATE': {
      const { customerId } = await resolveCustomer(tx, message.person, null, context.at);
      return { status: 'APPLIED', customerIds: [customerId] };
    }
    case 'PERSON_MERGE':
      return mergeCustomers(tx, message, context);
    case 'SPELL_EVENT':
      return applySpellEvent(tx, message, context);
  }
}

async function applySpellEvent(
  tx: SqlExecutor,
  message: Extract<DischargeMessage, { kind: 'SPELL_EVENT' }>,
  context: ApplyContext,
): Promise<Applied> {
  const trust = message.header.senderOdsCode;
  const { spellId } = message.event;
  const spells = new SpellEventRepository(tx);
  await spells.lockSpell(trust, spellId);
  await spells.put({
    messageId: context.messageId,
    sender: trust,
    sentAt: message.header.sentAt,
    tieBreak: context.tieBreak,
    event: message.event,
  });
  const events = await spells.ofSpell(trust, spellId);
  const state = foldSpell(events);
  const others = events.map((e) => e.messageId).filter((id) => id !== context.messageId);
  await new InboxRepository(tx).setParked(
    others.filter((id) => !state.opened || state.parkedMessageIds.includes(id)),
    others.filter((id) => state.opened && !state.parkedMessageIds.includes(id)),
    context.at,
  );
  if (!state.opened) return { status: 'PARKED', customerIds: [] };

  const referrals = new ReferralRepository(tx);
  const existing = await referrals.findBySpell(trust, spellId, true);
  const customer = await resolveCustomer(tx, message.person, { system: `SPELL:${trust}`, value: spellId }, context.at);
  const fields = fieldsFromSpell(state, existing);
  const step = {
    hospitalEvent: message.event.kind,
    inboxMessageId: context.messageId,
  } satisfies Partial<ReferralEventRecord>;
  const actor = feedActor(trust);
  const reason = message.event.reason;
  const history: ReferralTransition[] = [];
  if (!existing) {
    history.push(
      receiveReferral(
        {
          id: randomUUID(),
          customerId: customer.customerId,
          source: 'HOSPITAL_DISCHARGE',
          referringTrustOdsCode: trust,
          priority: null,
          risks: { flags: [], notes: null },
          assignedTeam: null,
          assignedWorker: null,
          ...fields,
          hospitalSpell: { ...fields.hospitalSpell, spellId },
          referredPerson: message.person,
          identityLink: customer.link,
          businessResponseTo: message.header.businessResponse ?? null,
        },
        actor,
        context.at,
      ),
    );
  } else {
    const referral: ReferralRecord = {
      ...existing,
      ...fields,
      hospitalSpell: { ...fields.hospitalSpell, spellId },
      referredPerson: message.person,
      businessResponseTo: message.header.businessResponse ?? existing.businessResponseTo,
      updatedAt: context.at,
    };
    history.push({
      referral,
      event: {
        referralId: referral.id,
        action: 'HOSPITAL_UPDATE',
        fromStatus: referral.status,
        toStatus: referral.status,
        at: context.at,
        by: actor,
        reason,
        hospitalEvent: null,
        inboxMessageId: null,
      },
    });
  }
  const current = history.at(-1)!.referral;
  if (state.withdrawn && isOpen(current.status)) {
    history.push(applyReferralCommand(current, { kind: 'withdraw', reason: state.withdrawalReason ?? 'withdrawn by the hospital' }, actor, context.at));
  } else if (!state.withdrawn && current.status === 'WITHDRAWN') {
    history.push(applyReferralCommand(current, { kind: 'reinstate', reason: reason ?? 're-opened by the hospital' }, actor, context.at));
  }
  // A status change replaces the bare update step: one history step per message.
  const steps = existing && history.length > 1 ? history.slice(1) : history;
  const final = history.at(-1)!.referral;
  if (existing) {
    await referrals.update(final);
    for (const { event } of steps) await referrals.appendEvent({ ...event, ...step });
  } else {
    await referrals.insertMany([final], steps.map(({ event }) => ({ ...event, ...step })));
  }
  return {
    status: state.parkedMessageIds.includes(context.messageId) ? 'PARKED' : 'APPLIED',
    customerIds: [final.customerId],
  };
}

/** The referral's fields the hospital owns, from the fold; a pathway the hub has set is the hub's. */
function fieldsFromSpell(state: SpellState, existing: ReferralRecord | null) {
  return {
    ward: state.ward,
    admittedAt: toDate(state.admittedAt),
    expectedDischargeOn: state.expectedDischargeOn,
    dischargeReadyOn: state.dischargeReadyOn,
    dischargedAt: toDate(state.dischargedAt),
    pathway: existing?.triage ? existing.pathway : state.pathway,
    needsSummary: state.needsSummary ?? existing?.needsSummary ?? null,
    hospitalSpell: {
      site: state.site,
      consultant: state.consultant,
      dischargeMethod: state.dischargeMethod,
      dischargeDestination: state.dischargeDestination,
    },
  };
}

function toDate(instant: string | null): Date | null {
  return instant === null ? null : new Date(instant);
}

/**
 * A40: the identities in `mergedFrom` were the same person as `person`. Their
 * customers' referrals and links move to the survivor, each referral with a
 * history step; the emptied customer record stays for the audit trail.
 */
async function mergeCustomers(
  tx: SqlExecutor,
  message: Extract<DischargeMessage, { kind: 'PERSON_MERGE' }>,
  context: ApplyContext,
): Promise<Applied> {
  const survivor = await resolveCustomer(tx, message.person, null, context.at);
  const customers = new CustomerRepository(tx);
  const referrals = new ReferralRepository(tx);
  const merged = new Set<string>();
  for (const identifier of message.mergedFrom) {
    const from = await customerOf(customers, identifier);
    if (from === null || from === survivor.customerId) continue;
    merged.add(from);
    await customers.moveIdentities(from, survivor.customerId);
    for (const referral of await referrals.lockByCustomer(from)) {
      await referrals.update({ ...referral, customerId: survivor.customerId, updatedAt: context.at });
      await referrals.appendEvent({
        referralId: referral.id,
        action: 'CUSTOMER_MERGED',
        fromStatus: referral.status,
        toStatus: referral.status,
        at: context.at,
        by: feedActor(message.header.senderOdsCode),
        reason: `merged into customer ${survivor.customerId}`,
        hospitalEvent: 'MERGED',
        inboxMessageId: context.messageId,
      });
    }
  }
  return { status: 'APPLIED', customerIds: [survivor.customerId, ...merged] };
}

async function customerOf(customers: CustomerRepository, identifier: PersonIdentifier): Promise<string | null> {
  if (identifier.system === 'NHS') return (await customers.findByNhsNumber(identifier.value))?.id ?? null;
  return (await customers.findIdentity(identifier.system, identifier.value))?.customerId ?? null;
}

function feedViewer(trustOdsCode: string): Viewer {
  const actor = feedActor(trustOdsCode);
  return { subject: actor.subject, name: actor.name, role: actor.role, trustOdsCode };
}
