/**
 * Community health's FHIR R4 JSON (README.md in this folder is the contract)
 * to and from the port's types, both sides: what the gateway reads and sends,
 * and what the system sends and reads (the simulator). Pure functions.
 *
 * Readers take what FHIR allows and the contract names, ignore the rest
 * (extensions, narrative, meta), and throw CommunityHealthFhirError naming
 * the JSON path of anything that is not the contract: a Bundle that does not
 * read is an error of its own, never a crash or a half-read record.
 */
import type {
  CommunityHealthInvolvement,
  CommunityService,
  NewServiceRequest,
  ServiceRequestStatus,
} from '../../src/community-health/ports.js';
import { GatewayError } from '../../src/errors.js';
import { FHIR_DATE_TIME, readIsoDateOfAnyPrecision, readIsoDayOfDateTime } from '../../src/time/iso-8601.js';
import { JsonCursor } from '../json-cursor.js';
import { type Format, INSTANT, NHS_NUMBER } from '../wire-formats.js';

/** A community health answer that is not the contract: not JSON, not FHIR, or FHIR of the wrong shape. */
export class CommunityHealthFhirError extends GatewayError {
  readonly code = 'COMMUNITY_HEALTH_FHIR_INVALID';
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`${path}: ${reason}`, { path });
  }
}

export const FHIR_JSON = 'application/fhir+json';
export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
/** The gateway's ids for its ServiceRequests: the idempotency key (`If-None-Exist`). */
export const SERVICE_REQUEST_ID_SYSTEM = 'urn:care-gateway:service-request';
/** The contract's code system for community services (EpisodeOfCare.type, ServiceRequest.category). */
export const COMMUNITY_SERVICE_SYSTEM = 'urn:care-gateway:community-service';

const SERVICE_CODES: Readonly<Record<CommunityService, string>> = {
  DISTRICT_NURSING: 'district-nursing',
  COMMUNITY_THERAPY: 'community-therapy',
  OTHER: 'other',
};
const SERVICE_NAMES: Readonly<Record<CommunityService, string>> = {
  DISTRICT_NURSING: 'District nursing',
  COMMUNITY_THERAPY: 'Community therapy',
  OTHER: 'Other community service',
};

/** FHIR ids: https://hl7.org/fhir/R4/datatypes.html#id. */
const FHIR_ID: Format<string> = { expected: 'a FHIR id (1 to 64 of A-Z a-z 0-9 - .)', read: (text) => (/^[A-Za-z0-9\-.]{1,64}$/.test(text) ? text : undefined) };

/** A period's start as the day it names; null for a year or month alone (no day to show). */
const START_DAY: Format<string | null> = {
  expected: 'a FHIR dateTime (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss with an offset)',
  read: (text) => {
    const reading = text.includes('T') ? readIsoDayOfDateTime(text, FHIR_DATE_TIME) : readIsoDateOfAnyPrecision(text);
    return reading.ok ? reading.value : undefined;
  },
};

/** How a FHIR Task's status reads as the onward referral's (README: "ServiceRequest status"). */
const TASK_STATUSES: Readonly<Record<string, ServiceRequestStatus>> = {
  draft: 'SENT',
  requested: 'SENT',
  received: 'ACKNOWLEDGED',
  'on-hold': 'ACKNOWLEDGED',
  accepted: 'ACCEPTED',
  ready: 'ACCEPTED',
  'in-progress': 'ACCEPTED',
  completed: 'ACCEPTED',
  rejected: 'DECLINED',
  cancelled: 'DECLINED',
  failed: 'DECLINED',
};
const TASK_STATUS: Format<ServiceRequestStatus> = {
  expected: `a Task status (${Object.keys(TASK_STATUSES).join(', ')})`,
  read: (text) => (Object.hasOwn(TASK_STATUSES, text) ? TASK_STATUSES[text] : undefined),
};
const SERVICE_REQUEST_STATUS: Format<string> = {
  expected: 'a ServiceRequest status (draft, active, on-hold, revoked, completed, entered-in-error, unknown)',
  read: (text) => (['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown'].includes(text) ? text : undefined),
};
/** A ServiceRequest in one of these was withdrawn there, whatever its Tasks say. */
const WITHDRAWN = new Set(['revoked', 'entered-in-error']);

