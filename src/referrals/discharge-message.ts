/**
 * What a hospital tells the hub about a patient, whatever the wire format.
 * This is the port the hospital-discharge adapter translates into: HL7 v2 ADT,
 * FHIR messages (ADW notices, R4 UK Core) and the GraphQL form all end here,
 * and intake folds these messages into customers and referrals.
 *
 * Everything is plain JSON (instants as strings) because each translated
 * spell event is stored and folded again whenever a later or earlier event of
 * its spell arrives.
 */
import type { DeathSource, DischargePathway, Phone, Sex } from '../generated/graphql.js';
import type { MessageLocation } from '../inbox/feed-message-error.js';

/**
 * The longest identifier (a hospital number, a visit or spell number) and
 * name the gateway keeps. Both key lookups in indexes, whose entries must
 * stay small; real ones are far shorter (HL7 v2.5 gives CX.1 15 characters,
 * XPN family name 194). An adapter refuses longer ones where they are.
 */
export const MAX_IDENTIFIER_LENGTH = 100;
export const MAX_NAME_LENGTH = 200;
/** An identifier's system (a FHIR system URI), which keys the link with its value. */
export const MAX_IDENTIFIER_SYSTEM_LENGTH = 200;

/** An instant in UTC as ISO 8601 with milliseconds (`2013-02-11T12:30:52.000Z`): sorts as text. */
export type Instant = string;
/** A calendar day, `YYYY-MM-DD`. */
export type CalendarDay = string;

export interface DischargeMessageHeader {
  /** The trust's ODS code, resolved from MSH-4 / MessageHeader.source through the sender's profile. */
  senderOdsCode: string;
  /** MSH-10, or MessageHeader.id for FHIR. */
  controlId: string;
  /** `ADT^A03`, or the FHIR event code (`975731000000100`). */
  messageType: string;
  /** When the sender made the message: MSH-7, Bundle.timestamp / MessageHeader.timestamp. */
  sentAt: Instant;
  /** Set where the sender expects the council's business answer to this message (an ADW notice). */
  businessResponse?: BusinessResponseRequest | null;
}

/** What the hub's accept or decline must answer: the notice's message id and kind, in its protocol. */
export interface BusinessResponseRequest {
  protocol: 'ADW';
  noticeMessageId: string;
  noticeEvent: string;
  /** The ODS code the notice came from (a trust or one of its sites): where the answer is addressed. */
  replyTo: string;
}

/** An identifier another system uses for the person: `PAS:RRV` + hospital number, for example. */
export interface PersonIdentifier {
  system: string;
  value: string;
}

export interface PersonDetails {
  /** Check-digit valid; null where the message carried none. */
  nhsNumber: string | null;
  /** True only where the sender says the number was traced against PDS (PID-32 `NSTS01` / `01`). */
  nhsNumberVerified: boolean;
  /** Hospital numbers and other local ids, each under its own system. */
  localIds: PersonIdentifier[];
  /**
   * Where a local id holds a value shaped and checked like an NHS number (ten
   * digits passing Modulus 11): kept as the local id it was sent as, never
   * taken for the NHS number, but the person's link waits for identity
   * review. Left out where there is none.
   */
  localIdsLikeNhsNumbers?: MessageLocation[];
  /**
   * Where the message carried another NHS number beside the verified one the
   * person is known by (UK Core allows one): it is neither matched nor kept,
   * and the hub is told. Left out where there is none.
   */
  setAsideNhsNumbers?: MessageLocation[];
  title: string | null;
  givenName: string | null;
  familyName: string;
  dateOfBirth: CalendarDay | null;
  sex: Sex;
  /** The first home address (the current one where the sender marks use); null where none was sent. */
  address: { lines: string[]; town: string | null; postcode: string | null } | null;
  phones: Phone[];
  gpPracticeOdsCode: string | null;
  /** What the message says of a death; left out where it says nothing of one. */
  death?: ReportedDeath;
  /**
   * The name the person likes to be called by (HL7 XPN-7 `N`, FHIR
   * HumanName.use `usual`): given names only. Left out where none was sent.
   */
  preferredName?: string;
  /**
   * The person's next of kin, carers and other contacts (HL7 NK1, FHIR
   * Patient.contact), as the message lists them. Left out where the message
   * says nothing of contacts (an HL7 message without NK1, a Patient without
   * `contact`): that is not "no contacts", and blanks nothing.
   */
  contacts?: ContactDetails[];
}

/** One of the person's contacts as a hospital sent them. */
export interface ContactDetails {
  /** The person's name as written (title, given names, family name), or the organisation's (a care agency). */
  name: string;
  relationship: ContactRelationship | null;
  phones: Phone[];
  address: PersonDetails['address'];
  /** The sender marks them next of kin (HL7 NK1-7 `N` / `NOK`, v2-0131 `N`, NHS `04`, or its profile's field). */
  isNextOfKin: boolean;
  /** The sender marks them as the person's carer (NHS `20`, HL7 0063 `CGV`, UK Core `Carer`, or its profile's field). */
  isMainCarer: boolean;
}

