/**
 * A hospital spell's state is a fold over its events in event-time order, not
 * arrival order: an A13 that overtakes its A03, a message sent twice or an
 * A11 for an admission not yet seen all end in the state the in-order stream
 * would give. Pure; intake stores each event and folds the whole spell again
 * when one arrives.
 *
 * A second message about the same event (a second A03 for the visit, a new
 * A08) is a correction: the one recorded later (EVN-2, else MSH-7) is the
 * truth even when the time it reports is earlier, so it is folded after the
 * event it corrects. So is a cancel after what it cancels, and an event of
 * the kind recorded after a cancel (A03, A13, A03) is a new event after it.
 */
import type { DischargePathway } from '../generated/graphql.js';
import type { CalendarDay, Instant, SpellEvent, SpellEventKind } from './discharge-message.js';

export interface FoldableEvent {
  event: SpellEvent;
  /** When the sender made the message: orders events that occurred at the same instant. */
  sentAt: Instant;
  /** Any value fixed by the message's content (its body hash): the last tie-break, so arrival never decides. */
  tieBreak: string;
  messageId: string;
}

export interface SpellState {
  /** False while the spell has only cancels: there is nothing yet to refer. */
  opened: boolean;
  /** The admission was cancelled or the referral withdrawn, and not re-opened since. */
  withdrawn: boolean;
  /** A planned discharge (A16, ADW discharge notice) stands: what an A25 cancels. */
  dischargePlanned: boolean;
  withdrawalReason: string | null;
  ward: string | null;
  site: string | null;
  consultant: string | null;
  admittedAt: Instant | null;
  expectedDischargeOn: CalendarDay | null;
  dischargeReadyOn: CalendarDay | null;
  dischargedAt: Instant | null;
  dischargeMethod: string | null;
  dischargeDestination: string | null;
  pathway: DischargePathway | null;
  needsSummary: string | null;
  /** Cancels that found nothing to cancel: parked until what they cancel arrives. */
  parkedMessageIds: string[];
  /** Messages that correct an earlier message about the same event. */
  correctionMessageIds: string[];
}

const EMPTY: SpellState = {
  opened: false,
  withdrawn: false,
  dischargePlanned: false,
  withdrawalReason: null,
  ward: null,
  site: null,
  consultant: null,
  admittedAt: null,
  expectedDischargeOn: null,
  dischargeReadyOn: null,
  dischargedAt: null,
  dischargeMethod: null,
  dischargeDestination: null,
  pathway: null,
  needsSummary: null,
  parkedMessageIds: [],
  correctionMessageIds: [],
};

/**
 * The events a spell has one of at a time, and the cancels of each: an event
 * is folded no earlier than the last of its family recorded before it. After
 * one of its own kind it is a correction; after a cancel, a new event.
 * Transfers belong to none: two of them are two moves, not one corrected.
 */
const FAMILIES: Readonly<Partial<Record<SpellEventKind, string>>> = {
  ADMITTED: 'admission',
  ADMISSION_CANCELLED: 'admission',
  REFERRED: 'referral',
  WITHDRAWN: 'referral',
  DISCHARGE_PLANNED: 'planned discharge',
  DISCHARGE_PLAN_CANCELLED: 'planned discharge',
  DISCHARGED: 'discharge',
  DISCHARGE_CANCELLED: 'discharge',
  // Each A08 restates the spell as the PAS holds it now.
  UPDATED: 'restatement',
};

/** When the sender recorded the event: EVN-2, else when it made the message. */
function recordedAt({ event, sentAt }: FoldableEvent): Instant {
  return event.recordedAt ?? sentAt;
}

