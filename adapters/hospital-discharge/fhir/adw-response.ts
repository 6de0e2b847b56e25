/**
 * The council's ADW business response to a trust's notice: a DSTU2 message
 * Bundle whose MessageHeader names the answer as its event (accept or reject
 * of the notice answered, `adw-events.ts`), points at the notice through
 * `response.identifier` (the notice's MessageHeader.id) and goes from the
 * council's ODS endpoint to the trust's. `response.code` is `ok` either way:
 * a reject is a business answer to a message that was processed, as in NHS
 * Digital's Assessment Notice Reject Response example. The ReferralRequest
 * carries the notice's referral identifier so the trust can tie the answer
 * to its referral. Pure: the caller supplies ids and time; send it as JSON
 * or through toFhirXml.
 */
import type { Instant } from '../../../src/referrals/ports.js';
import { ADW_RESPONSE_EVENTS, type AdwNotice, SNOMED_CT } from './adw-events.js';
import type { FhirElement, FhirResource } from './fhir-resource.js';
import { odsEndpoint } from './ods-codes.js';

export const ADW_MESSAGE_BUNDLE_PROFILE = 'https://fhir.nhs.uk/StructureDefinition/ADW-Message-Bundle-1';
/** ADW-NoticeRejectReason-1 has one code: "Other - Free Text", the words going in `reason.text`. */
const REJECT_REASON = { system: 'https://fhir.nhs.uk/ADW-NoticeRejectReason-1', code: 'OFT', display: 'Other - Free Text' };

export interface AdwBusinessResponseInput {
  /** New UUIDs for the response's Bundle, MessageHeader and ReferralRequest. */
  bundleId: string;
  responseId: string;
  referralRequestId: string;
  timestamp: Instant;
  /** The notice answered: its MessageHeader.id (the control id) and kind (`adwNoticeOf(eventCode)`). */
  originalMessageHeaderId: string;
  originalNotice: AdwNotice;
  /** The notice's ReferralRequest.identifier value: the spell id the hub keeps. */
  referralId: string;
  councilOdsCode: string;
  trustOdsCode: string;
  accepted: boolean;
  /** Why, in words for the ward; a reject should always say. */
  reason: string | null;
}

export function buildAdwBusinessResponse(input: AdwBusinessResponseInput): FhirResource {
  const answers = ADW_RESPONSE_EVENTS[input.originalNotice];
  const event = input.accepted ? answers.accept : answers.reject;
  const referralUrl = `urn:uuid:${input.referralRequestId}`;
  const messageHeader: FhirResource = {
    resourceType: 'MessageHeader',
    id: input.responseId,
    timestamp: input.timestamp,
    event: { system: SNOMED_CT, code: event.code, display: event.display },
    response: { identifier: input.originalMessageHeaderId, code: 'ok' },
    source: { endpoint: odsEndpoint(input.councilOdsCode) },
    destination: [{ endpoint: odsEndpoint(input.trustOdsCode) }],
    ...responseReason(input),
    data: [{ reference: referralUrl }],
  };
  const withdrawal = input.originalNotice === 'WITHDRAW_ALL' || input.originalNotice === 'WITHDRAW_DISCHARGE';
  const referralRequest: FhirResource = {
    resourceType: 'ReferralRequest',
    id: input.referralRequestId,
    status: !input.accepted ? 'rejected' : withdrawal ? 'cancelled' : 'accepted',
    identifier: [{ value: input.referralId }],
  };
  return {
    resourceType: 'Bundle',
    id: input.bundleId,
    meta: { profile: [ADW_MESSAGE_BUNDLE_PROFILE] },
    type: 'message',
    entry: [
      { fullUrl: `urn:uuid:${input.responseId}`, resource: messageHeader },
      { fullUrl: referralUrl, resource: referralRequest },
    ],
  };
}

function responseReason({ accepted, reason }: AdwBusinessResponseInput): { reason?: FhirElement } {
  const words = reason === null ? {} : { text: reason };
  if (!accepted) return { reason: { coding: [REJECT_REASON], ...words } };
  return reason === null ? {} : { reason: words };
}
