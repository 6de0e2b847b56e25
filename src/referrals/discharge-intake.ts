/**
 * Applies translated hospital messages inside the inbox's transaction: each
 * person becomes a customer, and each spell event is stored and its spell
 * folded again, creating or updating the spell's referral with one history
 * step per message that names it. Hub decisions stay the hub's: the hospital
 * can only withdraw a referral or undo its own withdrawal. A trust speaks
 * only for itself: its identifiers are its own namespace's, its changes to a
 * person it does not own wait for the hub (resolve-customer.ts), and its
 * merges move only what is wholly its own (merge-rules.ts).
 *
 * A batch is applied set-wise: its spells are locked, read and written in a
 * few statements whatever its size, while each message is still folded in
 * the order it came, so a batch ends exactly where one-at-a-time would.
 */
import { randomUUID } from 'node:crypto';
import { recordLooksInto, type AuditLook } from '../audit/audit-log.js';
import type { Viewer } from '../auth/viewer.js';
import { isTrustsOwnSystem, spellIdentifierSystem } from '../customers/identifier-namespaces.js';
import { moveReferralsToCustomer } from '../customers/merge-customers.js';
import { PersonUpdateReviewRepository } from '../customers/person-update-review-repository.js';
import { applyTrustMerge } from '../customers/trust-merge.js';
import type { DeathReport } from '../customers/deaths.js';
import { CustomerResolver, personLockNames, resolveCustomer, type CustomerRequest, type LinkMove, type ResolvedCustomer } from '../customers/resolve-customer.js';
import { lockNames } from '../store/advisory-locks.js';
import { FeedMessageError } from '../inbox/feed-message-error.js';
import type { AppliedOutcome, ApplyEntry, MessageApplier } from '../inbox/inbox.js';
import { setParkedInto } from '../inbox/inbox-repository.js';
import { enqueueInto, type NewOutboxCall } from '../outbox/outbox-repository.js';
import { answerForDecidedReferral } from './business-response.js';
import { CombinedRead } from '../store/combined-read.js';
import { CombinedWrite } from '../store/combined-write.js';
import type { SqlExecutor } from '../store/database.js';
import type { DischargeMessage, PersonIdentifier, SpellEventKind } from './discharge-message.js';
import { personDiedStep, stepOpenReferrals } from './death-steps.js';
import { feedActor } from './feed-actor.js';
import type { ReferralEventRecord, ReferralRecord } from './referral.js';
import { lockReferralsBySpellsInto, saveReferralsInto } from './referral-repository.js';
import { applyReferralCommand, isOpen, receiveReferral, type ReferralTransition } from './referral-state-machine.js';
import { putSpellEventsInto, readSpellEventsInto, spellKeyText, spellLockName, type SpellKey } from './spell-event-repository.js';
import { foldSpell, lastRecorded, type FoldableEvent, type SpellState } from './spell-fold.js';
import { personWarningNote } from './person-warnings.js';
import { referredPersonAfter } from './referred-person.js';

type SpellEntry = ApplyEntry & { message: Extract<DischargeMessage, { kind: 'SPELL_EVENT' }> };
type Outcomes = Map<string, AppliedOutcome>;

/** What the inbox notes on a message whose person's difference waits for the hub. */
const OFFERED_NOTE = 'the person differs from a customer record the trust does not own: offered to the hub as a person update review';
function joinNotes(...notes: (string | null)[]): string | null {
  const said = notes.filter((note): note is string => note !== null);
  return said.length > 0 ? said.join('; ') : null;
}

/** Why a referral moved customer when its trust's identifier proved to be someone else's. */
const PROVED_ELSEWHERE = "the trust's verified NHS number shows the patient is another customer";

