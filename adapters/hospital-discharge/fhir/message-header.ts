/**
 * What a FHIR message says about itself, read before anything else so that
 * the server can check the sending trust against the caller's token and key
 * the inbox by control id whether or not the rest translates.
 *
 * A FHIR message is a Bundle of type `message` whose first entry is its
 * MessageHeader (https://hl7.org/fhir/R4/messaging.html). DSTU2 (ADW) names
 * the event in `MessageHeader.event`, R4 in `eventCoding` or `eventUri`,
 * which is how the version is told apart. DSTU2 stamps the MessageHeader
 * (`timestamp`), R4 the Bundle (`Bundle.timestamp`).
 */
import type { DischargeMessageHeader, Instant } from '../../../src/referrals/ports.js';
import { type BundleEntries, readBundleEntries } from './bundle-references.js';
import { type At, element, elements, refuseAt, text, textValue } from './element-reading.js';
import { instantOf } from './fhir-dates.js';
import type { FhirResource } from './fhir-resource.js';
import { odsCodeOfEndpoint, odsCodeOfReference } from './ods-codes.js';

export type FhirVersion = 'DSTU2' | 'R4';

/** The id type, the same in DSTU2 and R4 (https://hl7.org/fhir/R4/datatypes.html#id). */
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

export interface FhirMessageHeader {
  /** The sender's ODS code (a trust or one of its sites: `RFM8C2`), from MessageHeader.source.endpoint or sender. */
  sourceOdsCode: string;
  /** MessageHeader.id, else Bundle.id: what a resend repeats and an ADW business response names. */
  controlId: string;
  bundleId: string | null;
  /** The event code (`975731000000100`, `document`) or R4 eventUri. */
  eventCode: string;
  eventSystem: string | null;
  sentAt: Instant;
  fhirVersion: FhirVersion;
}

/** The header with the parts the translator goes on to read. */
export interface FhirMessage {
  header: FhirMessageHeader;
  bundle: At<FhirResource>;
  messageHeader: At<FhirResource>;
  entries: BundleEntries;
}

export function readFhirMessageHeader(bundle: FhirResource): FhirMessageHeader {
  return readFhirMessage(bundle).header;
}

export function readFhirMessage(resource: FhirResource): FhirMessage {
  const type = resource.resourceType;
  if (type !== 'Bundle') {
    refuseAt(type, `not a message Bundle: a lone ${type} resource is not a message; send it in a Bundle of type message led by a MessageHeader`);
  }
  const bundle: At<FhirResource> = { value: resource, path: 'Bundle' };
  const bundleType = textValue(bundle, 'type');
  if (bundleType !== 'message') refuseAt('Bundle.type', `not a message Bundle: its type is ${bundleType ?? 'not given'}, not message`);
  const entries = readBundleEntries(bundle);
  const messageHeader = entries.resources[0];
  if (messageHeader?.path !== 'Bundle.entry[0].resource' || messageHeader.value.resourceType !== 'MessageHeader') {
    refuseAt('Bundle.entry[0].resource', 'the first entry of a message Bundle must be its MessageHeader');
  }
  return { header: readHeader(bundle, messageHeader, entries), bundle, messageHeader, entries };
}

function readHeader(bundle: At<FhirResource>, messageHeader: At<FhirResource>, entries: BundleEntries): FhirMessageHeader {
  const dstu2Event = element(messageHeader, 'event');
  const event = dstu2Event ?? element(messageHeader, 'eventCoding');
  const eventUri = text(messageHeader, 'eventUri')?.value;
  const eventCode = event ? textValue(event, 'code') : (eventUri ?? null);
  if (eventCode === null) refuseAt(`${messageHeader.path}.eventCoding`, 'the MessageHeader names no event', '201');

  const id = text(messageHeader, 'id') ?? text(bundle, 'id');
  if (id === undefined) refuseAt(`${messageHeader.path}.id`, 'neither the MessageHeader nor the Bundle has an id to identify the message by');
  // It keys the inbox, and an ADW business response's idempotency key, so it must be what FHIR says an id is.
  if (!FHIR_ID.test(id.value)) refuseAt(id.path, 'is not a FHIR id (1 to 64 letters, digits, "-" and ".")', '102');
  const controlId = id.value;

  const meta = element(bundle, 'meta');
  const stamp = text(messageHeader, 'timestamp') ?? text(bundle, 'timestamp') ?? (meta && text(meta, 'lastUpdated'));
  if (stamp === undefined) refuseAt('Bundle.timestamp', 'the message has no timestamp (MessageHeader.timestamp or Bundle.timestamp)');

  return {
    sourceOdsCode: sourceOdsCode(messageHeader, entries),
    controlId,
    bundleId: textValue(bundle, 'id'),
    eventCode,
    eventSystem: event ? textValue(event, 'system') : null,
    sentAt: instantOf(stamp),
    fhirVersion: dstu2Event ? 'DSTU2' : 'R4',
  };
}

function sourceOdsCode(messageHeader: At<FhirResource>, entries: BundleEntries): string {
  const source = element(messageHeader, 'source');
  const endpoint = source && textValue(source, 'endpoint');
  const fromEndpoint = endpoint ? odsCodeOfEndpoint(endpoint) : null;
  if (fromEndpoint) return fromEndpoint;
  const sender = element(messageHeader, 'sender');
  const fromSender = sender ? odsCodeOfReference(sender, entries.resolve) : null;
  if (fromSender) return fromSender;
  return refuseAt(
    `${messageHeader.path}.source.endpoint`,
    'the sender has no ODS code: MessageHeader.source.endpoint is not urn:nhs-uk:addressing:ods:<code> and MessageHeader.sender names no ODS organisation',
    '204',
  );
}

/** The port's header: the sender is the source's ODS code until the server maps it to a trust. */
export function dischargeMessageHeader(header: FhirMessageHeader): DischargeMessageHeader {
  return { senderOdsCode: header.sourceOdsCode, controlId: header.controlId, messageType: header.eventCode, sentAt: header.sentAt };
}

/**
 * The resources the MessageHeader says the message is about (R4 `focus`,
 * DSTU2 `data`) that are in the Bundle. NHS messaging profiles make the
 * focus mandatory, and nothing else says which of a Bundle's resources the
 * event is about: a Bundle may carry an old finished stay beside the current
 * one. So a message whose focus is missing, or names nothing in the Bundle,
 * is refused.
 */
export function messageFocus({ header, messageHeader, entries }: FhirMessage): At<FhirResource>[] {
  const element = header.fhirVersion === 'DSTU2' ? 'data' : 'focus';
  const path = `${messageHeader.path}.${element}`;
  const named = elements(messageHeader, element);
  if (named.length === 0) {
    refuseAt(path, `the MessageHeader has no ${element}: MessageHeader.${element} must name the resources the message is about`, '101');
  }
  const found = named.flatMap((reference) => entries.resolve(reference) ?? []);
  if (found.length === 0) {
    refuseAt(path, `MessageHeader.${element} names nothing in the Bundle: none of the resources it names is an entry of the message`, '101');
  }
  return found;
}
