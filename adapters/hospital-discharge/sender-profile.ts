/**
 * Real senders differ, so what varies between them is configuration, not
 * code. A trust's profile says which MSH-4 facilities it sends as, whether it
 * may use MLLP (which carries no token), where its NHS number sits in PID-3,
 * which code tables it uses, which segment carries the pathway and which of
 * its own FHIR event codes mean which event. A trust
 * with no profile gets `defaultSenderProfile`, which follows the ITK
 * conventions and accepts the common PID-3 variants.
 */
import { ConfigError } from '../../src/errors.js';
import { type FhirEventMapping, isR4Event, R4_EVENTS } from './fhir/r4-events.js';
import { isKnownCharset, KNOWN_CHARSETS } from './hl7v2/charset.js';

/** A place in an HL7 v2 message: a field of a segment (`ZU1-3`), or the value of the OBX whose OBX-3.1 is `obx`. */
export type FieldPointer = { segment: string; field: number; component?: number } | { obx: string };

/** A field beside each NK1: no OBX, which belongs to the message, not to one contact. */
export type ContactFieldPointer = Exclude<FieldPointer, { obx: string }>;

export interface NhsNumberPlace {
  /** PID-3.4 assigning authority (`NHS`). */
  assigningAuthority: string;
  /** PID-3.5 identifier type codes accepted; `''` is a repetition with no type. */
  typeCodes: string[];
}

export interface SenderProfile {
  trustOdsCode: string;
  /**
   * MSH-4 values (namespace id or universal id) this trust's messages carry.
   * null: its own ODS code and its sites' (the trust's code and two more).
   */
  facilities: string[] | null;
  /** May send over MLLP; its messages are then taken as from this trust. */
  mllp: boolean;
  nhsNumberPlaces: NhsNumberPlace[];
  /** Treat an NHS number with no PID-32 status as verified: for a PAS that only ever sends traced numbers. */
  nhsNumberVerifiedWhenUnstated: boolean;
  /** PV1-36/37: `ITK` codes (NHS Data Dictionary, given their names) or `TEXT` (kept as sent). */
  dischargeCodes: 'ITK' | 'TEXT';
  /** Character set when MSH-18 is empty (HL7 table 0211 name). */
  defaultCharset: string;
  pathwayField: FieldPointer | null;
  dischargeReadyField: FieldPointer | null;
  /** Where the spell number is when PV1-19 is empty (PV1-50 alternate visit id, PID-18 account number); null: PV1-19 only. */
  spellIdField: FieldPointer | null;
  /**
   * Where the trust marks a contact next of kin or main carer when NK1 does
   * not say it: a field of NK1 itself (`NK1-40`), or of the segment that
   * follows each NK1 (`ZNK-2`), holding `Y` for yes. null: NK1 alone says it.
   */
  nextOfKinField: ContactFieldPointer | null;
  mainCarerField: ContactFieldPointer | null;
  /** ADW business responses (accept, decline) are posted here; null: none are sent. */
  adwResponseUrl: string | null;
  /** The trust's own R4 event codes (or eventUris) and the taken event each means. */
  fhirEvents: FhirEventMapping[];
  /** The ACKs of an FHS/BHS batch: one after another (`UNWRAPPED`), or as a batch of their own (`BATCH`). */
  batchAcks: 'UNWRAPPED' | 'BATCH';
}

export function defaultSenderProfile(trustOdsCode: string): SenderProfile {
  return {
    trustOdsCode,
    facilities: null,
    mllp: false,
    // `^^^NHS^NH` is the HL7 UK form, `^^^NHS` the ITK CX profile, `^^^NHS^HN` what some Epic sites send.
    nhsNumberPlaces: [{ assigningAuthority: 'NHS', typeCodes: ['NH', '', 'HN'] }],
    nhsNumberVerifiedWhenUnstated: false,
    dischargeCodes: 'ITK',
    defaultCharset: 'UNICODE UTF-8',
    pathwayField: null,
    dischargeReadyField: null,
    spellIdField: null,
    nextOfKinField: null,
    mainCarerField: null,
    adwResponseUrl: null,
    fhirEvents: [],
    batchAcks: 'UNWRAPPED',
  };
}

const ODS_CODE = /^[A-Z0-9]{3,10}$/;

/** Reads `FEED_SENDERS_FILE`'s JSON: an array of partial profiles, each with at least `trustOdsCode`. */
export function parseSenderProfiles(json: unknown, variable = 'FEED_SENDERS_FILE'): SenderProfile[] {
  if (!Array.isArray(json)) throw new ConfigError(variable, 'must be a JSON array of sender profiles');
  const seenFacilities = new Map<string, string>();
  const seenTrusts = new Set<string>();
  return json.map((entry: unknown, index) => {
    const at = `${variable}[${index}]`;
    if (typeof entry !== 'object' || entry === null) throw new ConfigError(at, 'must be an object');
    const raw = entry as Record<string, unknown>;
    const trust = raw.trustOdsCode;
    if (typeof trust !== 'string' || !ODS_CODE.test(trust)) {
      throw new ConfigError(`${at}.trustOdsCode`, 'must be an ODS code (3 to 10 capital letters and digits)');
    }
    if (seenTrusts.has(trust)) throw new ConfigError(`${at}.trustOdsCode`, `${trust} has a profile already: one profile per trust`);
    seenTrusts.add(trust);
    const profile = defaultSenderProfile(trust);
    for (const [key, value] of Object.entries(raw)) {
      if (key === 'trustOdsCode') continue;
      if (!(key in profile)) throw new ConfigError(`${at}.${key}`, `is not a sender profile setting (known: ${Object.keys(profile).join(', ')})`);
      checkSetting(`${at}.${key}`, key as keyof SenderProfile, value);
      (profile as unknown as Record<string, unknown>)[key] = value;
    }
    for (const facility of profile.facilities ?? [trust]) {
      const other = seenFacilities.get(facility);
      if (other !== undefined && other !== trust) {
        throw new ConfigError(`${at}.facilities`, `facility ${facility} is already ${other}'s`);
      }
      seenFacilities.set(facility, trust);
    }
    return profile;
  });
}

