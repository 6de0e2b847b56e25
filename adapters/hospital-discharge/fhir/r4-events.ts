/**
 * The R4 message events the gateway takes, and what each may be about. The
 * focus says which resources a message concerns, but only the event says
 * whether the message is news about a stay at all: an archive or replay job
 * sends the same Encounters as the admission did. So an event is taken only
 * where it is in this table, or where the sender's profile maps the trust's
 * own code to one of these events (`fhirEvents`).
 *
 * The codes are ADT trigger events that NHS England's technical framework
 * carries into FHIR ("HL7 v2 Events and Ad Hoc FHIR RESTful Events"), as HL7
 * table 0003 codes them (http://terminology.hl7.org/CodeSystem/v2-0003,
 * `A01`) and as NHS England's message-event CodeSystem does (`ADT_A01`),
 * and that CodeSystem's `document`, which Transfer of Care messages use.
 * Which way the spell went is read from the Encounter's status
 * (`translate-encounter.ts`), so only triggers whose meaning a status can
 * carry are taken: not A13 (cancel discharge) or A16 (pending discharge),
 * whose Encounter is `in-progress` as an admission's is, nor A05
 * (pre-admission), whose Encounter is `planned`.
 */
import { type At, element, refuseAt, textValue } from './element-reading.js';
import type { FhirResource } from './fhir-resource.js';
import type { FhirMessageHeader } from './message-header.js';

export const HL7_V2_EVENT_TYPES = 'http://terminology.hl7.org/CodeSystem/v2-0003';
export const NHS_MESSAGE_EVENTS = 'https://fhir.nhs.uk/CodeSystem/message-event';

/** What a message may be about: a hospital spell (an Encounter in its focus) or a person (a Patient, or a document about one). */
export type R4MessageSubject = 'SPELL' | 'PERSON';

/** Each event the gateway takes, with what its focus may be. */
export const R4_EVENTS = {
  admission: ['SPELL'],
  transfer: ['SPELL'],
  discharge: ['SPELL'],
  'admission-cancelled': ['SPELL'],
  // A08 updates the person, the visit or both (ITK sends it for either).
  'visit-update': ['SPELL', 'PERSON'],
  'person-update': ['PERSON'],
  document: ['PERSON'],
} as const satisfies Record<string, readonly R4MessageSubject[]>;

export type R4Event = keyof typeof R4_EVENTS;

/** A sender profile's mapping of a trust's own event code (or R4 eventUri) to a taken event. */
export type FhirEventMapping = { system: string; code: string; event: R4Event } | { uri: string; event: R4Event };

export function isR4Event(value: unknown): value is R4Event {
  return typeof value === 'string' && Object.hasOwn(R4_EVENTS, value);
}

const ADT_TRIGGERS: Readonly<Record<string, R4Event>> = {
  A01: 'admission',
  A04: 'admission',
  A02: 'transfer',
  A12: 'transfer',
  A03: 'discharge',
  A11: 'admission-cancelled',
  A08: 'visit-update',
  A28: 'person-update',
  A31: 'person-update',
};

const TAKEN: ReadonlyMap<string, R4Event> = new Map<string, R4Event>([
  ...Object.entries(ADT_TRIGGERS).map(([trigger, event]) => [codingKey(HL7_V2_EVENT_TYPES, trigger), event] as const),
  ...Object.entries(ADT_TRIGGERS).map(([trigger, event]) => [codingKey(NHS_MESSAGE_EVENTS, `ADT_${trigger}`), event] as const),
  [codingKey(NHS_MESSAGE_EVENTS, 'document'), 'document'],
]);

/** The event as the message names it, in FHIR's token form (`system|code`), and where. */
export interface NamedEvent {
  event: R4Event;
  written: string;
}

/** The taken event an R4 message names, by the sender's own mapping first, then the table; refused otherwise. */
export function r4EventOf(header: FhirMessageHeader, messageHeader: At<FhirResource>, senderEvents: readonly FhirEventMapping[]): NamedEvent {
  const coding = element(messageHeader, 'eventCoding');
  const system = coding ? textValue(coding, 'system') : null;
  const code = header.eventCode;
  const written = coding ? (system === null ? `${code} (a code with no system)` : `${system}|${code}`) : code;
  const mapped = senderEvents.find((mapping) => ('uri' in mapping ? coding === undefined && mapping.uri === code : mapping.system === system && mapping.code === code));
  const event = mapped?.event ?? (coding && system !== null ? TAKEN.get(codingKey(system, code)) : undefined);
  if (event === undefined) {
    return refuseAt(
      coding ? coding.path : `${messageHeader.path}.eventUri`,
      `event ${written} is not one the gateway takes (it takes HL7 v2 ADT events, NHS England message events and what the sender's profile maps in fhirEvents)`,
      '201',
    );
  }
  return { event, written };
}

function codingKey(system: string, code: string): string {
  return `${system}|${code}`;
}