export const applyDischargeMessages: MessageApplier = async (tx, entries, at, write) => {
  for (const { message } of entries) checkIdentifiersAreSenders(message);
  const outcomes: Outcomes = new Map();
  const looks: AuditLook[] = [];
  const audit = (entry: ApplyEntry, customerIds: string[]) =>
    looks.push({
      at,
      requestId: entry.messageId,
      viewer: feedViewer(entry.message.header.senderOdsCode),
      operation: `feed ${entry.message.header.messageType}`,
      action: 'CHANGE',
      purpose: 'FEED',
      customerIds,
    });
  // Demographic updates and merges are rare: one at a time, before the batch's spells.
  for (const entry of entries) {
    const { message } = entry;
    if (message.kind === 'PERSON_UPDATE') {
      const resolved = await resolveCustomer(tx, customerRequestOf(entry, null), at);
      await followMovedLinks(tx, resolved.moves, at);
      await tellOpenReferralsNow(tx, resolved, at);
      audit(entry, [resolved.customerId, ...resolved.moves.map((move) => move.from)]);
      outcomes.set(entry.messageId, { status: 'APPLIED', note: joinNotes(personWarningNote(message.person), resolved.offered ? OFFERED_NOTE : null) });
    } else if (message.kind === 'PERSON_MERGE') {
      const { survivor, mergedAway, held } = await applyTrustMerge(tx, message, entry.messageId, at);
      await followMovedLinks(tx, survivor.moves, at);
      await tellOpenReferralsNow(tx, survivor, at);
      audit(entry, [survivor.customerId, ...mergedAway]);
      const notes = [
        personWarningNote(message.person),
        ...held.map(({ shown, reviewId, heldBecause }) => `the merge of ${shown.system} ${shown.value} waits for identity review ${reviewId} (${heldBecause.join(', ')}); nothing was moved`),
        survivor.offered ? OFFERED_NOTE : null,
      ];
      outcomes.set(entry.messageId, { status: 'APPLIED', note: joinNotes(...notes) });
    }
  }
  const spellEntries = entries.filter((entry): entry is SpellEntry => entry.message.kind === 'SPELL_EVENT');
  if (spellEntries.length > 0) await applySpellEvents(tx, write, spellEntries, at, outcomes, audit);
  recordLooksInto(write, looks);
  return outcomes;
};

/** A death a person's message recorded, told to the customer's open referrals at once (spells later in the batch read them after). */
async function tellOpenReferralsNow(tx: SqlExecutor, resolved: ResolvedCustomer, at: Date): Promise<void> {
  if (resolved.diedNow === null) return;
  const { referrals, events } = await stepOpenReferrals(tx, new Map([[resolved.customerId, resolved.diedNow]]), at);
  const write = new CombinedWrite();
  await saveReferralsInto(tx, write, [], referrals, events);
  await write.run(tx);
}

/**
 * Every identifier a message carries must be in its sender's own namespace:
 * the adapters put them there, and this keeps a mistake in one from letting
 * a trust link through another's identifiers.
 */
function checkIdentifiersAreSenders(message: DischargeMessage): void {
  const sender = message.header.senderOdsCode;
  const named = [...message.person.localIds, ...(message.kind === 'PERSON_MERGE' ? message.mergedFrom : [])];
  const foreign = named.find(({ system }) => system !== 'NHS' && !isTrustsOwnSystem(system, sender));
  if (foreign) {
    throw new FeedMessageError('REFUSE', { path: 'person identifiers' }, `identifier system ${foreign.system} is not ${sender}'s own`, '204');
  }
}

function spellKeyOf({ message }: SpellEntry): SpellKey {
  return { sender: message.header.senderOdsCode, spellId: message.event.spellId };
}

function foldable(entry: SpellEntry): FoldableEvent {
  return { messageId: entry.messageId, sentAt: entry.message.header.sentAt, tieBreak: entry.tieBreak, event: entry.message.event };
}

/**
 * Four round trips whatever the batch: lock its spells and persons, read
 * everything it needs in one statement, decide in memory message by message,
 * and hand every write to the inbox's closing statement.
 */
