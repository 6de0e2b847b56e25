/**
 * The hospital-discharge adapter as the gateway sees it (the HospitalFeeds
 * port): readers by stored content type, the HTTP endpoints, and the MLLP
 * listener, all configured with the same sender profiles.
 */
import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import { ConfigError } from '../../src/errors.js';
import type { FeedReader, HospitalFeeds } from '../../src/inbox/ports.js';
import { BUSINESS_RESPONSE } from '../../src/referrals/ports.js';
import { businessResponseSender } from './business-response-client.js';
import { FHIR_JSON, FHIR_XML, fhirEndpoint, fhirReader } from './fhir-feed.js';
import { guardedReader } from './guarded-reader.js';
import { HL7V2_CONTENT_TYPE, hl7v2Endpoint, hl7v2Reader } from './hl7v2-feed.js';
import { listenMllp } from './mllp-listener.js';
import { parseSenderProfiles, type SenderProfile } from './sender-profile.js';

export function createHospitalFeeds(profiles: readonly SenderProfile[], councilOdsCode: string, logger: Logger): HospitalFeeds {
  const hl7 = guardedReader(hl7v2Reader(profiles), logger);
  const readers = new Map<string, FeedReader>([
    [HL7V2_CONTENT_TYPE, hl7],
    [FHIR_JSON, guardedReader(fhirReader(profiles, 'json'), logger)],
    [FHIR_XML, guardedReader(fhirReader(profiles, 'xml'), logger)],
  ]);
  return {
    readers,
    endpoints: (inbox) => ({
      '/feeds/hl7v2': hl7v2Endpoint(inbox, hl7, profiles),
      '/feeds/fhir': fhirEndpoint(inbox, readers),
    }),
    listenMllp: (inbox, options) => listenMllp(inbox, hl7, options, logger),
    outboxSenders: { [BUSINESS_RESPONSE]: businessResponseSender(profiles, councilOdsCode) },
  };
}

/** FEED_SENDERS_FILE's profiles; none when it is not set. */
export async function loadSenderProfiles(file: string | null): Promise<SenderProfile[]> {
  if (file === null) return [];
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError('FEED_SENDERS_FILE', `cannot read ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError('FEED_SENDERS_FILE', `${file} is not JSON: ${(error as Error).message}`);
  }
  return parseSenderProfiles(json);
}