function parseFhir(json: string): JsonCursor {
  return JsonCursor.parse(json, (path, reason) => new CommunityHealthFhirError(path, reason));
}

function resourceOfType(json: string, resourceType: string): JsonCursor {
  const resource = parseFhir(json);
  if (resource.field('resourceType').text() !== resourceType) resource.field('resourceType').fail(`is not ${resourceType}`);
  return resource;
}

function nullableText(parent: JsonCursor, name: string): string | null {
  return parent.nullableField(name)?.text() ?? null;
}

function listOf(parent: JsonCursor, name: string): JsonCursor[] {
  return parent.nullableField(name)?.items() ?? [];
}

/** `Patient/p1` (or an absolute URL ending so) as `p1`, for a reference to `resourceType`. */
function referencedId(reference: JsonCursor, resourceType: string): string {
  const text = reference.field('reference').text();
  const match = new RegExp(`(?:^|/)${resourceType}/([A-Za-z0-9\\-.]{1,64})$`).exec(text);
  if (match === null) return reference.field('reference').fail(`is not a reference to a ${resourceType}`);
  return match[1]!;
}

// ---- The gateway's side: reading searches, sending a ServiceRequest ------------------

/** A searchset Bundle: its resources (of every type; `include`d ones too) and the link to its next page. */
export interface SearchPage {
  resources: JsonCursor[];
  next: string | null;
}

export function searchPageFromFhir(json: string): SearchPage {
  const bundle = resourceOfType(json, 'Bundle');
  if (bundle.field('type').text() !== 'searchset') bundle.field('type').fail('is not searchset');
  const next = listOf(bundle, 'link').find((link) => link.field('relation').text() === 'next');
  return {
    resources: listOf(bundle, 'entry').flatMap((entry) => entry.nullableField('resource') ?? []),
    next: next ? next.field('url').text() : null,
  };
}

/** The resources of one type in search pages; OperationOutcomes (warnings) and others are passed over. */
function ofType(resources: readonly JsonCursor[], resourceType: string): JsonCursor[] {
  return resources.filter((resource) => resource.field('resourceType').text() === resourceType);
}

/** The Patients found, as NHS number to Patient id; a Patient without one of `asked` is not the contract. */
export function patientsFromFhir(resources: readonly JsonCursor[], asked: ReadonlySet<string>): Map<string, string> {
  const found = new Map<string, string>();
  for (const patient of ofType(resources, 'Patient')) {
    const id = patient.field('id').string(FHIR_ID);
    const numbers = listOf(patient, 'identifier')
      .filter((identifier) => identifier.nullableField('system')?.text() === NHS_NUMBER_SYSTEM)
      .map((identifier) => identifier.field('value').string(NHS_NUMBER));
    const match = numbers.find((nhsNumber) => asked.has(nhsNumber));
    if (match === undefined) return patient.fail('holds none of the NHS numbers searched for');
    // Two Patients for one NHS number: the first in the Bundle is the person (README).
    if (!found.has(match)) found.set(match, id);
  }
  return found;
}

interface Episode {
  id: string;
  patientId: string;
  service: CommunityService;
  serviceName: string;
  since: string | null;
  teamIds: string[];
  careManager: { id: string | null; name: string } | null;
  organisation: string | null;
}

interface TeamMember {
  practitionerId: string | null;
  name: string;
  role: string | null;
}

interface Team {
  id: string;
  name: string | null;
  phone: string | null;
  members: TeamMember[];
}

function serviceOf(episode: JsonCursor): { service: CommunityService; serviceName: string } {
  const type = listOf(episode, 'type')[0];
  if (type === undefined) return { service: 'OTHER', serviceName: SERVICE_NAMES.OTHER };
  const codings = listOf(type, 'coding');
  const ours = codings.find((coding) => coding.nullableField('system')?.text() === COMMUNITY_SERVICE_SYSTEM);
  const code = ours && nullableText(ours, 'code');
  const service = (Object.keys(SERVICE_CODES) as CommunityService[]).find((key) => SERVICE_CODES[key] === code) ?? 'OTHER';
  const named = nullableText(type, 'text') ?? codings.map((coding) => nullableText(coding, 'display')).find((display) => display !== null);
  return { service, serviceName: named ?? SERVICE_NAMES[service] };
}