async function applySpellEvents(
  tx: SqlExecutor,
  write: CombinedWrite,
  entries: readonly SpellEntry[],
  at: Date,
  outcomes: Outcomes,
  audit: (entry: ApplyEntry, customerIds: string[]) => void,
): Promise<void> {
  const bySpell = new Map<string, SpellEntry[]>();
  for (const entry of entries) {
    const key = spellKeyText(spellKeyOf(entry));
    bySpell.set(key, [...(bySpell.get(key) ?? []), entry]);
  }
  const keys = [...bySpell.values()].map((group) => spellKeyOf(group[0]!));
  const requests = entries.map(spellCustomerRequest);
  await lockNames(tx, [...keys.map(spellLockName), ...personLockNames(requests)]);
  const read = new CombinedRead();
  const stored = readSpellEventsInto(read, keys);
  const existing = lockReferralsBySpellsInto(read, keys);
  const resolver = CustomerResolver.loadInto(read, requests);
  await read.run(tx);
  const customers = resolver();

  const created = new Map<string, ReferralRecord>();
  const changed = new Map<string, ReferralRecord>();
  const events: [ReferralEventRecord, number][] = [];
  const notes = new Map<string, string>();
  const parkedPrior = new Set<string>();
  const appliedPrior = new Set<string>();
  const answers: NewOutboxCall[] = [];
  /** Deaths the batch recorded on customers who had none, whose other open referrals are stepped at the end. */
  const died = new Map<string, DeathReport>();
  for (const [key, group] of bySpell) {
    const inBatch = new Set(group.map((entry) => entry.messageId));
    // A replayed message's own earlier event is replaced by this one.
    const prior = (stored().get(key) ?? []).filter((event) => !inBatch.has(event.messageId));
    const seen: FoldableEvent[] = [...prior];
    const found = existing().get(key);
    let current = found?.referral ?? null;
    let sequence = found?.lastSequence ?? 0;
    let state: SpellState | null = null;
    for (const entry of group) {
      // Each message's step: the spell folded over what came before it and the message itself.
      seen.push(foldable(entry));
      state = foldSpell(seen);
      if (!state.opened) continue;
      const customer = customers.resolve(spellCustomerRequest(entry), at);
      if (customer.offered) notes.set(entry.messageId, OFFERED_NOTE);
      // The spell's referral follows its person when the trust's identifier proved to be another customer's.
      if (current && customer.moves.some((move) => current!.customerId === move.from && sameIdentifier(move.link, current!.identityLink))) {
        const moved: ReferralRecord = { ...current, customerId: customer.customerId, updatedAt: at };
        const step = { referralId: current.id, action: 'CUSTOMER_CHANGED' as const, fromStatus: current.status, toStatus: current.status, at, by: feedActor(entry.message.header.senderOdsCode), reason: PROVED_ELSEWHERE };
        events.push([{ ...step, hospitalEvent: entry.message.event.kind, inboxMessageId: entry.messageId }, ++sequence]);
        current = moved;
        (found ? changed : created).set(current.id, current);
      }
      const step = spellStep(current, state, entry, lastRecorded(seen)?.messageId === entry.messageId, customer, at);
      for (const { event } of step.history) {
        events.push([{ ...event, hospitalEvent: entry.message.event.kind, inboxMessageId: entry.messageId }, ++sequence]);
      }
      current = step.referral;
      if (customer.diedNow !== null) {
        died.set(customer.customerId, customer.diedNow);
        if (isOpen(current.status)) {
          const told = personDiedStep(current, customer.diedNow, at);
          events.push([{ ...told.event, hospitalEvent: entry.message.event.kind }, ++sequence]);
          current = told.referral;
        }
      }
      (found ? changed : created).set(current.id, current);
      if (entry.message.header.businessResponse) {
        const answer = answerForDecidedReferral(current);
        if (answer) answers.push(answer);
      }
      // Whoever the trust's identifiers moved away from was changed too.
      audit(entry, [current.customerId, ...customer.moves.map((move) => move.from)]);
    }
    // Where the spell ends decides which of its messages still wait: a later cancel's target may have come.
    const final = state!;
    const waiting = (id: string) => !final.opened || final.parkedMessageIds.includes(id);
    for (const { messageId, message } of group) {
      outcomes.set(messageId, { status: waiting(messageId) ? 'PARKED' : 'APPLIED', note: joinNotes(personWarningNote(message.person), notes.get(messageId) ?? null) });
    }
    for (const { messageId, status } of prior) {
      if (waiting(messageId) && status === 'APPLIED') parkedPrior.add(messageId);
      if (!waiting(messageId) && status === 'PARKED') appliedPrior.add(messageId);
    }
  }
  putSpellEventsInto(write, entries.map((entry) => ({ ...foldable(entry), sender: entry.message.header.senderOdsCode })));
  const moves = customers.linkMoves;
  if (moves.length === 0) customers.saveInto(write, at);
  else {
    // Rare: the customers are written first, so that other spells' referrals can follow their moved identifiers to them now.
    const first = new CombinedWrite();
    customers.saveInto(first, at);
    await first.run(tx);
    await followMovedLinks(tx, moves, at, new Set([...created.keys(), ...changed.keys()]));
  }
  await stepOtherOpenReferrals(tx, died, created, changed, events, at);
  await saveReferralsInto(tx, write, [...created.values()], [...changed.values()], events);
  setParkedInto(write, parkedPrior, appliedPrior, at);
  enqueueInto(write, answers, at);
}