/** How a contact is related to the person: the code as sent and what it means in words. */
export interface ContactRelationship {
  /** `SPO` (HL7 table 0063), `01` (NHS Data Dictionary), `DAU` (HL7 v3 RoleCode); null where only text came. */
  code: string | null;
  /** The code system as the sender named it (CWE-3, a FHIR system URI); null where it named none. */
  codeSystem: string | null;
  /** The code list's name for the code where the gateway knows it, else the sender's text, else the code. */
  display: string;
}

/**
 * A death as one message states it: a day or a moment as sent, or neither
 * (PID-30 `Y` alone, `deceasedBoolean` true); or that the person is not
 * dead (PID-30 `N` or `""`, `deceasedBoolean` false), which after a report
 * from the same trust contradicts it.
 */
export type ReportedDeath =
  | {
      died: true;
      /** The day of death as the sender wrote it. */
      diedOn: CalendarDay | null;
      /** Where the sender gave a time of day. */
      diedAt: Instant | null;
      source: DeathSource;
    }
  | { died: false; source: DeathSource };

/**
 * What happened in the spell. A cancel names what it cancels so that the fold
 * can undo it whatever order the two arrive in.
 */
export type SpellEventKind =
  /** A01, A04; R4 Encounter in progress. */
  | 'ADMITTED'
  /** ADW assessment notice; the GraphQL form: the hospital asks the hub to assess. */
  | 'REFERRED'
  /** A16; ADW discharge notice: the discharge is planned for a day. */
  | 'DISCHARGE_PLANNED'
  /** A25. */
  | 'DISCHARGE_PLAN_CANCELLED'
  /** A03; R4 Encounter finished with a period end. */
  | 'DISCHARGED'
  /** A13: a later A03 discharges again. */
  | 'DISCHARGE_CANCELLED'
  /** A11; R4 Encounter cancelled / entered-in-error. */
  | 'ADMISSION_CANCELLED'
  /** ADW withdrawal notice (all notices of the referral). */
  | 'WITHDRAWN'
  /** A08 with a visit: details changed, no change of state. */
  | 'UPDATED'
  /** A02 or A12, A06 or A07 with a visit: the person moved (ward, patient class), no change of state. */
  | 'TRANSFERRED';

/**
 * Facts about the spell carried by one message. A field left out (undefined)
 * was not said by this message; null means the sender cleared it.
 */
export interface SpellDetails {
  /** Ward or clinic as the sender names it (PV1-3.1/3.2, Encounter.location). */
  ward?: string | null;
  /** Hospital site (PV1-3.4, Encounter.serviceProvider). */
  site?: string | null;
  /** Consultant in charge (PV1-7 or PV1-9), as a display name. */
  consultant?: string | null;
  admittedAt?: Instant | null;
  expectedDischargeOn?: CalendarDay | null;
  /** The day the person is medically ready; the latest notice wins. */
  dischargeReadyOn?: CalendarDay | null;
  dischargedAt?: Instant | null;
  /** Discharge method (PV1-36, UK Core DischargeMethod) as `code: display` or the sender's text. */
  dischargeMethod?: string | null;
  /** Discharge destination (PV1-37, UK Core DischargeDestination) as `code: display` or the sender's text. */
  dischargeDestination?: string | null;
  pathway?: DischargePathway | null;
  /** What the person needs, in the sender's words (form, ADW notice text). */
  needsSummary?: string | null;
}

export interface SpellEvent {
  /** Unique within the sender: PV1-19 visit number, Encounter or ReferralRequest identifier. */
  spellId: string;
  kind: SpellEventKind;
  /** Orders events within the spell: EVN-6, else PV1-45/44, else the message time. */
  occurredAt: Instant;
  /**
   * When the sender's system recorded the event (HL7 EVN-2); left out, the
   * message's time stands for it. Of two messages about the same event, the
   * one recorded later is the correction.
   */
  recordedAt?: Instant;
  details: SpellDetails;
  /** The sender's reason, where it gave one (PV2-4, ADW withdrawal reason). */
  reason: string | null;
}

export type DischargeMessage =
  /** An event of a hospital spell, about a person. */
  | { kind: 'SPELL_EVENT'; header: DischargeMessageHeader; person: PersonDetails; event: SpellEvent }
  /** Demographics only (A28, A31, A08 without a visit, other ADT events the hub does not fold). */
  | { kind: 'PERSON_UPDATE'; header: DischargeMessageHeader; person: PersonDetails }
  /** A40: `mergedFrom` is the identity that no longer exists; `person` is the survivor. */
  | { kind: 'PERSON_MERGE'; header: DischargeMessageHeader; person: PersonDetails; mergedFrom: PersonIdentifier[] };