function episodeFromFhir(episode: JsonCursor): Episode {
  const careManager = episode.nullableField('careManager');
  return {
    id: episode.field('id').string(FHIR_ID),
    patientId: referencedId(episode.field('patient'), 'Patient'),
    ...serviceOf(episode),
    since: episode.nullableField('period')?.nullableField('start')?.string(START_DAY) ?? null,
    teamIds: listOf(episode, 'team').map((team) => referencedId(team, 'CareTeam')),
    careManager: careManager && {
      id: careManager.nullableField('reference') ? referencedId(careManager, 'Practitioner') : null,
      name: careManager.field('display').text(),
    },
    organisation: episode.nullableField('managingOrganization')?.nullableField('display')?.text() ?? null,
  };
}

function teamFromFhir(team: JsonCursor): Team {
  const phone = listOf(team, 'telecom').find((telecom) => telecom.nullableField('system')?.text() === 'phone');
  return {
    id: team.field('id').string(FHIR_ID),
    name: nullableText(team, 'name'),
    phone: phone ? nullableText(phone, 'value') : null,
    members: listOf(team, 'participant').flatMap((participant) => {
      const member = participant.nullableField('member');
      const name = member?.nullableField('display')?.text();
      // A participant without a name (an organisation by reference alone) has no one to show.
      if (member === null || name === undefined) return [];
      const role = listOf(participant, 'role')[0];
      return [{
        practitionerId: member.nullableField('reference') && /(?:^|\/)Practitioner\//.test(member.field('reference').text()) ? referencedId(member, 'Practitioner') : null,
        name,
        role: role ? (nullableText(role, 'text') ?? listOf(role, 'coding').map((coding) => nullableText(coding, 'display')).find((display) => display !== null) ?? null) : null,
      }];
    }),
  };
}

/**
 * Each Patient's involvements from the active EpisodeOfCare and CareTeam
 * search results: one per episode, with its first team found among the
 * CareTeams (name, phone), led by its care manager (their role from the
 * team) or, without one, the team's first participant.
 */
export function involvementsFromFhir(episodeResources: readonly JsonCursor[], teamResources: readonly JsonCursor[]): Map<string, CommunityHealthInvolvement[]> {
  const teams = new Map(ofType(teamResources, 'CareTeam').map((resource) => {
    const team = teamFromFhir(resource);
    return [team.id, team];
  }));
  const byPatient = new Map<string, CommunityHealthInvolvement[]>();
  for (const episode of ofType(episodeResources, 'EpisodeOfCare').map(episodeFromFhir)) {
    const team = episode.teamIds.map((id) => teams.get(id)).find((found) => found !== undefined) ?? null;
    const involvement: CommunityHealthInvolvement = {
      service: episode.service,
      serviceName: episode.serviceName,
      teamName: team?.name ?? episode.organisation,
      since: episode.since,
      leadProfessional: leadOf(episode, team),
      contactPhone: team?.phone ?? null,
      episodeId: episode.id,
    };
    byPatient.set(episode.patientId, [...(byPatient.get(episode.patientId) ?? []), involvement]);
  }
  return byPatient;
}

function leadOf(episode: Episode, team: Team | null): CommunityHealthInvolvement['leadProfessional'] {
  const { careManager } = episode;
  if (careManager !== null) {
    const asMember = team?.members.find((member) => (careManager.id !== null && member.practitionerId === careManager.id) || member.name === careManager.name);
    return { name: careManager.name, role: asMember?.role ?? null };
  }
  const first = team?.members[0];
  return first ? { name: first.name, role: first.role } : null;
}

export function serviceRequestToFhir(request: NewServiceRequest): string {
  return JSON.stringify({
    resourceType: 'ServiceRequest',
    identifier: [{ system: SERVICE_REQUEST_ID_SYSTEM, value: request.requestId }],
    status: 'active',
    intent: 'order',
    category: [{ coding: [{ system: COMMUNITY_SERVICE_SYSTEM, code: SERVICE_CODES[request.service], display: SERVICE_NAMES[request.service] }] }],
    subject: { identifier: { system: NHS_NUMBER_SYSTEM, value: request.nhsNumber } },
    authoredOn: request.occurredAt,
    requester: { display: request.requester },
    reasonCode: [{ text: request.reason }],
  });
}

