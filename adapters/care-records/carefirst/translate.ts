/**
 * CareFirst's SOAP messages (README.md in this folder is the contract) to and
 * from the port's types, both sides: the envelopes the gateway sends and the
 * responses it reads into CareRecords, and the requests a CareFirst service
 * reads and the responses and faults it sends (the simulator). Pure functions.
 *
 * Written with fast-xml-parser's builder (which escapes text) under the
 * README's prefixes; read through `namespaced-xml.ts`, by namespace URI, so
 * that any prefix or a default namespace reads the same. A reader throws
 * CareFirstXmlError naming the XML path (or XmlRefusedError, for XML it will
 * not parse) for anything that is not the contract. Elements the contract
 * does not name are ignored, as SOAP services add fields between versions.
 */
import { XMLBuilder } from 'fast-xml-parser';
import type { CareRecord, CareRecordContact, TeamReferral, TeamReferralState } from '../../../src/care-records/ports.js';
import { BOOLEAN, DATE, type Format, INSTANT, NHS_NUMBER, oneOf, TEXT_VALUE } from '../../wire-formats.js';
import {
  type CareFirstOperation,
  type CareFirstRequest,
  type ClientSummary,
  type ContactRequest,
  FAULT_DETAIL_CODES,
  OPERATIONS,
  SERVICE_NAMESPACE,
  SOAP_ENVELOPE_NAMESPACE,
  SOAP_FAULT_CODES,
  type SoapAnswer,
  type SoapFault,
  type TeamReferralAnswer,
  type TeamReferralRequest,
} from './contract.js';
import { type NamespacedElement, readNamespacedDocument, type XmlName } from './namespaced-xml.js';
import {
  ALERT_PRIORITIES,
  alertCategoryOf,
  CASE_STATUS_CODES,
  caseStatusOf,
  PACKAGE_STATUS_CODES,
  packageStatusOf,
  severityOf,
  TEAM_REFERRAL_STATUS_CODES,
  teamReferralStatusOf,
} from './vocabulary.js';

export { CareFirstXmlError } from './namespaced-xml.js';

/** What a GetClientSummaries response says, in the gateway's words. */
export interface ClientSummaries {
  records: CareRecord[];
  unknownClientRefs: string[];
}

const CASE_STATUS = oneOf(CASE_STATUS_CODES);
const PACKAGE_STATUS = oneOf(PACKAGE_STATUS_CODES);
const PRIORITY = oneOf(ALERT_PRIORITIES);
const DETAIL_CODE = oneOf(FAULT_DETAIL_CODES);
const TEAM_REFERRAL_STATUS = oneOf(TEAM_REFERRAL_STATUS_CODES);

/** Pounds and pence as CareFirst shows money (`245.50`), read into whole pence without going through a float. */
const POUNDS: Format<number> = {
  expected: 'an amount in pounds (245.50)',
  read: (text) => {
    const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text);
    return match === null ? undefined : Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
  },
};

const HOURS: Format<number> = {
  expected: 'a number of hours (10.5)',
  read: (text) => (/^\d{1,3}(\.\d{1,2})?$/.test(text) ? Number(text) : undefined),
};

const SOAP = (local: string): XmlName => ({ namespace: SOAP_ENVELOPE_NAMESPACE, local });
const SERVICE = (local: string): XmlName => ({ namespace: SERVICE_NAMESPACE, local });
/** SOAP 1.1 puts a Fault's faultcode, faultstring and detail in no namespace. */
const UNQUALIFIED = (local: string): XmlName => ({ namespace: null, local });

// ---- Writing ------------------------------------------------------------------

