/**
 * Sends the council's ADW business response (accept or reject of a notice)
 * to the trust's configured endpoint: the outbox's sender for
 * BUSINESS_RESPONSE calls. The message is built from the call alone, with ids
 * derived from its idempotency key and its time from when it was owed, so
 * every retry sends the same bytes and the trust can discard repeats.
 */
import { createHash } from 'node:crypto';
import axios, { type AxiosInstance } from 'axios';
import { PermanentSendError, type OutboxSender } from '../../src/outbox/ports.js';
import type { BusinessResponsePayload } from '../../src/referrals/ports.js';
import { formatIsoInstant } from '../../src/time/instants.js';
import { adwNoticeOf } from './fhir/adw-events.js';
import { buildAdwBusinessResponse } from './fhir/adw-response.js';
import { toFhirXml } from './fhir/fhir-xml.js';
import type { SenderProfile } from './sender-profile.js';

export function businessResponseSender(
  profiles: readonly SenderProfile[],
  councilOdsCode: string,
  http: AxiosInstance = axios.create(),
): OutboxSender {
  return async (call, signal) => {
    const payload = call.payload as BusinessResponsePayload;
    const url = profiles.find((p) => p.trustOdsCode === payload.trustOdsCode)?.adwResponseUrl;
    if (!url) {
      throw new PermanentSendError(`no ADW response endpoint is configured for ${payload.trustOdsCode} (adwResponseUrl in its sender profile)`);
    }
    const notice = adwNoticeOf(payload.notice.noticeEvent);
    if (notice === null) throw new PermanentSendError(`${payload.notice.noticeEvent} is not an ADW notice event`);
    const bundle = buildAdwBusinessResponse({
      bundleId: uuidFrom(call.idempotencyKey, 'bundle'),
      responseId: uuidFrom(call.idempotencyKey, 'message-header'),
      referralRequestId: uuidFrom(call.idempotencyKey, 'referral-request'),
      timestamp: formatIsoInstant(call.createdAt),
      originalMessageHeaderId: payload.notice.noticeMessageId,
      originalNotice: notice,
      referralId: payload.spellId,
      councilOdsCode,
      // Addressed to the site that sent the notice, as ADW routes by ODS endpoint.
      trustOdsCode: payload.notice.replyTo,
      accepted: payload.accepted,
      reason: payload.reason,
    });
    const response = await http.post(url, toFhirXml(bundle), {
      headers: { 'content-type': 'application/fhir+xml; charset=utf-8', 'idempotency-key': call.idempotencyKey },
      signal,
      validateStatus: () => true,
      responseType: 'text',
    });
    if (response.status >= 200 && response.status < 300) return;
    const message = `the trust's endpoint answered HTTP ${response.status}`;
    // 4xx but timeouts and throttling say the message itself is wrong: sending it again cannot help.
    if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
      throw new PermanentSendError(message);
    }
    throw new Error(message);
  };
}

/** A UUID fixed by the key and a purpose, so a resend carries the same ids. */
function uuidFrom(key: string, purpose: string): string {
  const hex = createHash('sha256').update(`${purpose}\u0000${key}`).digest('hex');
  // Shaped as a version 4 / variant 1 UUID, which is what FHIR readers expect of a urn:uuid.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