/** A created (or found) ServiceRequest: its id there, the gateway's id it carries, and its status read as the port's. */
export function createdServiceRequestFromFhir(json: string): { id: string; requestId: string; status: ServiceRequestStatus } {
  const request = resourceOfType(json, 'ServiceRequest');
  const ours = listOf(request, 'identifier').find((identifier) => identifier.nullableField('system')?.text() === SERVICE_REQUEST_ID_SYSTEM);
  if (ours === undefined) return request.field('identifier').fail(`has no ${SERVICE_REQUEST_ID_SYSTEM} identifier`);
  const status = request.field('status').string(SERVICE_REQUEST_STATUS);
  return { id: request.field('id').string(FHIR_ID), requestId: ours.field('value').text(), status: WITHDRAWN.has(status) ? 'DECLINED' : 'SENT' };
}

/**
 * A ServiceRequest's progress from `ServiceRequest?_id=..&_revinclude=Task:based-on`:
 * null when the search found no such request. Withdrawn there, it is
 * DECLINED; otherwise its newest Task (by `lastModified`, else the last in
 * the Bundle) says where it is; no Task yet is SENT.
 */
export function serviceRequestProgressFromFhir(resources: readonly JsonCursor[], id: string): { status: ServiceRequestStatus; reason: string | null } | null {
  const request = ofType(resources, 'ServiceRequest').find((resource) => resource.field('id').string(FHIR_ID) === id);
  if (request === undefined) return null;
  const requestStatus = request.field('status').string(SERVICE_REQUEST_STATUS);
  if (WITHDRAWN.has(requestStatus)) return { status: 'DECLINED', reason: null };
  const tasks = ofType(resources, 'Task')
    .filter((task) => listOf(task, 'basedOn').some((basedOn) => referencedId(basedOn, 'ServiceRequest') === id))
    .map((task, order) => ({ task, order, at: task.nullableField('lastModified')?.string(INSTANT) ?? null }));
  const newest = tasks.sort((a, b) => (Date.parse(a.at ?? '') || 0) - (Date.parse(b.at ?? '') || 0) || a.order - b.order).at(-1)?.task;
  if (newest === undefined) return { status: requestStatus === 'completed' ? 'ACCEPTED' : 'SENT', reason: null };
  const status = newest.field('status').string(TASK_STATUS);
  return { status, reason: status === 'DECLINED' ? (newest.nullableField('statusReason')?.nullableField('text')?.text() ?? null) : null };
}

/** The first issue's code of an OperationOutcome (`not-found`, `invalid`), or null for any other body. */
export function outcomeCodeFromFhir(json: string): string | null {
  try {
    const issue = listOf(resourceOfType(json, 'OperationOutcome'), 'issue')[0];
    const code = issue ? issue.field('code').text() : null;
    return code !== null && /^[a-z][a-z-]{0,39}$/.test(code) ? code : null;
  } catch {
    return null;
  }
}

// ---- The system's side (the simulator): writing resources, reading a ServiceRequest ----

/** What the simulator holds of a person: the Patient and their episodes of care, each with its own team. */
export interface SimulatedPatient {
  patientId: string;
  nhsNumber: string;
  episodes: SimulatedEpisode[];
}

export interface SimulatedEpisode {
  id: string;
  status: 'active' | 'finished';
  service: CommunityService;
  since: string;
  organisation: string;
  team: { id: string; name: string; phone: string | null; members: { practitionerId: string; name: string; role: string }[] };
  /** Index in `team.members` of the care manager; null: none named. */
  careManager: number | null;
}

export function patientToFhir(patient: SimulatedPatient): object {
  return { resourceType: 'Patient', id: patient.patientId, identifier: [{ system: NHS_NUMBER_SYSTEM, value: patient.nhsNumber }] };
}

