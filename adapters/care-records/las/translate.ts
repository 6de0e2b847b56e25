/**
 * LAS JSON (README.md in this folder is the contract) to and from the port's
 * types, both sides: what the gateway reads and sends, and what LAS sends and
 * reads (the simulator). Pure functions.
 *
 * LAS words things its own way (case statuses, alert codes, priorities,
 * package statuses, money in pounds); each vocabulary is listed once here
 * and read through the same table it is written with. An alert code the
 * gateway does not know reads as OTHER, as councils add their own codes; an
 * unknown case status is an error, as the case view cannot guess whether
 * someone is allocated. Readers throw LasJsonError naming the JSON path.
 */
import type {
  AlertCategory,
  CarePackage,
  CareRecord,
  CareRecordAlert,
  CareRecordContact,
  CaseStatus,
  TeamReferral,
  TeamReferralState,
  TeamReferralStatus,
} from '../../../src/care-records/ports.js';
import { GatewayError } from '../../../src/errors.js';
import { JsonCursor } from '../../json-cursor.js';
import { DATE, type Format, INSTANT, NHS_NUMBER } from '../../wire-formats.js';

/** A LAS body that is not the contract: not JSON, or JSON of the wrong shape. */
export class LasJsonError extends GatewayError {
  readonly code = 'LAS_JSON_INVALID';
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`${path}: ${reason}`, { path });
  }
}

function parseLasJson(json: string): JsonCursor {
  return JsonCursor.parse(json, (path, reason) => new LasJsonError(path, reason));
}

/** A person as LAS holds them: the port's record without where and when it was read. */
export type LasPersonRecord = Omit<CareRecord, 'system' | 'fetchedAt'>;

/** A contact as the body of `POST /people/{personId}/contacts`: its id travels as the Idempotency-Key. */
export type LasContactRequest = Omit<CareRecordContact, 'contactId'>;

/** A team referral as the body of `POST /people/{personId}/team-referrals`: its id travels as the Idempotency-Key. */
export type LasTeamReferralRequest = Omit<TeamReferral, 'teamReferralId'>;

export interface LasPersonJson {
  personId: string;
  nhsNumber: string | null;
  name: { family: string; given: string | null };
  dateOfBirth: string | null;
  case: {
    status: string;
    openedOn: string | null;
    worker: { name: string; role: string | null; phone: string | null } | null;
    team: { name: string; code: string | null } | null;
  };
  alerts: { type: string; text: string; raisedOn: string | null; priority: string }[];
  carePackage: {
    status: string;
    startDate: string | null;
    endDate: string | null;
    /** Pounds, to the penny. */
    weeklyCost: number | null;
    services: { serviceType: string; provider: string | null; hoursPerWeek: number | null }[];
  } | null;
  carers: { name: string; relationship: string; phone: string | null; livesWith: boolean; mainCarer: boolean }[];
}

/** LAS person ids are digits; anything else cannot be one (and a comma would split the `ids` list). */
export function isLasPersonId(id: string): boolean {
  return /^\d{1,12}$/.test(id);
}

/** The most ids one `GET /people` may ask for: more is 400 TOO_MANY_IDS. */
export const LAS_PAGE_LIMIT = 50;

/** The most a contact summary may hold (LAS's column width). */
export const MAX_SUMMARY_LENGTH = 4000;

/** A LAS vocabulary: its term for each of the port's values, and the reading back. */
class Vocabulary<T extends string> {
  private readonly values: ReadonlyMap<string, T>;

  constructor(private readonly terms: Readonly<Record<T, string>>) {
    this.values = new Map(Object.entries<string>(terms).map(([value, term]) => [term, value as T]));
  }

  term(value: T): string {
    return this.terms[value];
  }

  /** Reads a term; one not in the table is `unknown` when given, else not the contract. */
  format(unknown?: T): Format<T> {
    return {
      expected: `one of ${[...this.values.keys()].map((term) => JSON.stringify(term)).join(', ')}`,
      read: (text) => this.values.get(text) ?? (unknown !== undefined && text.trim() !== '' ? unknown : undefined),
    };
  }
}

const CASE_STATUS = new Vocabulary<CaseStatus>({
  OPEN: 'Open',
  ALLOCATED: 'Open - Allocated',
  AWAITING_ALLOCATION: 'Open - Awaiting Allocation',
  CLOSED: 'Closed',
});

const ALERT_TYPE = new Vocabulary<AlertCategory>({
  RISK_TO_SELF: 'RSK-SELF',
  RISK_TO_OTHERS: 'RSK-OTH',
  RISK_TO_STAFF: 'RSK-STAFF',
  SAFEGUARDING: 'SAFEG',
  ACCESS: 'ACCESS',
  HEALTH: 'HEALTH',
  OTHER: 'GEN',
});

const PRIORITY = new Vocabulary<CareRecordAlert['severity']>({ HIGH: 'High', MEDIUM: 'Medium', LOW: 'Low' });

const PACKAGE_STATUS = new Vocabulary<CarePackage['status']>({ PLANNED: 'Planned', ACTIVE: 'Active', SUSPENDED: 'Suspended', ENDED: 'Ended' });

