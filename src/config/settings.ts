/**
 * Every environment variable the gateway reads, in one table: its type,
 * default, range, whether it is a secret, what changes in a real deployment,
 * and what it means. The parser (load-config.ts), the defaults other modules
 * use and docs/configuration.md (npm run docs:config) all come from here, so
 * adding a setting is adding one row and reading it once.
 */

import { RESPONSE_TARGET_PATTERN } from '../performance/ports.js';

export type SettingArea =
  | 'Server'
  | 'Store'
  | 'Tokens'
  | 'Request limits'
  | 'Hospital feeds'
  | 'Referrals'
  | 'Outbox'
  | 'Equipment supplier'
  | 'Care records'
  | 'Casework'
  | 'Community health'
  | 'Onward referrals'
  | 'Performance';

/**
 * What changes in a real deployment: a gateway on a shared PostgreSQL
 * (DATABASE_URL) that takes real tokens (AUTH_MODE is not dev).
 */
export type ProductionRule =
  /** Start-up stops without it; the text says why, after "must be set when DATABASE_URL is set". */
  | { required: string }
  /** Its default is not the embedded one. */
  | { default: string }
  | { note: string };

interface SettingCommon {
  area: SettingArea;
  /** One line: what the setting does. */
  meaning: string;
  /** Never printed: not in an error, not in the docs. */
  secret?: true;
  production?: ProductionRule;
  /** For a default that depends on other settings; `default` then holds the embedded store's. */
  defaultText?: string;
}

export interface IntegerSetting extends SettingCommon {
  type: 'integer';
  default: number;
  min: number;
  max: number;
  unit?: string;
}

/** Read in seconds, written with a unit (`30m`, `12h`: see duration.ts). */
export interface DurationSetting extends SettingCommon {
  type: 'duration';
  default: number;
  min: number;
  max: number;
}

export interface BooleanSetting extends SettingCommon {
  type: 'boolean';
  default: boolean;
}

export interface StringSetting extends SettingCommon {
  type: 'string';
  default: string | null;
  pattern?: { test: RegExp; description: string };
  minLength?: number;
}

export interface EnumSetting extends SettingCommon {
  type: 'enum';
  default: string;
  allowed: readonly string[];
}

/** Unset by default: the absence means something (the simulator, dev tokens). */
export interface UrlSetting extends SettingCommon {
  type: 'url';
  default: null;
}

export interface PathSetting extends SettingCommon {
  type: 'path';
  default: string | null;
}

/** Text with a shape of its own, parsed by a module that knows it (a list of systems, JSON). */
export interface StructuredSetting extends SettingCommon {
  type: 'list' | 'json';
  default: null;
  format: string;
}

export type Setting = IntegerSetting | DurationSetting | BooleanSetting | StringSetting | EnumSetting | UrlSetting | PathSetting | StructuredSetting;

const MB = 1_048_576;
const REAL_TOKENS_REQUIRED = { required: ', since a shared store takes real tokens (AUTH_MODE=dev uses dev tokens on purpose)' } as const;
const REAL_TOKENS = { default: 'jwks: a shared store takes real tokens unless AUTH_MODE=dev says otherwise' } as const;

