/**
 * The hospital spell event a message carries, from EVN, PV1, PV2 and the
 * fields the sender's profile points at.
 *
 * HL7 v2 tells "not said" from "cleared" (v2.x 2.5.3): an empty field says
 * nothing and becomes undefined, so the fold keeps what an earlier event
 * said; `""` clears the value and becomes null.
 */
import {
  MAX_IDENTIFIER_LENGTH,
  type DischargePathway,
  type Instant,
  type SpellDetails,
  type SpellEvent,
  type SpellEventKind,
} from '../../../src/referrals/ports.js';
import { FeedMessageError, type MessageLocation } from '../../../src/inbox/ports.js';
import type { FieldPointer, SenderProfile } from '../sender-profile.js';
import { HL7_NULL, type Hl7Message, type Hl7Segment } from './er7.js';
import { readPointedField, type PointedValue } from './field-pointer.js';
import { parseHl7Date, parseHl7Timestamp } from './hl7-time.js';
import { describeDischargeCode, DISCHARGE_DESTINATIONS, DISCHARGE_METHODS } from './itk-codes.js';

/** A cancel says what it undoes, not new facts about the spell: it carries where the person is and why, nothing else. */
const CANCELS: ReadonlySet<SpellEventKind> = new Set(['DISCHARGE_PLAN_CANCELLED', 'DISCHARGE_CANCELLED', 'ADMISSION_CANCELLED']);

/** `1`, `P1`, `PATHWAY_1`, `Pathway 1`. */
const PATHWAY = /^(?:PATHWAY|P)?[\s_-]*([0-3])$/i;

export function readSpellEvent(message: Hl7Message, kind: SpellEventKind, profile: SenderProfile, sentAt: Instant): SpellEvent {
  const pv1 = message.segment('PV1');
  if (pv1 === undefined) throw new FeedMessageError('FAIL', { path: 'PV1', hl7: { segment: 'PV1' } }, `a ${kind} event needs a PV1 segment`, '100');
  const found = readSpellId(message, pv1, profile);
  if (found === null) {
    const where = profile.spellIdField ? `PV1-19, nor where the sender profile's spellIdField points` : 'PV1-19';
    throw new FeedMessageError('FAIL', pv1.location(19), `the spell has no visit number (${where})`, '101');
  }
  const { value: spellId, location } = found;
  if (spellId.length > MAX_IDENTIFIER_LENGTH) {
    throw new FeedMessageError('FAIL', location, `the visit number is ${spellId.length} characters, over the ${MAX_IDENTIFIER_LENGTH} the gateway keeps`, '102');
  }
  const pv2 = message.segment('PV2');
  const details: SpellDetails = {
    ward: stated(wardField(pv1, profile), (ward) => ward),
    site: stated(pv1.value(3, 4), (site) => site),
    consultant: readConsultant(pv1),
  };
  if (!CANCELS.has(kind)) {
    details.admittedAt = stated(pv1.value(44), (value) => parseHl7Timestamp(value, pv1.location(44)));
    details.expectedDischargeOn = pv2 && stated(pv2.value(9), (value) => parseHl7Date(value, pv2.location(9)));
    details.pathway = readPointed(message, profile.pathwayField, parsePathway);
    details.dischargeReadyOn = readPointed(message, profile.dischargeReadyField, parseHl7Date);
  }
  if (kind === 'DISCHARGED') {
    details.dischargedAt = stated(pv1.value(45), (value) => parseHl7Timestamp(value, pv1.location(45)));
    details.dischargeMethod = stated(pv1.value(36), (code) => describeDischargeCode(code, DISCHARGE_METHODS, profile.dischargeCodes));
    details.dischargeDestination = stated(pv1.value(37), (code) => describeDischargeCode(code, DISCHARGE_DESTINATIONS, profile.dischargeCodes));
  }
  return {
    spellId,
    kind,
    occurredAt: occurredAt(message, kind, pv1, sentAt),
    ...recordedAt(message),
    details: withoutUnsaid(details),
    reason: CANCELS.has(kind) && pv2 ? readReason(pv2) : null,
  };
}

/**
 * PV1-19.1, the visit number; where a PAS leaves it empty, the place its
 * profile's `spellIdField` names (PV1-50 alternate visit id, PID-18 account
 * number). Every event reads it alike, cancels too, so that a cancel finds
 * the spell it undoes. Null where neither holds one.
 */
