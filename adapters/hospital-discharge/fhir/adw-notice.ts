/**
 * A Care Act 2014 Schedule 3 notice (ADW, DSTU2) as a spell event. The
 * ReferralRequest's identifier is the same on every notice about one
 * referral ("the value of this identifier will be the same across all
 * referrals to tie all these together"), so it is the spell id.
 *
 * The event time is MessageHeader.timestamp: ADW maps "Notice issued date"
 * to it, and what the Act counts from is when a notice is given. The
 * Encounter's period.end is the proposed discharge day (the samples mark it
 * so; Sch. 3 para 2 has the discharge notice name "the day on which it is
 * proposed" to discharge): it becomes expectedDischargeOn, never
 * dischargeReadyOn, as no notice says when the person is medically ready.
 */
import { MAX_IDENTIFIER_LENGTH, type DischargeMessage, type SpellDetails, type SpellEventKind } from '../../../src/referrals/ports.js';
import { type AdwNotice, adwNoticeOf, isAdwResponseEvent } from './adw-events.js';
import { describeConcept } from './codeable-concepts.js';
import { type At, element, elements, failAt, keyText, refuseAt, requireType, text, textValue } from './element-reading.js';
import { calendarDayOf, instantOf } from './fhir-dates.js';
import type { FhirResource } from './fhir-resource.js';
import { readEncounterPlace } from './encounter-place.js';
import { readPeriod } from './period.js';
import { dischargeMessageHeader, type FhirMessage, messageFocus } from './message-header.js';
import { translatePatient } from './translate-patient.js';

const KIND_BY_NOTICE: Readonly<Record<AdwNotice, SpellEventKind>> = {
  ASSESSMENT: 'REFERRED',
  DISCHARGE: 'DISCHARGE_PLANNED',
  WITHDRAW_ALL: 'WITHDRAWN',
  // Only the discharge day is withdrawn, as A25 cancels a pending discharge.
  WITHDRAW_DISCHARGE: 'DISCHARGE_PLAN_CANCELLED',
};

export function translateAdwNotice(message: FhirMessage): DischargeMessage {
  const { header, messageHeader, entries } = message;
  const notice = adwNoticeOf(header.eventCode);
  if (notice === null) {
    const why = isAdwResponseEvent(header.eventCode)
      ? 'is a council’s ADW response, not a notice a trust sends'
      : 'is not an ADW notice (assessment, discharge or withdrawal)';
    return refuseAt(`${messageHeader.path}.event.code`, `event ${header.eventCode} ${why}`, '201');
  }
  const kind = KIND_BY_NOTICE[notice];
  const referral = messageFocus(message).find((resource) => resource.value.resourceType === 'ReferralRequest');
  if (!referral) return failAt(`${messageHeader.path}.data`, 'the notice carries no ReferralRequest');
  const identifier = elements(referral, 'identifier')
    .map((each) => text(each, 'value'))
    .find((value) => value !== undefined);
  if (identifier === undefined) failAt(`${referral.path}.identifier`, 'the ReferralRequest has no identifier to tie the referral’s notices together');
  const spellId = keyText(identifier, MAX_IDENTIFIER_LENGTH, 'the referral identifier');

  const patientReference = element(referral, 'patient') ?? element(referral, 'subject');
  const patient = patientReference && entries.resolve(patientReference);
  if (!patient) failAt(patientReference?.path ?? `${referral.path}.patient`, 'the notice carries no Patient');

  const encounterReference = element(referral, 'encounter') ?? element(referral, 'context');
  const encounter = encounterReference && entries.resolve(encounterReference);
  const details: SpellDetails = encounter ? readEncounterPlace(requireType(encounter, 'Encounter'), entries.resolve) : {};
  if (kind === 'REFERRED' || kind === 'DISCHARGE_PLANNED') {
    Object.assign(details, encounter ? readProposedDays(encounter) : {});
    const needs = readNeeds(referral);
    if (needs) details.needsSummary = needs;
  }
  const reason = element(messageHeader, 'reason');
  return {
    kind: 'SPELL_EVENT',
    header: dischargeMessageHeader(header),
    person: translatePatient(patient.value, patient.path, entries.resolve),
    event: { spellId, kind, occurredAt: header.sentAt, details, reason: reason ? describeConcept(reason) : null },
  };
}

function readProposedDays(encounter: At<FhirResource>): SpellDetails {
  const { start, end } = readPeriod(element(encounter, 'period'));
  const days: SpellDetails = {};
  if (start) days.admittedAt = instantOf(start);
  if (end) days.expectedDischargeOn = calendarDayOf(end);
  return days;
}

/** The notice's own words about the person: the referral's description, else its reason. */
function readNeeds(referral: At<FhirResource>): string | null {
  const reason = element(referral, 'reason');
  return textValue(referral, 'description') ?? (reason ? describeConcept(reason) : null);
}
