/**
 * FHIR messages in (JSON or XML), OperationOutcome out, in the format the
 * message came in. The sender check and inbox are the same as for HL7 v2;
 * only the parsing and the reply differ.
 */
import {
  FeedMessageError,
  WrongSenderError,
  feedErrorOf,
  type DeliveryCredentials,
  type FeedEndpoint,
  type FeedReader,
  type FeedReading,
  type FeedReply,
  type InboxOutcome,
  type MessageFiling,
} from '../../src/inbox/ports.js';
import { fhirIdentifierSystem } from '../../src/customers/ports.js';
import { readingWarnings, type BusinessResponseRequest, type PersonDetails } from '../../src/referrals/ports.js';
import { parseFhirJson } from './fhir/fhir-json.js';
import type { FhirResource } from './fhir/fhir-resource.js';
import { readFhirText } from './fhir/fhir-text.js';
import { parseFhirXml, toFhirXml } from './fhir/fhir-xml.js';
import { readFhirMessageHeader, type FhirMessageHeader, type FhirVersion } from './fhir/message-header.js';
import { adwNoticeOf, isAdwResponseEvent } from './fhir/adw-events.js';
import { acceptedIssue, issueForFeedError, operationOutcome, warningIssue, type OutcomeIssue } from './fhir/operation-outcome.js';
import { translateFhirMessage } from './fhir/translate.js';
import { refusedSender, senderCheck } from './sender-check.js';
import type { SenderProfile } from './sender-profile.js';

export const FHIR_JSON = 'application/fhir+json';
export const FHIR_XML = 'application/fhir+xml';
const FORMAT_OF: Readonly<Record<string, 'json' | 'xml'>> = {
  [FHIR_JSON]: 'json',
  'application/json': 'json',
  [FHIR_XML]: 'xml',
  'application/xml': 'xml',
};

export function fhirReader(profiles: readonly SenderProfile[], format: 'json' | 'xml'): FeedReader {
  return (body, credentials) => readFhir(profiles, format, body, credentials);
}

function readFhir(profiles: readonly SenderProfile[], format: 'json' | 'xml', body: Buffer, credentials: DeliveryCredentials): FeedReading {
  let sender = credentials.trustOdsCode ?? 'UNKNOWN';
  let controlId: string | null = null;
  let messageType: string | null = null;
  try {
    const bundle = format === 'json' ? parseFhirJson(readFhirText(body, 'JSON')) : parseFhirXml(readFhirText(body, 'XML'));
    const header = readFhirMessageHeader(bundle);
    controlId = header.controlId;
    messageType = header.eventCode;
    let profile: SenderProfile;
    try {
      profile = senderCheck(profiles, header.sourceOdsCode, credentials, { path: 'MessageHeader.source' });
    } catch (error) {
      if (error instanceof WrongSenderError) sender = refusedSender(credentials, header.sourceOdsCode);
      throw error;
    }
    sender = profile.trustOdsCode;
    const message = translateFhirMessage(bundle, profile.fhirEvents);
    // The profile's trust, not the site code a sender may put in MessageHeader.source.
    const messageHeader = { ...message.header, senderOdsCode: sender, businessResponse: businessResponseTo(header) };
    return { sender, controlId, messageType, result: { ok: true, message: { ...message, header: messageHeader, person: withSendersIdentifiers(message.person, sender) } } };
  } catch (error) {
    if (!(error instanceof FeedMessageError)) throw error;
    return { sender, controlId, messageType, result: { ok: false, error } };
  }
}

/**
 * FHIR identifier systems are URIs any trust may send: each is taken as the
 * sender's own (FHIR:<trust>:<system>), so no trust can name, link through or
 * merge another trust's identifiers by sending its system.
 */
function withSendersIdentifiers(person: PersonDetails, sender: string): PersonDetails {
  return { ...person, localIds: person.localIds.map(({ system, value }) => ({ system: fhirIdentifierSystem(sender, system), value })) };
}

/** ADW assessment and discharge notices expect the council's accept or reject; withdrawals and R4 messages do not. */
function businessResponseTo(header: FhirMessageHeader): BusinessResponseRequest | null {
  if (header.fhirVersion !== 'DSTU2') return null;
  const notice = adwNoticeOf(header.eventCode);
  if (notice !== 'ASSESSMENT' && notice !== 'DISCHARGE') return null;
  return { protocol: 'ADW', noticeMessageId: header.controlId, noticeEvent: header.eventCode, replyTo: header.sourceOdsCode };
}

export function fhirEndpoint(inbox: MessageFiling, readers: ReadonlyMap<string, FeedReader>): FeedEndpoint {
  return {
    contentTypes: Object.keys(FORMAT_OF),
    refuse: (status, reason, contentType) =>
      reply(status, FORMAT_OF[contentType] ?? 'json', 'R4', [
        { severity: 'error', code: status === 401 ? 'login' : status === 403 ? 'forbidden' : 'invalid', diagnostics: reason },
      ]),
    async receive(body, contentType, credentials) {
      const format = FORMAT_OF[contentType] ?? 'json';
      const stored = format === 'json' ? FHIR_JSON : FHIR_XML;
      const reader = readers.get(stored)!;
      const reading = reader(body, credentials);
      const outcome = await inbox.receive({ transport: credentials.transport, contentType: stored, body }, reading);
      // Warnings come from reading the bytes, so a resend is answered with the same ones.
      const warnings = outcome.record.error === null ? readingWarnings(reading).map(({ location, text }) => warningIssue(location.path, text)) : [];
      return reply(httpStatusOf(outcome), format, fhirVersionOf(outcome.record.messageType), [issueOf(outcome), ...warnings]);
    },
  };
}

function issueOf({ record, duplicate }: InboxOutcome): OutcomeIssue {
  if (record.error === null) {
    const how = record.status === 'PARKED' ? 'stored and parked until the event it refers to arrives' : 'stored and applied';
    return acceptedIssue(`message ${record.controlId ?? record.id} ${duplicate ? 'was received before: ' : ''}${how} (inbox message ${record.id})`);
  }
  const error = feedErrorOf(record.error);
  const issue = issueForFeedError(error, error instanceof WrongSenderError ? 'forbidden' : undefined);
  const kept = record.status === 'FAILED' ? ` The message is kept (inbox message ${record.id}); an administrator can replay it after a fix.` : '';
  return { ...issue, diagnostics: `${issue.diagnostics}.${kept}` };
}

/** Applied or parked 200; failed (kept for replay) 422; refused 400, or 403 for a trust the caller may not speak for. */
function httpStatusOf({ record }: InboxOutcome): number {
  if (record.error === null) return 200;
  if (record.status === 'FAILED') return 422;
  return feedErrorOf(record.error) instanceof WrongSenderError ? 403 : 400;
}

/** ADW notices are DSTU2 and answered in DSTU2's shape; everything else here is R4. */
function fhirVersionOf(eventCode: string | null): FhirVersion {
  return eventCode !== null && (adwNoticeOf(eventCode) !== null || isAdwResponseEvent(eventCode)) ? 'DSTU2' : 'R4';
}

function reply(status: number, format: 'json' | 'xml', version: FhirVersion, issues: OutcomeIssue[]): FeedReply {
  const outcome: FhirResource = operationOutcome(issues, version);
  return format === 'json'
    ? { status, contentType: `${FHIR_JSON}; charset=utf-8`, body: JSON.stringify(outcome) }
    : { status, contentType: `${FHIR_XML}; charset=utf-8`, body: toFhirXml(outcome) };
}