/** An element's content for the builder, keys without prefixes; undefined leaves it out. */
interface XmlContent {
  [name: string]: string | XmlContent | XmlContent[] | string[] | undefined;
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', format: true, indentBy: '  ', suppressEmptyNode: true });

/** `content` with every element name in the service namespace, under the README's `cf` prefix. */
function inService(content: XmlContent): XmlContent {
  const qualify = (value: XmlContent[string]): XmlContent[string] => {
    if (Array.isArray(value)) return (value as (string | XmlContent)[]).map((item) => (typeof item === 'string' ? item : inService(item))) as XmlContent[] | string[];
    return typeof value === 'object' ? inService(value) : value;
  };
  return Object.fromEntries(Object.entries(content).map(([name, value]) => [`cf:${name}`, qualify(value)]));
}

/** A SOAP 1.1 envelope around `body` (already qualified), with the ApiKey header when there is a key. */
function envelope(body: XmlContent, apiKey: string | null = null): string {
  return builder.build({
    '?xml': { '@version': '1.0', '@encoding': 'utf-8' },
    'soap:Envelope': {
      '@xmlns:soap': SOAP_ENVELOPE_NAMESPACE,
      '@xmlns:cf': SERVICE_NAMESPACE,
      'soap:Header': apiKey === null ? undefined : inService({ ApiKey: apiKey }),
      'soap:Body': body,
    },
  });
}

function optional(value: string | number | null): string | undefined {
  return value === null ? undefined : String(value);
}

function pounds(pence: number): string {
  return `${Math.floor(pence / 100)}.${String(pence % 100).padStart(2, '0')}`;
}

// ---- Reading ------------------------------------------------------------------

/** A SOAP 1.1 envelope's Header, if any, and the one entry in its Body (a Fault, or an operation's element). */
function readEnvelope(xml: string): { header: NamespacedElement | null; entry: NamespacedElement } {
  const root = readNamespacedDocument(xml);
  if (!root.is(SOAP('Envelope'))) root.fail(`is not a SOAP 1.1 Envelope (${SOAP_ENVELOPE_NAMESPACE})`);
  const body = root.child('Body');
  const entries = body.elements();
  if (entries.length !== 1) body.fail(`holds ${entries.length} elements where the contract has one`);
  return { header: root.optionalChild('Header'), entry: entries[0]! };
}

/** The response `name`, read by `read`, or the Fault in its place. */
function readAnswer<T>(xml: string, name: string, read: (response: NamespacedElement) => T): SoapAnswer<T> {
  const { entry } = readEnvelope(xml);
  if (entry.is(SOAP('Fault'))) return { ok: false, fault: readFault(entry) };
  if (!entry.is(SERVICE(name))) entry.fail(`is not a ${name} in ${SERVICE_NAMESPACE}, nor a SOAP Fault`);
  return { ok: true, value: read(entry) };
}

function readFault(fault: NamespacedElement): SoapFault {
  const code = fault.child(UNQUALIFIED('faultcode'));
  const name = code.qualifiedNameValue();
  const faultCode =
    SOAP_FAULT_CODES.find((known) => name.namespace === SOAP_ENVELOPE_NAMESPACE && known === name.local) ??
    code.fail(`is not one of SOAP 1.1's fault codes (${SOAP_FAULT_CODES.join(', ')}) in ${SOAP_ENVELOPE_NAMESPACE}`);
  const detail = fault.optionalChild(UNQUALIFIED('detail'));
  return {
    faultCode,
    faultString: fault.child(UNQUALIFIED('faultstring')).text(),
    detailCode: detail === null ? null : detail.child(SERVICE('CareFirstFault')).childValue('Code', DETAIL_CODE),
  };
}

// ---- GetClientSummaries ---------------------------------------------------------

export function getClientSummariesRequestToXml(apiKey: string, clientRefs: readonly string[]): string {
  return envelope(inService({ GetClientSummaries: { ClientRefs: { ClientRef: [...clientRefs] } } }), apiKey);
}

export function clientSummariesResponseToXml(summaries: readonly ClientSummary[], unknownClientRefs: readonly string[]): string {
  return envelope(inService({ GetClientSummariesResponse: { ClientSummary: summaries.map(summaryContent), UnknownClientRef: [...unknownClientRefs] } }));
}

/** The response, each summary as a CareRecord read at `fetchedAt` (an ISO 8601 instant). */
export function clientSummariesResponseFromXml(xml: string, fetchedAt: string): SoapAnswer<ClientSummaries> {
  return readAnswer(xml, 'GetClientSummariesResponse', (response) => ({
    records: response.children('ClientSummary').map((summary) => toCareRecord(readSummary(summary), fetchedAt)),
    unknownClientRefs: response.children('UnknownClientRef').map((ref) => ref.value(TEXT_VALUE)),
  }));
}

function summaryContent(summary: ClientSummary): XmlContent {
  const { case: clientCase, package: carePackage } = summary;
  return {
    ClientRef: summary.clientRef,
    Forename: optional(summary.forename),
    Surname: summary.surname,
    DateOfBirth: optional(summary.dateOfBirth),
    NHSNumber: optional(summary.nhsNumber),
    Case: {
      Status: clientCase.status,
      OpenDate: optional(clientCase.openDate),
      Worker: clientCase.worker === null ? undefined : { Name: clientCase.worker.name, Role: optional(clientCase.worker.role), Phone: optional(clientCase.worker.phone) },
      Team: clientCase.team === null ? undefined : { Code: optional(clientCase.team.code), Name: clientCase.team.name },
    },
    Alerts: summary.alerts.length === 0 ? undefined : {
      Alert: summary.alerts.map((alert) => ({ Category: alert.category, Priority: alert.priority, Description: alert.description, RaisedDate: optional(alert.raisedDate) })),
    },
    Package: carePackage === null ? undefined : {
      Status: carePackage.status,
      StartDate: optional(carePackage.startDate),
      EndDate: optional(carePackage.endDate),
      WeeklyCost: carePackage.weeklyCostPence === null ? undefined : pounds(carePackage.weeklyCostPence),
      Services: carePackage.services.length === 0 ? undefined : {
        Service: carePackage.services.map((service) => ({ ServiceType: service.serviceType, Provider: optional(service.provider), HoursPerWeek: optional(service.hoursPerWeek) })),
      },
    },
    Carers: summary.carers.length === 0 ? undefined : {
      Carer: summary.carers.map((carer) => ({
        Name: carer.name,
        Relationship: carer.relationship,
        Phone: optional(carer.phone),
        LivesWithClient: String(carer.livesWithClient),
        MainCarer: String(carer.mainCarer),
      })),
    },
  };
}

function readSummary(summary: NamespacedElement): ClientSummary {
  const clientCase = summary.child('Case');
  const worker = clientCase.optionalChild('Worker');
  const team = clientCase.optionalChild('Team');
  const carePackage = summary.optionalChild('Package');
  return {
    clientRef: summary.childValue('ClientRef', TEXT_VALUE),
    forename: summary.optionalChildValue('Forename', TEXT_VALUE),
    surname: summary.childValue('Surname', TEXT_VALUE),
    dateOfBirth: summary.optionalChildValue('DateOfBirth', DATE),
    nhsNumber: summary.optionalChildValue('NHSNumber', NHS_NUMBER),
    case: {
      status: clientCase.childValue('Status', CASE_STATUS),
      openDate: clientCase.optionalChildValue('OpenDate', DATE),
      worker: worker === null ? null : {
        name: worker.childValue('Name', TEXT_VALUE),
        role: worker.optionalChildValue('Role', TEXT_VALUE),
        phone: worker.optionalChildValue('Phone', TEXT_VALUE),
      },
      team: team === null ? null : { code: team.optionalChildValue('Code', TEXT_VALUE), name: team.childValue('Name', TEXT_VALUE) },
    },
    alerts: (summary.optionalChild('Alerts')?.children('Alert') ?? []).map((alert) => ({
      category: alert.childValue('Category', TEXT_VALUE),
      priority: alert.childValue('Priority', PRIORITY),
      description: alert.childValue('Description', TEXT_VALUE),
      raisedDate: alert.optionalChildValue('RaisedDate', DATE),
    })),
    package: carePackage === null ? null : {
      status: carePackage.childValue('Status', PACKAGE_STATUS),
      startDate: carePackage.optionalChildValue('StartDate', DATE),
      endDate: carePackage.optionalChildValue('EndDate', DATE),
      weeklyCostPence: carePackage.optionalChildValue('WeeklyCost', POUNDS),
      services: (carePackage.optionalChild('Services')?.children('Service') ?? []).map((service) => ({
        serviceType: service.childValue('ServiceType', TEXT_VALUE),
        provider: service.optionalChildValue('Provider', TEXT_VALUE),
        hoursPerWeek: service.optionalChildValue('HoursPerWeek', HOURS),
      })),
    },
    carers: (summary.optionalChild('Carers')?.children('Carer') ?? []).map((carer) => ({
      name: carer.childValue('Name', TEXT_VALUE),
      relationship: carer.childValue('Relationship', TEXT_VALUE),
      phone: carer.optionalChildValue('Phone', TEXT_VALUE),
      livesWithClient: carer.childValue('LivesWithClient', BOOLEAN),
      mainCarer: carer.childValue('MainCarer', BOOLEAN),
    })),
  };
}

/** A summary in the port's words: CareFirst's codes mapped (vocabulary.ts), everything else as it was sent. */
function toCareRecord(summary: ClientSummary, fetchedAt: string): CareRecord {
  const { case: clientCase, package: carePackage } = summary;
  return {
    system: 'CAREFIRST',
    localId: summary.clientRef,
    fetchedAt,
    person: { familyName: summary.surname, givenName: summary.forename, dateOfBirth: summary.dateOfBirth, nhsNumber: summary.nhsNumber },
    caseStatus: caseStatusOf(clientCase.status),
    caseOpenedOn: clientCase.openDate,
    allocatedWorker: clientCase.worker,
    team: clientCase.team === null ? null : { name: clientCase.team.name, code: clientCase.team.code },
    alerts: summary.alerts.map((alert) => ({
      category: alertCategoryOf(alert.category),
      description: alert.description,
      raisedOn: alert.raisedDate,
      severity: severityOf(alert.priority),
    })),
    carePackage: carePackage === null ? null : {
      status: packageStatusOf(carePackage.status),
      startDate: carePackage.startDate,
      endDate: carePackage.endDate,
      weeklyCostPence: carePackage.weeklyCostPence,
      services: carePackage.services.map((service) => ({ type: service.serviceType, provider: service.provider, hoursPerWeek: service.hoursPerWeek })),
    },
    carers: summary.carers.map((carer) => ({
      name: carer.name,
      relationship: carer.relationship,
      phone: carer.phone,
      livesWithPerson: carer.livesWithClient,
      mainCarer: carer.mainCarer,
    })),
  };
}

// ---- RecordContact ------------------------------------------------------------------

/**
 * The contact as CareFirst's RecordContact. The gateway's contact id is the
 * ContactRef (its idempotency key); the referral id has no field in the
 * contract, and the summary names the referral in words.
 */
export function recordContactRequestToXml(apiKey: string, clientRef: string, contact: CareRecordContact): string {
  return envelope(
    inService({
      RecordContact: {
        ClientRef: clientRef,
        ContactRef: contact.contactId,
        Date: contact.occurredAt,
        Summary: contact.summary,
        Team: optional(contact.team),
        Worker: optional(contact.worker),
      },
    }),
    apiKey,
  );
}

export function recordContactResponseToXml(contactId: string): string {
  return envelope(inService({ RecordContactResponse: { ContactId: contactId } }));
}

export function recordContactResponseFromXml(xml: string): SoapAnswer<{ contactId: string }> {
  return readAnswer(xml, 'RecordContactResponse', (response) => ({ contactId: response.childValue('ContactId', TEXT_VALUE) }));
}

// ---- RecordTeamReferral and GetTeamReferralStatus ------------------------------------

/** The team referral as CareFirst's RecordTeamReferral: the gateway's id is the ReferralRef (its idempotency key). */
export function recordTeamReferralRequestToXml(apiKey: string, clientRef: string, referral: TeamReferral): string {
  return envelope(
    inService({
      RecordTeamReferral: {
        ClientRef: clientRef,
        ReferralRef: referral.teamReferralId,
        HubReferralRef: referral.referralId,
        TeamCode: referral.team,
        Service: referral.service,
        Reason: referral.reason,
        Details: optional(referral.details),
        RequestedBy: referral.requestedBy,
        Date: referral.requestedAt,
      },
    }),
    apiKey,
  );
}

export function getTeamReferralStatusRequestToXml(apiKey: string, referralId: string): string {
  return envelope(inService({ GetTeamReferralStatus: { ReferralId: referralId } }), apiKey);
}

function teamReferralAnswerContent(answer: TeamReferralAnswer): XmlContent {
  return { ReferralRef: answer.referralRef, ReferralId: answer.referralId, Status: answer.status, StatusReason: optional(answer.statusReason) };
}

export function recordTeamReferralResponseToXml(answer: TeamReferralAnswer): string {
  return envelope(inService({ RecordTeamReferralResponse: teamReferralAnswerContent(answer) }));
}

export function getTeamReferralStatusResponseToXml(answer: TeamReferralAnswer): string {
  return envelope(inService({ GetTeamReferralStatusResponse: teamReferralAnswerContent(answer) }));
}

/** A team referral answer in the gateway's words, with the ReferralRef it answers for. */
export interface TeamReferralReply {
  referralRef: string;
  state: TeamReferralState;
}

/** Either answer, in the gateway's words. */
function readTeamReferralAnswer(response: NamespacedElement): TeamReferralReply {
  return {
    referralRef: response.childValue('ReferralRef', TEXT_VALUE),
    state: {
      reference: response.childValue('ReferralId', TEXT_VALUE),
      status: teamReferralStatusOf(response.childValue('Status', TEAM_REFERRAL_STATUS)),
      reason: response.optionalChildValue('StatusReason', TEXT_VALUE),
    },
  };
}

export function recordTeamReferralResponseFromXml(xml: string): SoapAnswer<TeamReferralReply> {
  return readAnswer(xml, 'RecordTeamReferralResponse', readTeamReferralAnswer);
}

export function getTeamReferralStatusResponseFromXml(xml: string): SoapAnswer<TeamReferralReply> {
  return readAnswer(xml, 'GetTeamReferralStatusResponse', readTeamReferralAnswer);
}

// ---- The service's side: requests in, faults out ---------------------------------------

/** A request as a CareFirst service reads it. */
export function requestFromXml(xml: string): CareFirstRequest {
  const { header, entry } = readEnvelope(xml);
  const apiKey = header?.optionalChildValue(SERVICE('ApiKey'), TEXT_VALUE) ?? null;
  const operation = OPERATIONS.find((name: CareFirstOperation) => entry.is(SERVICE(name)));
  switch (operation) {
    case 'GetClientSummaries':
      return { operation, apiKey, clientRefs: entry.child('ClientRefs').children('ClientRef').map((ref) => ref.value(TEXT_VALUE)) };
    case 'RecordContact':
      return { operation, apiKey, contact: readContact(entry) };
    case 'RecordTeamReferral':
      return { operation, apiKey, referral: readTeamReferral(entry) };
    case 'GetTeamReferralStatus':
      return { operation, apiKey, referralId: entry.childValue('ReferralId', TEXT_VALUE) };
    case undefined:
      return entry.fail(`is not an operation of this service (${OPERATIONS.join(', ')}) in ${SERVICE_NAMESPACE}`);
  }
}

function readContact(request: NamespacedElement): ContactRequest {
  return {
    clientRef: request.childValue('ClientRef', TEXT_VALUE),
    contactRef: request.childValue('ContactRef', TEXT_VALUE),
    date: request.child('Date').text(),
    summary: request.child('Summary').text(),
    team: request.optionalChildValue('Team', TEXT_VALUE),
    worker: request.optionalChildValue('Worker', TEXT_VALUE),
  };
}

function readTeamReferral(request: NamespacedElement): TeamReferralRequest {
  return {
    clientRef: request.childValue('ClientRef', TEXT_VALUE),
    referralRef: request.childValue('ReferralRef', TEXT_VALUE),
    hubReferralRef: request.childValue('HubReferralRef', TEXT_VALUE),
    teamCode: request.child('TeamCode').text(),
    service: request.child('Service').text(),
    reason: request.child('Reason').text(),
    details: request.optionalChildValue('Details', TEXT_VALUE),
    requestedBy: request.child('RequestedBy').text(),
    date: request.child('Date').text(),
  };
}

/** A contact's Date as the service takes it: an ISO 8601 instant with an offset. */
export function isContactDate(text: string): boolean {
  return INSTANT.read(text) !== undefined;
}

export function faultToXml(fault: SoapFault): string {
  return envelope({
    'soap:Fault': {
      faultcode: `soap:${fault.faultCode}`,
      faultstring: fault.faultString,
      detail: fault.detailCode === null ? undefined : inService({ CareFirstFault: { Code: fault.detailCode } }),
    },
  });
}