/**
 * The open referrals of customers the batch found dead that its own messages
 * did not step: the batch's other spells' (in memory), and the rest (read
 * and locked now; rare, so the extra round trip is only then).
 */
async function stepOtherOpenReferrals(
  tx: SqlExecutor,
  died: ReadonlyMap<string, DeathReport>,
  created: Map<string, ReferralRecord>,
  changed: Map<string, ReferralRecord>,
  events: [ReferralEventRecord, number][],
  at: Date,
): Promise<void> {
  if (died.size === 0) return;
  const stepped = new Set(events.filter(([event]) => event.action === 'PERSON_DIED').map(([event]) => event.referralId));
  for (const referrals of [created, changed]) {
    for (const referral of referrals.values()) {
      const report = died.get(referral.customerId);
      if (report === undefined || stepped.has(referral.id) || !isOpen(referral.status)) continue;
      const last = Math.max(...events.filter(([event]) => event.referralId === referral.id).map(([, sequence]) => sequence));
      const told = personDiedStep(referral, report, at);
      events.push([told.event, last + 1]);
      referrals.set(referral.id, told.referral);
    }
  }
  const others = await stepOpenReferrals(tx, died, at, [...created.keys(), ...changed.keys()]);
  for (const referral of others.referrals) changed.set(referral.id, referral);
  events.push(...others.events);
}

/** The referrals of other spells that came through identifiers proved to be other customers' follow them (the batch's own are moved in memory). */
async function followMovedLinks(tx: SqlExecutor, moves: readonly LinkMove[], at: Date, inBatch: ReadonlySet<string> = new Set()): Promise<void> {
  for (const move of moves) {
    const step = { by: feedActor(move.sender), at, reason: PROVED_ELSEWHERE, inboxMessageId: move.messageId };
    await moveReferralsToCustomer(tx, move.link, move.to, step, inBatch);
    await new PersonUpdateReviewRepository(tx).withdrawSentThrough(move.from, move.sender, move.link, at);
  }
}

function sameIdentifier(a: PersonIdentifier, b: PersonIdentifier | null): boolean {
  return b !== null && a.system === b.system && a.value === b.value;
}

function customerRequestOf({ message, messageId }: ApplyEntry, fallbackLink: PersonIdentifier | null): CustomerRequest {
  return { person: message.person, fallbackLink, sender: message.header.senderOdsCode, messageId, sentAt: message.header.sentAt };
}

/** Events that show the person alive when they happened: a death the trust reported before one is contradicted. */
const SIGNS_OF_LIFE: ReadonlySet<SpellEventKind> = new Set(['ADMITTED', 'REFERRED', 'DISCHARGE_PLANNED', 'TRANSFERRED']);