export function episodeToFhir(patient: SimulatedPatient, episode: SimulatedEpisode): object {
  const manager = episode.careManager === null ? null : episode.team.members[episode.careManager]!;
  return {
    resourceType: 'EpisodeOfCare',
    id: episode.id,
    status: episode.status,
    type: [{ coding: [{ system: COMMUNITY_SERVICE_SYSTEM, code: SERVICE_CODES[episode.service], display: SERVICE_NAMES[episode.service] }] }],
    patient: { reference: `Patient/${patient.patientId}` },
    managingOrganization: { display: episode.organisation },
    period: { start: episode.since },
    ...(manager ? { careManager: { reference: `Practitioner/${manager.practitionerId}`, display: manager.name } } : {}),
    team: [{ reference: `CareTeam/${episode.team.id}` }],
  };
}

export function careTeamToFhir(patient: SimulatedPatient, episode: SimulatedEpisode): object {
  const { team } = episode;
  return {
    resourceType: 'CareTeam',
    id: team.id,
    status: episode.status === 'active' ? 'active' : 'inactive',
    name: team.name,
    subject: { reference: `Patient/${patient.patientId}` },
    period: { start: episode.since },
    participant: team.members.map((member) => ({
      role: [{ text: member.role }],
      member: { reference: `Practitioner/${member.practitionerId}`, display: member.name },
    })),
    ...(team.phone === null ? {} : { telecom: [{ system: 'phone', value: team.phone, use: 'work' }] }),
  };
}

export function searchsetToFhir(resources: readonly object[], selfUrl: string): string {
  return JSON.stringify({
    resourceType: 'Bundle',
    type: 'searchset',
    total: resources.length,
    link: [{ relation: 'self', url: selfUrl }],
    entry: resources.map((resource) => ({ resource, search: { mode: 'match' } })),
  });
}

/** A ServiceRequest as the simulator keeps it. */
export interface StoredServiceRequest extends NewServiceRequest {
  id: string;
}

export function storedServiceRequestToFhir(stored: StoredServiceRequest, patientId: string): object {
  return {
    ...(JSON.parse(serviceRequestToFhir(stored)) as object),
    id: stored.id,
    subject: { reference: `Patient/${patientId}`, identifier: { system: NHS_NUMBER_SYSTEM, value: stored.nhsNumber } },
  };
}

export function taskToFhir(id: string, serviceRequestId: string, status: string, lastModified: string, reason: string | null): object {
  return {
    resourceType: 'Task',
    id,
    status,
    intent: 'order',
    basedOn: [{ reference: `ServiceRequest/${serviceRequestId}` }],
    lastModified,
    ...(reason === null ? {} : { statusReason: { text: reason } }),
  };
}

/** A ServiceRequest POSTed to the simulator, as the port's request; CommunityHealthFhirError (422) where it is not the contract. */
export function newServiceRequestFromFhir(json: string): NewServiceRequest {
  const request = resourceOfType(json, 'ServiceRequest');
  const ours = listOf(request, 'identifier').find((identifier) => identifier.nullableField('system')?.text() === SERVICE_REQUEST_ID_SYSTEM);
  if (ours === undefined) return request.field('identifier').fail(`has no ${SERVICE_REQUEST_ID_SYSTEM} identifier`);
  const subject = request.field('subject').field('identifier');
  if (subject.field('system').text() !== NHS_NUMBER_SYSTEM) subject.field('system').fail(`is not ${NHS_NUMBER_SYSTEM}`);
  const category = listOf(request, 'category').flatMap((concept) => listOf(concept, 'coding')).find((coding) => coding.nullableField('system')?.text() === COMMUNITY_SERVICE_SYSTEM);
  if (category === undefined) return request.field('category').fail(`has no ${COMMUNITY_SERVICE_SYSTEM} coding`);
  const code = category.field('code').text();
  const service = (Object.keys(SERVICE_CODES) as CommunityService[]).find((key) => SERVICE_CODES[key] === code);
  if (service === undefined) return category.field('code').fail(`is not one of ${Object.values(SERVICE_CODES).join(', ')}`);
  const reason = listOf(request, 'reasonCode')[0];
  if (reason === undefined) return request.field('reasonCode').fail('is missing');
  return {
    requestId: ours.field('value').text(),
    nhsNumber: subject.field('value').string(NHS_NUMBER),
    service,
    reason: reason.field('text').text(),
    requester: request.field('requester').field('display').text(),
    occurredAt: request.field('authoredOn').string(INSTANT),
  };
}

export function operationOutcomeToFhir(code: string, diagnostics: string): string {
  return JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] });
}