function checkSetting(at: string, key: keyof SenderProfile, value: unknown): void {
  const fail = (expected: string): never => {
    throw new ConfigError(at, `must be ${expected}`);
  };
  switch (key) {
    case 'trustOdsCode':
      return;
    case 'facilities':
      if (!Array.isArray(value) || value.length === 0 || !value.every((f) => typeof f === 'string' && f !== '')) {
        fail('a non-empty array of MSH-4 values');
      }
      return;
    case 'mllp':
    case 'nhsNumberVerifiedWhenUnstated':
      if (typeof value !== 'boolean') fail('true or false');
      return;
    case 'nhsNumberPlaces':
      if (
        !Array.isArray(value) ||
        !value.every(
          (p: unknown) =>
            typeof p === 'object' &&
            p !== null &&
            typeof (p as NhsNumberPlace).assigningAuthority === 'string' &&
            Array.isArray((p as NhsNumberPlace).typeCodes) &&
            (p as NhsNumberPlace).typeCodes.every((t) => typeof t === 'string'),
        )
      ) {
        fail('an array of { assigningAuthority, typeCodes }');
      }
      return;
    case 'dischargeCodes':
      if (value !== 'ITK' && value !== 'TEXT') fail('"ITK" or "TEXT"');
      return;
    case 'defaultCharset':
      if (typeof value !== 'string' || !isKnownCharset(value)) fail(`a character set the gateway reads (${KNOWN_CHARSETS})`);
      return;
    case 'pathwayField':
    case 'dischargeReadyField':
    case 'spellIdField':
      if (value !== null && !isFieldPointer(value)) fail('null, { segment, field, component? } or { obx }');
      return;
    case 'nextOfKinField':
    case 'mainCarerField':
      if (value !== null && (!isFieldPointer(value) || 'obx' in value)) fail('null or { segment, field, component? }');
      return;
    case 'adwResponseUrl':
      if (value !== null && (typeof value !== 'string' || !URL.canParse(value))) fail('null or a URL');
      return;
    case 'fhirEvents':
      checkFhirEvents(at, value);
      return;
    case 'batchAcks':
      if (value !== 'UNWRAPPED' && value !== 'BATCH') fail('"UNWRAPPED" or "BATCH"');
      return;
  }
}

function checkFhirEvents(at: string, value: unknown): void {
  if (!Array.isArray(value)) throw new ConfigError(at, 'must be an array of { system, code, event } or { uri, event }');
  const seen = new Set<string>();
  value.forEach((entry: unknown, index) => {
    const here = `${at}[${index}]`;
    if (typeof entry !== 'object' || entry === null) throw new ConfigError(here, 'must be { system, code, event } or { uri, event }');
    const { event, ...named } = entry as Record<string, unknown>;
    const keys = Object.keys(named).sort().join(',');
    if ((keys !== 'code,system' && keys !== 'uri') || !Object.values(named).every((part) => typeof part === 'string' && part.trim() !== '')) {
      throw new ConfigError(here, 'must name the code as { system, code } or { uri }, each non-empty text, beside its event');
    }
    if (!isR4Event(event)) throw new ConfigError(`${here}.event`, `must be an event the gateway takes (${Object.keys(R4_EVENTS).join(', ')})`);
    const { uri, system, code } = named as Record<string, string>;
    const key = uri ?? `${system}|${code}`;
    if (seen.has(key)) throw new ConfigError(here, `${key} is mapped already: one event per code`);
    seen.add(key);
  });
}

function isFieldPointer(value: unknown): value is FieldPointer {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (typeof v.obx === 'string') return Object.keys(v).length === 1;
  return (
    typeof v.segment === 'string' &&
    /^[A-Z][A-Z0-9]{2}$/.test(v.segment) &&
    Number.isInteger(v.field) &&
    (v.field as number) > 0 &&
    (v.component === undefined || (Number.isInteger(v.component) && (v.component as number) > 0))
  );
}

/**
 * Finds the profile for a sending facility. A facility no profile names is
 * taken as its own ODS code, or, where it is an ODS site code, as its
 * trust's: the same holds for a trust whose profile leaves `facilities` out,
 * while one that lists them has narrowed them to the list.
 */
export function profileForFacility(profiles: readonly SenderProfile[], facility: string): SenderProfile | null {
  // Named first: a site that passed to another trust in a merger keeps its old trust's code.
  const named = profiles.find((p) => p.facilities?.includes(facility)) ?? profiles.find((p) => p.facilities === null && isOwnOdsCode(p.trustOdsCode, facility));
  if (named) return named;
  if (!ODS_CODE.test(facility)) return null;
  const trust = trustOfSite(facility);
  return defaultSenderProfile(trust !== null && !profiles.some((p) => p.trustOdsCode === trust) ? trust : facility);
}

/**
 * An NHS trust's sites have ODS codes of five characters, the trust's own
 * three and two more (`RX1AB`: a site of `RX1`), NHS Data Dictionary
 * "Organisation Site Code".
 */
const SITE_CODE = /^([A-Z0-9]{3})[A-Z0-9]{2}$/;

function trustOfSite(facility: string): string | null {
  return SITE_CODE.exec(facility)?.[1] ?? null;
}

function isOwnOdsCode(trust: string, facility: string): boolean {
  return facility === trust || trustOfSite(facility) === trust;
}