function spellCustomerRequest(entry: SpellEntry): CustomerRequest {
  const { header, event } = entry.message;
  return {
    ...customerRequestOf(entry, { system: spellIdentifierSystem(header.senderOdsCode), value: event.spellId }),
    aliveAt: SIGNS_OF_LIFE.has(event.kind) ? event.occurredAt : null,
  };
}

/**
 * One message's effect on its spell's referral: the referral made (RECEIVED)
 * or brought up to date (HOSPITAL_UPDATE, or HOSPITAL_CORRECTION for a
 * message correcting an earlier one about the same event), withdrawn or reinstated as the
 * fold says. A status change replaces the bare update: one step per message.
 */
function spellStep(
  current: ReferralRecord | null,
  state: SpellState,
  entry: SpellEntry,
  isNewest: boolean,
  customer: { customerId: string; link: PersonIdentifier | null },
  at: Date,
): { referral: ReferralRecord; history: ReferralTransition[] } {
  const { message } = entry;
  const trust = message.header.senderOdsCode;
  const actor = feedActor(trust);
  const reason = message.event.reason;
  const spellFields = fieldsFromSpell(state, current);
  const fields = {
    ...spellFields,
    hospitalSpell: { ...spellFields.hospitalSpell, spellId: message.event.spellId },
    referredPerson: referredPersonAfter(current?.referredPerson ?? null, message.person, isNewest),
    businessResponseTo: message.header.businessResponse ?? current?.businessResponseTo ?? null,
  };
  const history: ReferralTransition[] = [];
  if (current === null) {
    history.push(
      receiveReferral(
        {
          id: randomUUID(),
          customerId: customer.customerId,
          source: 'HOSPITAL_DISCHARGE',
          referringTrustOdsCode: trust,
          referrer: null,
          priority: null,
          risks: { flags: [], notes: null },
          assignedTeam: null,
          assignedWorker: null,
          identityLink: customer.link,
          ...fields,
        },
        actor,
        at,
      ),
    );
  } else {
    const referral: ReferralRecord = { ...current, ...fields, updatedAt: at };
    const action = state.correctionMessageIds.includes(entry.messageId) ? 'HOSPITAL_CORRECTION' : 'HOSPITAL_UPDATE';
    history.push({
      referral,
      event: { referralId: referral.id, action, fromStatus: referral.status, toStatus: referral.status, at, by: actor, reason, hospitalEvent: null, inboxMessageId: null },
    });
  }
  const latest = history.at(-1)!.referral;
  if (state.withdrawn && isOpen(latest.status)) {
    history.push(applyReferralCommand(latest, { kind: 'withdraw', reason: state.withdrawalReason ?? 'withdrawn by the hospital' }, actor, at));
  } else if (!state.withdrawn && latest.status === 'WITHDRAWN') {
    history.push(applyReferralCommand(latest, { kind: 'reinstate', reason: reason ?? 're-opened by the hospital' }, actor, at));
  }
  const steps = current !== null && history.length > 1 ? history.slice(1) : history;
  return { referral: history.at(-1)!.referral, history: steps };
}

/** The referral's fields the hospital owns, from the fold; a pathway the hub has set is the hub's. */
function fieldsFromSpell(state: SpellState, current: ReferralRecord | null) {
  return {
    ward: state.ward,
    admittedAt: toDate(state.admittedAt),
    expectedDischargeOn: state.expectedDischargeOn,
    dischargeReadyOn: state.dischargeReadyOn,
    dischargedAt: toDate(state.dischargedAt),
    pathway: current?.triage ? current.pathway : state.pathway,
    needsSummary: state.needsSummary ?? current?.needsSummary ?? null,
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

function feedViewer(trustOdsCode: string): Viewer {
  const actor = feedActor(trustOdsCode);
  return { subject: actor.subject, name: actor.name, role: actor.role, trustOdsCode };
}