const TEAM_REFERRAL_STATUS = new Vocabulary<TeamReferralStatus>({
  SENT: 'Received',
  ACKNOWLEDGED: 'Acknowledged',
  ACCEPTED: 'Accepted',
  DECLINED: 'Declined',
});

/** A team code as LAS keeps them: capitals, digits and hyphens. */
export const LAS_TEAM_CODE: Format<string> = { expected: 'a team code (A-Z, 0-9, -)', read: (text) => (/^[A-Z0-9-]{1,20}$/.test(text) ? text : undefined) };

const CASE_STATUS_TERM = CASE_STATUS.format();
const TEAM_REFERRAL_STATUS_TERM = TEAM_REFERRAL_STATUS.format();
const ALERT_CATEGORY = ALERT_TYPE.format('OTHER');
const SEVERITY = PRIORITY.format();
const PACKAGE_STATUS_TERM = PACKAGE_STATUS.format();

const PERSON_ID: Format<string> = { expected: 'a LAS person id (digits)', read: (text) => (isLasPersonId(text) ? text : undefined) };

/** Far above any real package; a larger figure is a fault, not a cost. */
const MAX_WEEKLY_COST_POUNDS = 100_000;
const HOURS_IN_A_WEEK = 168;

// ---- The gateway's side: reading people, writing a contact ----------------------

/** A `GET /people` answer: the records found (stamped as read at `fetchedAt`) and the ids LAS does not know. */
export function peopleFromJson(json: string, fetchedAt: string): { records: CareRecord[]; notFound: string[] } {
  const body = parseLasJson(json);
  return {
    records: body.field('people').items().map((person) => ({ system: 'LAS', fetchedAt, ...personFromJson(person) })),
    notFound: body.field('notFound').items().map((id) => id.string(PERSON_ID)),
  };
}

function personFromJson(person: JsonCursor): LasPersonRecord {
  const name = person.field('name');
  const caseSummary = person.field('case');
  const worker = caseSummary.nullableField('worker');
  const team = caseSummary.nullableField('team');
  const carePackage = person.nullableField('carePackage');
  return {
    localId: person.field('personId').string(PERSON_ID),
    person: {
      familyName: name.field('family').text(),
      givenName: nullableText(name, 'given'),
      dateOfBirth: person.nullableField('dateOfBirth')?.string(DATE) ?? null,
      nhsNumber: person.nullableField('nhsNumber')?.string(NHS_NUMBER) ?? null,
    },
    caseStatus: caseSummary.field('status').string(CASE_STATUS_TERM),
    caseOpenedOn: caseSummary.nullableField('openedOn')?.string(DATE) ?? null,
    allocatedWorker: worker && { name: worker.field('name').text(), role: nullableText(worker, 'role'), phone: nullableText(worker, 'phone') },
    team: team && { name: team.field('name').text(), code: nullableText(team, 'code') },
    alerts: person.field('alerts').items().map((alert) => ({
      category: alert.field('type').string(ALERT_CATEGORY),
      description: alert.field('text').text(),
      raisedOn: alert.nullableField('raisedOn')?.string(DATE) ?? null,
      severity: alert.field('priority').string(SEVERITY),
    })),
    carePackage: carePackage && carePackageFromJson(carePackage),
    carers: person.field('carers').items().map((carer) => ({
      name: carer.field('name').text(),
      relationship: carer.field('relationship').text(),
      phone: nullableText(carer, 'phone'),
      livesWithPerson: carer.field('livesWith').boolean(),
      mainCarer: carer.field('mainCarer').boolean(),
    })),
  };
}

function carePackageFromJson(carePackage: JsonCursor): CarePackage {
  const cost = carePackage.nullableField('weeklyCost');
  return {
    status: carePackage.field('status').string(PACKAGE_STATUS_TERM),
    startDate: carePackage.nullableField('startDate')?.string(DATE) ?? null,
    endDate: carePackage.nullableField('endDate')?.string(DATE) ?? null,
    weeklyCostPence: cost && penceOf(cost),
    services: carePackage.field('services').items().map((service) => ({
      type: service.field('serviceType').text(),
      provider: nullableText(service, 'provider'),
      hoursPerWeek: service.nullableField('hoursPerWeek')?.number(0, HOURS_IN_A_WEEK) ?? null,
    })),
  };
}

/** Pounds to whole pence; more than two decimal places is not money. */
function penceOf(pounds: JsonCursor): number {
  const hundredths = pounds.number(0, MAX_WEEKLY_COST_POUNDS) * 100;
  const pence = Math.round(hundredths);
  // Binary fractions make 312.57 * 100 a hair off 31257; anything further off had a third decimal place.
  if (Math.abs(hundredths - pence) > 1e-6) pounds.fail('is not an amount in pounds to the penny');
  return pence;
}

function nullableText(parent: JsonCursor, name: string): string | null {
  return parent.nullableField(name)?.text() ?? null;
}