function compareTieBreaks(a: FoldableEvent, b: FoldableEvent): number {
  return compareText(a.sentAt, b.sentAt) || compareText(a.tieBreak, b.tieBreak) || compareText(a.messageId, b.messageId);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface Placed {
  foldable: FoldableEvent;
  /** Where the event is folded: when it happened, or just after the last of its family recorded before it. */
  foldAt: Instant;
  corrects: boolean;
}

/** The order the sender recorded events in; recorded at the same time, the order they say they happened in. */
function compareRecording(a: FoldableEvent, b: FoldableEvent): number {
  return compareText(recordedAt(a), recordedAt(b)) || compareText(a.event.occurredAt, b.event.occurredAt) || compareTieBreaks(a, b);
}

/** The message the sender recorded last of a spell's events: what it says of the person is the newest. */
export function lastRecorded(events: readonly FoldableEvent[]): FoldableEvent | undefined {
  return events.reduce<FoldableEvent | undefined>((last, each) => (last === undefined || compareRecording(each, last) > 0 ? each : last), undefined);
}

/** Places each event, walking them in the order the sender recorded them. */
function place(events: readonly FoldableEvent[]): Placed[] {
  const byRecording = [...events].sort(compareRecording);
  const lastOfFamily = new Map<string, Placed>();
  return byRecording.map((foldable) => {
    const { kind, occurredAt } = foldable.event;
    const family = FAMILIES[kind];
    const before = family === undefined ? undefined : lastOfFamily.get(family);
    const placed: Placed = {
      foldable,
      foldAt: before && before.foldAt > occurredAt ? before.foldAt : occurredAt,
      corrects: before?.foldable.event.kind === kind,
    };
    if (family !== undefined) lastOfFamily.set(family, placed);
    return placed;
  });
}

function comparePlaced(a: Placed, b: Placed): number {
  return (
    compareText(a.foldAt, b.foldAt) ||
    compareText(recordedAt(a.foldable), recordedAt(b.foldable)) ||
    compareTieBreaks(a.foldable, b.foldable)
  );
}

export function foldSpell(events: readonly FoldableEvent[]): SpellState {
  const placed = place(events).sort(comparePlaced);
  const state = placed.reduce((folded, { foldable }) => step(folded, foldable), EMPTY);
  return { ...state, correctionMessageIds: placed.filter((each) => each.corrects).map((each) => each.foldable.messageId) };
}

/** What each kind of event opens, or which earlier state it needs in order to cancel something. */
const OPENS: Readonly<Record<SpellEventKind, boolean>> = {
  ADMITTED: true,
  REFERRED: true,
  DISCHARGE_PLANNED: true,
  DISCHARGED: true,
  UPDATED: true,
  TRANSFERRED: true,
  WITHDRAWN: false,
  DISCHARGE_PLAN_CANCELLED: false,
  DISCHARGE_CANCELLED: false,
  ADMISSION_CANCELLED: false,
};

function step(state: SpellState, { event, messageId }: FoldableEvent): SpellState {
  const next = withDetails(state, event);
  next.opened = state.opened || OPENS[event.kind];
  switch (event.kind) {
    case 'ADMITTED':
      next.admittedAt = event.details.admittedAt ?? event.occurredAt;
      next.withdrawn = false;
      next.withdrawalReason = null;
      return next;
    case 'REFERRED':
      next.withdrawn = false;
      next.withdrawalReason = null;
      return next;
    case 'DISCHARGE_PLANNED':
      next.dischargePlanned = true;
      return next;
    case 'UPDATED':
    case 'TRANSFERRED':
      return next;
    case 'DISCHARGED':
      next.dischargedAt = event.details.dischargedAt ?? event.occurredAt;
      return next;
    case 'DISCHARGE_PLAN_CANCELLED':
      if (!state.dischargePlanned) return parked(state, messageId);
      next.dischargePlanned = false;
      next.expectedDischargeOn = null;
      return next;
    case 'DISCHARGE_CANCELLED':
      if (state.dischargedAt === null) return parked(state, messageId);
      next.dischargedAt = null;
      next.dischargeMethod = null;
      next.dischargeDestination = null;
      return next;
    case 'ADMISSION_CANCELLED':
    case 'WITHDRAWN':
      if (!state.opened) return parked(state, messageId);
      next.withdrawn = true;
      next.withdrawalReason = event.reason;
      return next;
  }
}

function parked(state: SpellState, messageId: string): SpellState {
  return { ...state, parkedMessageIds: [...state.parkedMessageIds, messageId] };
}

/**
 * Facts the event states, over what was known: a value replaces, null (HL7
 * `""`) clears, and a field left out says nothing. Translators leave out what
 * a message leaves empty, so an A13 that empties PV1-45 clears nothing; only
 * its kind cancels the discharge. Method and destination belong to a
 * discharge and come only with one.
 */
function withDetails(state: SpellState, event: SpellEvent): SpellState {
  const next = { ...state };
  const d = event.details;
  if (d.ward !== undefined) next.ward = d.ward;
  if (d.site !== undefined) next.site = d.site;
  if (d.consultant !== undefined) next.consultant = d.consultant;
  if (d.admittedAt !== undefined) next.admittedAt = d.admittedAt;
  if (d.expectedDischargeOn !== undefined) next.expectedDischargeOn = d.expectedDischargeOn;
  if (d.dischargeReadyOn !== undefined) next.dischargeReadyOn = d.dischargeReadyOn;
  if (d.dischargeMethod !== undefined && event.kind === 'DISCHARGED') next.dischargeMethod = d.dischargeMethod;
  if (d.dischargeDestination !== undefined && event.kind === 'DISCHARGED') next.dischargeDestination = d.dischargeDestination;
  if (d.pathway !== undefined) next.pathway = d.pathway;
  if (d.needsSummary !== undefined) next.needsSummary = d.needsSummary;
  return next;
}