export function readSpellId(message: Hl7Message, pv1: Hl7Segment, profile: SenderProfile): PointedValue | null {
  const visit = { value: pv1.value(19, 1).trim(), location: pv1.location(19, 1, 1) };
  const pointed = profile.spellIdField && readPointedField(message, profile.spellIdField);
  for (const candidate of [visit, pointed]) {
    const value = candidate ? candidate.value.trim() : '';
    if (candidate && value !== '' && value !== HL7_NULL) return { value, location: candidate.location };
  }
  return null;
}

/**
 * PV1-3.1, the point of care, is the ward; where it is empty or is the
 * trust's own ODS code (as in the ITK examples, `RCB^MATWRD^Bed 3^RCB55`) it
 * names no ward, and the room, PV1-3.2, is the ward.
 */
function wardField(pv1: Hl7Segment, profile: SenderProfile): string {
  const pointOfCare = pv1.value(3, 1);
  return pointOfCare === '' || pointOfCare === profile.trustOdsCode ? pv1.value(3, 2) : pointOfCare;
}

function stated<T>(value: string, read: (value: string) => T): T | null | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (trimmed === HL7_NULL) return null;
  return read(trimmed);
}

function withoutUnsaid(details: SpellDetails): SpellDetails {
  return Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined));
}

/** The consultant in charge: PV1-7 (attending doctor), else PV1-9 (consulting doctor), as `Dr Samuel Darwin`. */
function readConsultant(pv1: Hl7Segment): string | null | undefined {
  const field = pv1.raw(7) !== '' ? 7 : 9;
  const xcn = pv1.repetitions(field)[0];
  if (xcn === undefined) return undefined;
  if (xcn.component(1) === HL7_NULL) return null;
  const name = [xcn.component(6), xcn.component(3), xcn.component(2)].map((part) => part.trim()).filter((part) => part !== '').join(' ');
  return name || xcn.component(1).trim() || undefined;
}

function readPointed<T>(message: Hl7Message, pointer: FieldPointer | null, read: (value: string, location: MessageLocation) => T): T | null | undefined {
  const pointed = pointer && readPointedField(message, pointer);
  return pointed ? stated(pointed.value, (value) => read(value, pointed.location)) : undefined;
}

function parsePathway(value: string, location: MessageLocation): DischargePathway {
  const pathway = PATHWAY.exec(value)?.[1];
  if (pathway === undefined) throw new FeedMessageError('FAIL', location, `\`${value}\` is not a discharge pathway (0 to 3, as 1, P1, PATHWAY_1 or Pathway 1)`, '103');
  return `PATHWAY_${pathway}` as DischargePathway;
}

/** PV2-4: Epic and others give a cancel's reason here, as code^text. */
function readReason(pv2: Hl7Segment): string | null {
  const reason = pv2.value(4, 2).trim() || pv2.value(4, 1).trim();
  return reason === '' || reason === HL7_NULL ? null : reason;
}

/** EVN-2, when the PAS recorded the event: of two messages about one event, the later recorded corrects the other. */
function recordedAt(message: Hl7Message): { recordedAt?: Instant } {
  const evn = message.segment('EVN');
  const recorded = evn && stated(evn.value(2), (value) => parseHl7Timestamp(value, evn.location(2)));
  return recorded ? { recordedAt: recorded } : {};
}

/** EVN-6 (when it happened), else the spell's own admit or discharge time for those events, else EVN-2 (when it was recorded), else MSH-7. */
function occurredAt(message: Hl7Message, kind: SpellEventKind, pv1: Hl7Segment, sentAt: Instant): Instant {
  const evn = message.segment('EVN');
  const ownTime = kind === 'DISCHARGED' ? 45 : kind === 'ADMITTED' ? 44 : undefined;
  const candidates: [Hl7Segment | undefined, number | undefined][] = [
    [evn, 6],
    [pv1, ownTime],
    [evn, 2],
  ];
  for (const [segment, field] of candidates) {
    if (segment === undefined || field === undefined) continue;
    const time = stated(segment.value(field), (value) => parseHl7Timestamp(value, segment.location(field)));
    if (time) return time;
  }
  return sentAt;
}