export function contactToJson(contact: CareRecordContact): string {
  return JSON.stringify({
    referralId: contact.referralId,
    contactDate: contact.occurredAt,
    summary: contact.summary,
    team: contact.team,
    worker: contact.worker,
  });
}

/** A contact write's answer (201 or 200). */
export function contactAcceptedFromJson(json: string): { contactId: string; reference: string } {
  const body = parseLasJson(json);
  return { contactId: body.field('contactId').text(), reference: body.field('reference').text() };
}

export function teamReferralToJson(referral: TeamReferral): string {
  return JSON.stringify({
    referralId: referral.referralId,
    team: referral.team,
    service: referral.service,
    reason: referral.reason,
    details: referral.details,
    requestedBy: referral.requestedBy,
    requestedAt: referral.requestedAt,
  });
}

/** A team referral's answer: the 201/200 of its creation, or `GET /team-referrals/{reference}`. */
export function teamReferralStateFromJson(json: string): { teamReferralId: string; state: TeamReferralState } {
  const body = parseLasJson(json);
  return {
    teamReferralId: body.field('teamReferralId').text(),
    state: {
      reference: body.field('reference').text(),
      status: body.field('status').string(TEAM_REFERRAL_STATUS_TERM),
      reason: nullableText(body, 'statusReason'),
    },
  };
}

/** An error answer's `{ "error": { "code", "message" } }`. */
export function errorFromJson(json: string): { code: string; message: string } {
  const error = parseLasJson(json).field('error');
  return { code: error.field('code').text(), message: error.field('message').text() };
}

// ---- LAS's side (the simulator): writing people, reading a contact ----------------

export function peopleToJson(people: readonly LasPersonRecord[], notFound: readonly string[]): string {
  return JSON.stringify({ people: people.map(personToJson), notFound });
}

export function personToJson(record: LasPersonRecord): LasPersonJson {
  const { person, carePackage } = record;
  return {
    personId: record.localId,
    nhsNumber: person.nhsNumber,
    name: { family: person.familyName, given: person.givenName },
    dateOfBirth: person.dateOfBirth,
    case: {
      status: CASE_STATUS.term(record.caseStatus),
      openedOn: record.caseOpenedOn,
      worker: record.allocatedWorker && { ...record.allocatedWorker },
      team: record.team && { ...record.team },
    },
    alerts: record.alerts.map((alert) => ({
      type: ALERT_TYPE.term(alert.category),
      text: alert.description,
      raisedOn: alert.raisedOn,
      priority: PRIORITY.term(alert.severity),
    })),
    carePackage: carePackage && {
      status: PACKAGE_STATUS.term(carePackage.status),
      startDate: carePackage.startDate,
      endDate: carePackage.endDate,
      weeklyCost: carePackage.weeklyCostPence === null ? null : carePackage.weeklyCostPence / 100,
      services: carePackage.services.map((service) => ({ serviceType: service.type, provider: service.provider, hoursPerWeek: service.hoursPerWeek })),
    },
    carers: record.carers.map((carer) => ({
      name: carer.name,
      relationship: carer.relationship,
      phone: carer.phone,
      livesWith: carer.livesWithPerson,
      mainCarer: carer.mainCarer,
    })),
  };
}

/** A contact request's body; throws LasJsonError (the simulator's 422 INVALID_CONTACT) for one that is not the contract. */
export function contactFromJson(json: string): LasContactRequest {
  const body = parseLasJson(json);
  const summary = body.field('summary');
  if (summary.text().length > MAX_SUMMARY_LENGTH) summary.fail(`is longer than ${MAX_SUMMARY_LENGTH} characters`);
  return {
    referralId: body.field('referralId').text(),
    occurredAt: body.field('contactDate').string(INSTANT),
    summary: summary.text(),
    team: nullableText(body, 'team'),
    worker: nullableText(body, 'worker'),
  };
}

export function contactAcceptedToJson(contactId: string, reference: string): string {
  return JSON.stringify({ contactId, reference });
}

export function errorToJson(code: string, message: string): string {
  return JSON.stringify({ error: { code, message } });
}

/** A team referral request's body; throws LasJsonError (the simulator's 422 INVALID_TEAM_REFERRAL) for one that is not the contract. */
export function teamReferralFromJson(json: string): LasTeamReferralRequest {
  const body = parseLasJson(json);
  const reason = body.field('reason');
  if (reason.text().length > MAX_SUMMARY_LENGTH) reason.fail(`is longer than ${MAX_SUMMARY_LENGTH} characters`);
  return {
    referralId: body.field('referralId').text(),
    team: body.field('team').string(LAS_TEAM_CODE),
    service: body.field('service').text(),
    reason: reason.text(),
    details: nullableText(body, 'details'),
    requestedBy: body.field('requestedBy').text(),
    requestedAt: body.field('requestedAt').string(INSTANT),
  };
}

export function teamReferralStateToJson(teamReferralId: string, state: TeamReferralState): string {
  return JSON.stringify({ teamReferralId, reference: state.reference, status: TEAM_REFERRAL_STATUS.term(state.status), statusReason: state.reason });
}