export const SETTINGS = {
  NODE_ENV: {
    area: 'Server',
    type: 'string',
    default: null,
    defaultText: 'unset (`production` with `npm run start:built`)',
    meaning: '`production`: no introspection, no schema hints in errors, no graphql-js development checks',
    production: { note: '`production` (npm run start:built sets it)' },
  },
  EXPLORER: {
    area: 'Server',
    type: 'boolean',
    default: true,
    defaultText: '`on`, `off` with `NODE_ENV=production`',
    meaning: "the GraphiQL explorer at `/explorer` and at `/graphql` for a browser, from the gateway's own bundle; `on` allows introspection in production too",
    production: { default: 'off: a production gateway shows no explorer and no schema unless `EXPLORER=on`' },
  },
  HOST: { area: 'Server', type: 'string', default: '127.0.0.1', meaning: 'interface to listen on', production: { note: '`0.0.0.0` in a container' } },
  PORT: { area: 'Server', type: 'integer', default: 4_000, min: 0, max: 65_535, meaning: 'HTTP port (`0`: any free port)' },
  LOG_LEVEL: {
    area: 'Server',
    type: 'enum',
    default: 'info',
    allowed: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    meaning: 'the least severe log line written',
  },
  SHUTDOWN_GRACE_MS: { area: 'Server', type: 'integer', default: 10_000, min: 0, max: 600_000, unit: 'ms', meaning: 'on SIGTERM, how long requests in flight may take to finish' },
  COUNCIL_ODS_CODE: {
    area: 'Server',
    type: 'string',
    default: 'X99LA',
    pattern: { test: /^[A-Z0-9]{3,10}$/, description: 'an ODS code (3 to 10 capital letters and digits)' },
    meaning: "the council's ODS code: the source of the business responses it sends trusts",
    production: { note: "the council's own code" },
  },
  CORS_ORIGINS: {
    area: 'Server',
    type: 'list',
    default: null,
    format: '`https://hub.example.gov.uk,http://localhost:5173`',
    defaultText: 'unset: none; the embedded dev start (dev tokens, embedded store, `NODE_ENV` not `production`) allows `http://localhost:*` and `http://127.0.0.1:*`',
    meaning: 'origins of browser pages that may call `/graphql` (CORS) and open its WebSocket (any other `Origin` is refused the upgrade, 403), exactly as browsers send them; `:*` means any port, on a loopback host only',
    production: { default: 'none: only the origins listed' },
  },

  DATA_DIR: { area: 'Store', type: 'path', default: './data', meaning: 'the embedded store (`DATA_DIR/pglite`), the dev signing key and the embedded key safe key' },
  DATABASE_URL: {
    area: 'Store',
    type: 'string',
    default: null,
    secret: true,
    defaultText: 'unset: the embedded PGlite store in `DATA_DIR`',
    meaning: 'a PostgreSQL server (`postgres://user@host:5432/db`) instead of the embedded store',
    production: { note: 'set: a shared store is what makes a deployment real' },
  },
  DATABASE_SCHEMA: {
    area: 'Store',
    type: 'string',
    default: 'public',
    pattern: { test: /^[a-z_][a-z0-9_]{0,62}$/, description: 'lower-case letters, digits and _' },
    meaning: "schema for the gateway's tables; one server can hold several councils' gateways",
  },
  DATABASE_POOL_SIZE: { area: 'Store', type: 'integer', default: 10, min: 1, max: 200, meaning: 'connections per gateway process (PostgreSQL)' },
  DATABASE_STATEMENT_TIMEOUT_MS: { area: 'Store', type: 'integer', default: 15_000, min: 100, max: 600_000, unit: 'ms', meaning: 'longest any one SQL statement may run (PostgreSQL)' },
  SEED_ON_EMPTY_STORE: {
    area: 'Store',
    type: 'boolean',
    default: true,
    defaultText: '`true` embedded, `false` with `DATABASE_URL`',
    meaning: 'fill an empty store with the synthetic hub on start',
    production: { default: 'false: synthetic people never land in a real database by accident' },
  },
  AUDIT_RETENTION_MONTHS: {
    area: 'Store',
    type: 'integer',
    default: 96,
    min: 0,
    max: 1_200,
    meaning: 'whole months of the audit trail kept (eight years: the usual term after care ends); `0` keeps every month',
  },

  AUTH_MODE: {
    area: 'Tokens',
    type: 'enum',
    default: 'dev',
    allowed: ['dev', 'jwks'],
    defaultText: '`jwks` if `AUTH_ISSUER`, `AUTH_JWKS_URL` or `DATABASE_URL` is set, else `dev`',
    meaning: "`dev`: the gateway's own tokens; `jwks`: a real issuer's",
    production: REAL_TOKENS,
  },
  AUTH_ISSUER: {
    area: 'Tokens',
    type: 'string',
    default: null,
    meaning: 'a real token issuer (goes with `AUTH_JWKS_URL`)',
    production: REAL_TOKENS_REQUIRED,
  },
  AUTH_JWKS_URL: {
    area: 'Tokens',
    type: 'url',
    default: null,
    meaning: 'where that issuer publishes its keys',
    production: REAL_TOKENS_REQUIRED,
  },
  AUTH_AUDIENCE: { area: 'Tokens', type: 'string', default: 'care-gateway', meaning: 'the `aud` tokens must carry' },
  // A working day or shift: a person signs in again the next.
  AUTH_MAX_TOKEN_LIFETIME: {
    area: 'Tokens',
    type: 'duration',
    default: 12 * 3_600,
    min: 60,
    max: 30 * 86_400,
    meaning: "longest a person's token may live, `iat` to `exp` (or now to `exp` without `iat`)",
  },
  // A feed engine renews its token unattended, so its tokens need not outlive a person's
  // by much; a day keeps feeds running through an identity provider's outage of a few hours.
  AUTH_MAX_MACHINE_TOKEN_LIFETIME: {
    area: 'Tokens',
    type: 'duration',
    default: 24 * 3_600,
    min: 60,
    max: 30 * 86_400,
    meaning: 'the same for machine (`SYSTEM`) tokens',
  },
  AUTH_CLOCK_SKEW_SECONDS: {
    area: 'Tokens',
    type: 'integer',
    default: 30,
    min: 0,
    max: 300,
    unit: 's',
    meaning: "how far the issuer's clock may be from the gateway's, for `iat`, `nbf` and `exp`",
  },
  PRINT_DEV_TOKENS: {
    area: 'Tokens',
    type: 'boolean',
    default: true,
    defaultText: '`true` with dev tokens on the embedded store, else `false`',
    meaning: 'print a token per role and a curl example on start',
    production: { default: 'false: dev tokens are never printed where logs collect them, unless asked' },
  },

  MAX_BODY_BYTES: { area: 'Request limits', type: 'integer', default: MB, min: 1_024, max: 100 * MB, unit: 'bytes', meaning: 'largest request body (HTTP 413 above)' },
  QUERY_MAX_DEPTH: { area: 'Request limits', type: 'integer', default: 12, min: 2, max: 100, meaning: 'deepest selection' },
  QUERY_MAX_ALIASES: { area: 'Request limits', type: 'integer', default: 30, min: 1, max: 1_000, meaning: 'aliases per operation' },
  // graphql-js parses and validates by recursion: beyond about 40,000 tokens a chain of
  // fragments exhausts the stack in validation (a 500), so the ceiling keeps a margin of four.
  QUERY_MAX_TOKENS: {
    area: 'Request limits',
    type: 'integer',
    default: 5_000,
    min: 100,
    max: 10_000,
    meaning: 'tokens per document; over it, HTTP 400 `GRAPHQL_PARSE_FAILED`',
  },
  // A hub board of 2,000 referrals with their customers and orders costs about 60,000.
  QUERY_MAX_COST: { area: 'Request limits', type: 'integer', default: 100_000, min: 100, max: 100_000_000, meaning: 'estimated cost, counting list sizes (`first`)' },
  MAX_PAGE_SIZE: { area: 'Request limits', type: 'integer', default: 2_000, min: 1, max: 100_000, meaning: 'largest `first` on any list' },

  MLLP_PORT: { area: 'Hospital feeds', type: 'integer', default: 2_575, min: 0, max: 65_535, meaning: 'the HL7 v2 MLLP listener (`0`: none)' },
  MLLP_HOST: { area: 'Hospital feeds', type: 'string', default: '127.0.0.1', defaultText: '`HOST`', meaning: 'interface the MLLP listener listens on' },
  // Larger than any ADT message; an ITK message with an embedded document is about 130 KB.
  MLLP_MAX_FRAME_BYTES: { area: 'Hospital feeds', type: 'integer', default: 4 * MB, min: 1_024, max: 100 * MB, unit: 'bytes', meaning: 'largest MLLP frame' },
  MLLP_IDLE_TIMEOUT_MS: {
    area: 'Hospital feeds',
    type: 'integer',
    default: 300_000,
    min: 100,
    max: 86_400_000,
    unit: 'ms',
    meaning: 'a connection silent this long is closed; a half-sent frame is dropped, never ACKed',
  },
  FEED_MAX_BODY_BYTES: {
    area: 'Hospital feeds',
    type: 'integer',
    default: 10 * MB,
    min: 1_024,
    max: 100 * MB,
    unit: 'bytes',
    meaning: 'largest HTTP feed body (several HL7 messages, or a FHIR Bundle with attachments)',
  },
  FEED_SENDERS_FILE: {
    area: 'Hospital feeds',
    type: 'path',
    default: null,
    defaultText: 'unset: defaults for every trust',
    meaning: 'JSON file of per-sender profiles (see adapters/hospital-discharge/README.md)',
  },
  INBOX_RETENTION_DAYS: {
    area: 'Hospital feeds',
    type: 'integer',
    default: 90,
    min: 1,
    max: 3_650,
    meaning: 'bodies of applied and refused messages are pruned after this many days; failed and parked ones are kept',
  },

  // Four weeks: a person back in need after longer is a new referral, assessed afresh.
  REFERRAL_REOPEN_WINDOW: {
    area: 'Referrals',
    type: 'duration',
    default: 28 * 86_400,
    min: 60,
    max: 366 * 86_400,
    meaning: 'how long after a referral is declined or closed the hub may reopen it (`reopenReferral`)',
  },

  PERFORMANCE_TRIAGE_TARGET: {
    area: 'Performance',
    type: 'string',
    default: 'SAME_DAY',
    pattern: RESPONSE_TARGET_PATTERN,
    meaning: "the hub's target for triaging a referral, for `hubPerformance`'s `timeToTriage.withinTarget`: `SAME_DAY` (triaged on the calendar day it was received, in Europe/London) or a duration from its receipt (`4h`)",
  },
  PERFORMANCE_DECISION_TARGET: {
    area: 'Performance',
    type: 'string',
    default: 'SAME_DAY',
    pattern: RESPONSE_TARGET_PATTERN,
    meaning: "the hub's target for accepting or declining a referral, for `hubPerformance`'s `timeToDecision.withinTarget`: as PERFORMANCE_TRIAGE_TARGET",
  },

  OUTBOX_POLL_MS: { area: 'Outbox', type: 'integer', default: 500, min: 10, max: 60_000, unit: 'ms', meaning: 'how often the outbox dispatcher looks for calls due' },
  OUTBOX_TIMEOUT_MS: { area: 'Outbox', type: 'integer', default: 10_000, min: 100, max: 300_000, unit: 'ms', meaning: "one outside call's timeout" },
  OUTBOX_MAX_ATTEMPTS: { area: 'Outbox', type: 'integer', default: 12, min: 1, max: 1_000, meaning: 'attempts before a call is given up (`DEAD`, kept with its error)' },
  OUTBOX_BREAKER_OPEN_MS: {
    area: 'Outbox',
    type: 'integer',
    default: 30_000,
    min: 10,
    max: 3_600_000,
    unit: 'ms',
    meaning: "how long a destination's breaker stays open after it trips, before one call is let through to try",
  },
  OUTBOX_BACKOFF_INITIAL_MS: { area: 'Outbox', type: 'integer', default: 1_000, min: 1, max: 3_600_000, unit: 'ms', meaning: "the first retry's delay (exponential backoff with jitter)" },
  OUTBOX_BACKOFF_MAX_MS: { area: 'Outbox', type: 'integer', default: 15 * 60_000, min: 1, max: 86_400_000, unit: 'ms', meaning: 'the longest delay between attempts' },

  SUPPLIER_URL: {
    area: 'Equipment supplier',
    type: 'url',
    default: null,
    defaultText: 'unset: the simulator on loopback',
    meaning: "the equipment supplier's XML interface",
    production: { required: ': a real deployment orders from the real supplier, not the simulator' },
  },
  SUPPLIER_API_KEY: {
    area: 'Equipment supplier',
    type: 'string',
    default: null,
    secret: true,
    defaultText: 'unset (a fresh one for the simulator)',
    meaning: 'sent as `Authorization: Bearer` to the supplier',
  },
  SUPPLIER_CALLBACK_SECRET: {
    area: 'Equipment supplier',
    type: 'string',
    default: null,
    secret: true,
    minLength: 16,
    defaultText: 'unset (a fresh one for the simulator)',
    meaning: 'the HMAC secret agreed with the supplier to sign its callbacks; required with `SUPPLIER_URL`',
  },
  SUPPLIER_TIMEOUT_MS: {
    area: 'Equipment supplier',
    type: 'integer',
    default: 5_000,
    min: 100,
    max: 120_000,
    unit: 'ms',
    meaning: "a catalogue fetch's timeout (calls through the outbox use `OUTBOX_TIMEOUT_MS`)",
  },
  SUPPLIER_CATALOGUE_TTL_SECONDS: {
    area: 'Equipment supplier',
    type: 'integer',
    default: 300,
    min: 0,
    max: 86_400,
    unit: 's',
    meaning: 'how long the catalogue is kept; the last good copy is served while the supplier is down',
  },
  SUPPLIER_DELIVERY_SPEEDS: {
    area: 'Equipment supplier',
    type: 'json',
    default: null,
    format: '`[{ "code", "description", "workingHours" }]`',
    defaultText: 'the five tiers of the contract (adapters/equipment-supplier/README.md)',
    meaning: "the contract's delivery speed tiers",
  },
  EQUIPMENT_COORDINATOR_LIMIT: {
    area: 'Equipment supplier',
    type: 'integer',
    default: 500,
    min: 0,
    max: 1_000_000,
    unit: 'pounds',
    meaning: 'an order above it waits for an occupational therapist',
  },
  KEY_SAFE_KEY: {
    area: 'Equipment supplier',
    type: 'string',
    default: null,
    secret: true,
    defaultText: 'unset: a key kept in `DATA_DIR/key-safe-key`',
    meaning: '32 bytes, base64 (`openssl rand -base64 32`): seals key safe codes',
    production: { required: ' (32 bytes, base64: openssl rand -base64 32)' },
  },
  SUPPLIER_SIMULATOR_STEP_MS: {
    area: 'Equipment supplier',
    type: 'integer',
    default: 3_000,
    min: 10,
    max: 3_600_000,
    unit: 'ms',
    meaning: "the simulator's time between an order's statuses (embedded default)",
  },

  CARE_RECORDS: {
    area: 'Care records',
    type: 'list',
    default: null,
    format: '`LAS=<url>,CAREFIRST=<url>`',
    defaultText: 'unset: simulators of both',
    meaning: 'the record systems read, in order of preference',
    production: { required: ': a real deployment reads and refers to the real record systems, never the simulators' },
  },
  CARE_RECORDS_API_KEY: {
    area: 'Care records',
    type: 'string',
    default: null,
    secret: true,
    defaultText: 'unset (a fresh one for the simulators)',
    meaning: 'sent to each record system (Bearer for LAS, the SOAP ApiKey header for CareFirst)',
  },
  CARE_RECORDS_TIMEOUT_MS: {
    area: 'Care records',
    type: 'integer',
    default: 2_000,
    min: 10,
    max: 120_000,
    unit: 'ms',
    meaning: "one record system call's timeout (a paged fetch's, queueing included)",
  },
  CARE_RECORDS_MAX_CONNECTIONS: { area: 'Care records', type: 'integer', default: 10, min: 1, max: 1_000, meaning: 'calls in flight to each record system at once; more wait their turn' },
  CARE_RECORDS_BREAK_AFTER: { area: 'Care records', type: 'integer', default: 5, min: 1, max: 1_000, meaning: "failures in a row that open a system's breaker" },
  CARE_RECORDS_BREAKER_OPEN_MS: { area: 'Care records', type: 'integer', default: 10_000, min: 10, max: 3_600_000, unit: 'ms', meaning: "how long a system's breaker stays open" },
  CARE_RECORDS_SIMULATOR_LATENCY_MS: {
    area: 'Care records',
    type: 'integer',
    default: 0,
    min: 0,
    max: 60_000,
    unit: 'ms',
    meaning: 'latency the record system simulators add to every answer (embedded default)',
  },

  CASEWORK_SYSTEM_TASK_TEAM: {
    area: 'Casework',
    type: 'string',
    default: 'Hub duty desk',
    minLength: 1,
    meaning: "the team given the tasks the gateway makes itself (a failed delivery, a call given up, an identity review waiting a day): the hub's duty desk",
  },
  CASEWORK_SWEEP_INTERVAL: {
    area: 'Casework',
    type: 'duration',
    default: 5 * 60,
    min: 1,
    max: 86_400,
    meaning: 'how often the gateway looks for calls given up and identity reviews waiting more than a day, to make their tasks',
  },

  CARE_RECORDS_SIMULATOR_STEP_MS: {
    area: 'Care records',
    type: 'integer',
    default: 5_000,
    min: 10,
    max: 3_600_000,
    unit: 'ms',
    meaning: "the simulators' time between a team referral's or community health ServiceRequest's statuses (received, acknowledged, accepted or declined; embedded default)",
  },

  ONWARD_SERVICES_FILE: {
    area: 'Onward referrals',
    type: 'path',
    default: null,
    defaultText: 'unset: src/onward/onward-services.json',
    meaning: 'JSON file of the kinds of onward referral hub staff may make, and where each goes (see docs/onward-referrals.md)',
  },
  ONWARD_POLL_MS: {
    area: 'Onward referrals',
    type: 'integer',
    default: 30_000,
    min: 10,
    max: 3_600_000,
    unit: 'ms',
    meaning: 'how often the gateway asks the targets where the onward referrals still open stand',
  },

  COMMUNITY_HEALTH_URL: {
    area: 'Community health',
    type: 'url',
    default: null,
    defaultText: 'unset: the simulator on loopback',
    production: { required: ': a real deployment reads and refers to the real community health system, never the simulator' },
    meaning: "community health's FHIR R4 base (`https://…/fhir/R4`); its timeout, connection limit, breaker and simulator latency are the `CARE_RECORDS_*` settings'",
  },
  COMMUNITY_HEALTH_API_KEY: {
    area: 'Community health',
    type: 'string',
    default: null,
    secret: true,
    defaultText: 'unset (a fresh one for the simulator)',
    meaning: 'sent as `Authorization: Bearer` to community health',
  },
} as const satisfies Record<string, Setting>;

export type SettingName = keyof typeof SETTINGS;

/** The names of the settings of one type, so the parser cannot read a setting as what it is not. */
export type SettingNameOf<T extends Setting['type']> = { [K in SettingName]: (typeof SETTINGS)[K]['type'] extends T ? K : never }[SettingName];

/** The values an enum setting allows, as a type: the table is the one place they are written. */
export type EnumValue<K extends SettingNameOf<'enum'>> = (typeof SETTINGS)[K]['allowed'][number];
