/**
 * Environment -> typed, validated configuration. Each setting is read by its
 * row in settings.ts, which holds its default and range; this file shapes
 * the values for the code that uses them and checks the rules that tie
 * settings together. Every bad setting stops start-up, all reported at once.
 */
import { DEFAULT_DELIVERY_SPEEDS, parseDeliverySpeeds, type DeliverySpeedTier } from '../equipment/delivery-speeds.js';
import { ConfigError } from '../errors.js';
import { parseResponseTarget, type PerformanceTargets } from '../performance/ports.js';
import { DEV_ALLOWED_ORIGINS, parseAllowedOrigins, type AllowedOrigins } from './allowed-origins.js';
import { SettingReader, type Env } from './setting-reader.js';
import { SETTINGS, type EnumValue, type SettingNameOf } from './settings.js';

export interface StoreConfig {
  dataDir: string;
  /** Null: the embedded PGlite store in dataDir. */
  databaseUrl: string | null;
  databaseSchema: string;
  databasePoolSize: number;
  databaseStatementTimeoutMs: number;
}

export interface GatewayConfig extends StoreConfig {
  /** NODE_ENV=production (start:built sets it): no introspection (unless the explorer is on), and no schema hints in errors. */
  production: boolean;
  /** The GraphiQL explorer at /explorer and at /graphql for a browser (EXPLORER). */
  explorer: boolean;
  host: string;
  port: number;
  /** Fill an empty store with the synthetic hub on start. */
  seedOnEmptyStore: boolean;
  auth: AuthConfig;
  limits: RequestLimits;
  logLevel: EnumValue<'LOG_LEVEL'>;
  /** Print dev tokens and a curl example on start (embedded default only). */
  printDevTokens: boolean;
  shutdownGraceMs: number;
  /** Months of the audit trail kept (whole months are dropped past it); null: kept for ever. */
  auditRetentionMonths: number | null;
  feeds: FeedConfig;
  /** The council's ODS code: the source of the business responses it sends trusts. */
  councilOdsCode: string;
  /** Origins of browser pages that may call /graphql (CORS_ORIGINS, or the dev start's loopback ports). */
  corsOrigins: AllowedOrigins;
  outbox: OutboxConfig;
  equipment: EquipmentConfig;
  careRecords: CareRecordsConfig;
  referrals: ReferralRules;
  casework: CaseworkConfig;
  communityHealth: CommunityHealthConfig;
  onward: OnwardConfig;
}

/** The hub's rules for its referral decisions. */
export interface ReferralRules {
  /** How long after a decline or close a referral may be reopened (REFERRAL_REOPEN_WINDOW). */
  reopenWindowSeconds: number;
  /** How soon the hub means to triage and decide a referral, for its figures (PERFORMANCE_TRIAGE_TARGET, PERFORMANCE_DECISION_TARGET). */
  targets: PerformanceTargets;
}

export interface CaseworkConfig {
  /** The team given the tasks the gateway makes itself. */
  systemTaskTeam: string;
  /** How often the sweep for calls given up and reviews waiting runs. */
  sweepIntervalMs: number;
}

export interface OnwardConfig {
  /** The kinds of onward referral (ONWARD_SERVICES_FILE); null: the project's own src/onward/onward-services.json. */
  servicesFile: string | null;
  /** How often the targets are asked where open onward referrals stand. */
  pollMs: number;
}

export type CareRecordSystem = 'LAS' | 'CAREFIRST';

/** Community health (FHIR R4); calls to it are timed, limited and broken as the record systems' are (CareRecordsConfig). */
export interface CommunityHealthConfig {
  /** The FHIR base; null: the embedded default's simulator. */
  url: URL | null;
  apiKey: string | null;
}

export interface CareRecordsConfig {
  /** The record systems and where they are, in the order their records are preferred; null: the embedded default's simulators of both. */
  systems: { system: CareRecordSystem; url: URL }[] | null;
  /** Sent to each system (Bearer for LAS, the SOAP ApiKey header for CareFirst). */
  apiKey: string | null;
  timeoutMs: number;
  /** Calls in flight to each system at once; more wait their turn. */
  maxConnections: number;
  breakAfter: number;
  halfOpenAfterMs: number;
  /** Latency the simulators add to every answer (embedded default only). */
  simulatorLatencyMs: number;
  /** Time between a simulated team referral's statuses (embedded default only). */
  simulatorStepMs: number;
}

export interface EquipmentConfig {
  /** Null: the embedded default, which runs the supplier simulator on loopback. */
  supplierUrl: URL | null;
  supplierApiKey: string | null;
  /** Shared with the supplier to sign its callbacks; null only with the simulator, which gets a fresh one. */
  callbackSecret: string | null;
  /** Timeout of a catalogue fetch (calls owed through the outbox use OUTBOX_TIMEOUT_MS). */
  supplierTimeoutMs: number;
  catalogueTtlMs: number;
  deliverySpeeds: DeliverySpeedTier[];
  coordinatorLimitPence: number;
  /** Null: a key kept in DATA_DIR (embedded default only). */
  keySafeKey: string | null;
  /** Time between a simulated order's statuses. */
  simulatorStepMs: number;
}

/** Fields that are whole-number settings as they stand: their names here, their meaning and range in the table. */
type IntegerFields = Readonly<Record<string, SettingNameOf<'integer'>>>;
type Integers<F extends IntegerFields> = { -readonly [K in keyof F]: number };

const OUTBOX_FIELDS = {
  pollMs: 'OUTBOX_POLL_MS',
  timeoutMs: 'OUTBOX_TIMEOUT_MS',
  maxAttempts: 'OUTBOX_MAX_ATTEMPTS',
  halfOpenAfterMs: 'OUTBOX_BREAKER_OPEN_MS',
  backoffInitialMs: 'OUTBOX_BACKOFF_INITIAL_MS',
  backoffMaxMs: 'OUTBOX_BACKOFF_MAX_MS',
} as const satisfies IntegerFields;
export type OutboxConfig = Integers<typeof OUTBOX_FIELDS>;

export interface FeedConfig {
  /** Null: no MLLP listener (MLLP_PORT=0). */
  mllpPort: number | null;
  mllpHost: string;
  mllpMaxFrameBytes: number;
  /** A connection silent this long is closed; a half-sent frame is dropped, never ACKed. */
  mllpIdleTimeoutMs: number;
  /** Largest HTTP feed body (several HL7 messages, or a FHIR Bundle with attachments). */
  maxBodyBytes: number;
  /** JSON file of per-sender profiles (see adapters/hospital-discharge/README.md); null: defaults for every trust. */
  sendersFile: string | null;
  /** Bodies of applied and refused messages are pruned after this many days; failed and parked ones are kept. */
  retentionDays: number;
}

export type AuthConfig = ({ mode: 'dev' } | { mode: 'jwks'; issuer: string; jwksUrl: URL }) & {
  audience: string;
  tokenLimits: TokenLimits;
};

/** What the token verifier holds every token's times to, whoever issued it. */
export interface TokenLimits {
  /** Longest a person's token may live, from `iat` to `exp` (AUTH_MAX_TOKEN_LIFETIME). */
  maxLifetimeSeconds: number;
  /** Longest a machine's (SYSTEM) token may live (AUTH_MAX_MACHINE_TOKEN_LIFETIME). */
  maxMachineLifetimeSeconds: number;
  /** How far the issuer's clock may be from ours, for `iat`, `nbf` and `exp` (AUTH_CLOCK_SKEW_SECONDS). */
  clockSkewSeconds: number;
}

const REQUEST_LIMIT_FIELDS = {
  maxBodyBytes: 'MAX_BODY_BYTES',
  maxDepth: 'QUERY_MAX_DEPTH',
  maxAliases: 'QUERY_MAX_ALIASES',
  maxTokens: 'QUERY_MAX_TOKENS',
  maxCost: 'QUERY_MAX_COST',
  maxPageSize: 'MAX_PAGE_SIZE',
} as const satisfies IntegerFields;
export type RequestLimits = Integers<typeof REQUEST_LIMIT_FIELDS>;

/** Where the gateway keeps its state: enough for tools (npm run seed) that need nothing else. */
export function loadStoreConfig(env: Env = process.env): StoreConfig {
  const read = new SettingReader(env);
  return read.finish(readStore(read));
}

export function loadConfig(env: Env = process.env): GatewayConfig {
  const read = new SettingReader(env);
  const store = readStore(read);
  const sharedStore = store.databaseUrl !== null;
  const auth = readAuth(read, sharedStore);
  const host = read.string('HOST');
  const production = read.raw('NODE_ENV') === 'production';
  // The embedded dev start: a developer's page on any local port may call it, as it may use the dev tokens.
  const devStart = !production && auth.mode === 'dev' && !sharedStore;
  // A shared store with real tokens is a real deployment: it talks to the real outside systems, never a simulator.
  const realDeployment = sharedStore && read.raw('AUTH_MODE') !== 'dev';
  return read.finish({
    ...store,
    production,
    explorer: read.boolean('EXPLORER', !production),
    host,
    port: read.integer('PORT'),
    // Synthetic people must never land in a real deployment's database by
    // accident, so seeding on start is the embedded default's alone.
    seedOnEmptyStore: read.boolean('SEED_ON_EMPTY_STORE', !sharedStore),
    auth,
    limits: readIntegers(read, REQUEST_LIMIT_FIELDS),
    logLevel: read.oneOf('LOG_LEVEL'),
    printDevTokens: read.boolean('PRINT_DEV_TOKENS', auth.mode === 'dev' && !sharedStore),
    shutdownGraceMs: read.integer('SHUTDOWN_GRACE_MS'),
    auditRetentionMonths: read.integer('AUDIT_RETENTION_MONTHS') || null,
    feeds: readFeeds(read, host),
    councilOdsCode: read.string('COUNCIL_ODS_CODE'),
    corsOrigins: read.parsed('CORS_ORIGINS', parseAllowedOrigins) ?? (devStart ? DEV_ALLOWED_ORIGINS : []),
    outbox: readIntegers(read, OUTBOX_FIELDS),
    equipment: readEquipment(read, realDeployment),
    careRecords: readCareRecords(read, realDeployment),
    referrals: {
      reopenWindowSeconds: read.duration('REFERRAL_REOPEN_WINDOW'),
      targets: {
        triage: parseResponseTarget(read.string('PERFORMANCE_TRIAGE_TARGET')),
        decision: parseResponseTarget(read.string('PERFORMANCE_DECISION_TARGET')),
      },
    },
    casework: { systemTaskTeam: read.string('CASEWORK_SYSTEM_TASK_TEAM'), sweepIntervalMs: read.duration('CASEWORK_SWEEP_INTERVAL') * 1_000 },
    communityHealth: readCommunityHealth(read, realDeployment),
    onward: { servicesFile: read.path('ONWARD_SERVICES_FILE'), pollMs: read.integer('ONWARD_POLL_MS') },
  });
}

function readStore(read: SettingReader): StoreConfig {
  return {
    dataDir: read.path('DATA_DIR')!,
    databaseUrl: read.string('DATABASE_URL'),
    databaseSchema: read.string('DATABASE_SCHEMA'),
    databasePoolSize: read.integer('DATABASE_POOL_SIZE'),
    databaseStatementTimeoutMs: read.integer('DATABASE_STATEMENT_TIMEOUT_MS'),
  };
}

function readIntegers<F extends IntegerFields>(read: SettingReader, fields: F): Integers<F> {
  return Object.fromEntries(Object.entries(fields).map(([field, name]) => [field, read.integer(name)])) as Integers<F>;
}

function readTokenLimits(read: SettingReader): TokenLimits {
  return {
    maxLifetimeSeconds: read.duration('AUTH_MAX_TOKEN_LIFETIME'),
    maxMachineLifetimeSeconds: read.duration('AUTH_MAX_MACHINE_TOKEN_LIFETIME'),
    clockSkewSeconds: read.integer('AUTH_CLOCK_SKEW_SECONDS'),
  };
}

/** CARE_RECORDS: `LAS=https://las.example/api,CAREFIRST=https://cf.example` (either or both, in order of preference). */
function parseCareRecordSystems(raw: string): { system: CareRecordSystem; url: URL }[] {
  const systems = raw.split(',').map((entry) => {
    const [system, url] = entry.split(/=(.*)/s).map((part) => part.trim());
    if (system !== 'LAS' && system !== 'CAREFIRST') throw new ConfigError('CARE_RECORDS', `"${system}" is not LAS or CAREFIRST`);
    try {
      return { system, url: new URL(url ?? '') } as const;
    } catch {
      throw new ConfigError('CARE_RECORDS', `${system}: "${url ?? ''}" is not a URL`);
    }
  });
  if (new Set(systems.map((entry) => entry.system)).size !== systems.length) throw new ConfigError('CARE_RECORDS', 'names a system twice');
  return systems;
}

/**
 * A simulated record system or community health in a real deployment would
 * show invented people's cases, and take onward referrals that go nowhere
 * while answering that they were accepted: a real deployment names the real
 * ones, and the key each is called with.
 */
function readCareRecords(read: SettingReader, realDeployment: boolean): CareRecordsConfig {
  const systems = read.parsed('CARE_RECORDS', parseCareRecordSystems);
  read.requireInRealDeployment('CARE_RECORDS', systems, realDeployment);
  const apiKey = read.string('CARE_RECORDS_API_KEY');
  if (systems !== null && apiKey === null) read.refuse('CARE_RECORDS_API_KEY', 'must be set with CARE_RECORDS: the record systems are called with it', null);
  return {
    systems,
    apiKey,
    timeoutMs: read.integer('CARE_RECORDS_TIMEOUT_MS'),
    maxConnections: read.integer('CARE_RECORDS_MAX_CONNECTIONS'),
    breakAfter: read.integer('CARE_RECORDS_BREAK_AFTER'),
    halfOpenAfterMs: read.integer('CARE_RECORDS_BREAKER_OPEN_MS'),
    simulatorLatencyMs: read.integer('CARE_RECORDS_SIMULATOR_LATENCY_MS'),
    simulatorStepMs: read.integer('CARE_RECORDS_SIMULATOR_STEP_MS'),
  };
}

function readCommunityHealth(read: SettingReader, realDeployment: boolean): CommunityHealthConfig {
  const url = read.url('COMMUNITY_HEALTH_URL');
  read.requireInRealDeployment('COMMUNITY_HEALTH_URL', url, realDeployment);
  const apiKey = read.string('COMMUNITY_HEALTH_API_KEY');
  if (url !== null && apiKey === null) read.refuse('COMMUNITY_HEALTH_API_KEY', 'must be set with COMMUNITY_HEALTH_URL: community health is called with it', null);
  return { url, apiKey };
}

/**
 * A real supplier needs its URL and the callback secret agreed with it; a
 * real deployment's key safe key must be set rather than kept in a local
 * folder another replica cannot see.
 */
function readEquipment(read: SettingReader, realDeployment: boolean): EquipmentConfig {
  const supplierUrl = read.url('SUPPLIER_URL');
  read.requireInRealDeployment('SUPPLIER_URL', supplierUrl, realDeployment);
  const callbackSecret = read.string('SUPPLIER_CALLBACK_SECRET');
  if (supplierUrl !== null && callbackSecret === null) {
    read.refuse('SUPPLIER_CALLBACK_SECRET', "must be set with SUPPLIER_URL: it is how the gateway knows a status callback is the supplier's", null);
  }
  const keySafeKey = read.string('KEY_SAFE_KEY');
  read.requireInRealDeployment('KEY_SAFE_KEY', keySafeKey, realDeployment);
  return {
    supplierUrl,
    supplierApiKey: read.string('SUPPLIER_API_KEY'),
    callbackSecret,
    supplierTimeoutMs: read.integer('SUPPLIER_TIMEOUT_MS'),
    catalogueTtlMs: read.integer('SUPPLIER_CATALOGUE_TTL_SECONDS') * 1_000,
    deliverySpeeds: read.parsed('SUPPLIER_DELIVERY_SPEEDS', (raw) => parseDeliverySpeeds(raw, 'SUPPLIER_DELIVERY_SPEEDS')) ?? [...DEFAULT_DELIVERY_SPEEDS],
    coordinatorLimitPence: read.integer('EQUIPMENT_COORDINATOR_LIMIT') * 100,
    keySafeKey,
    simulatorStepMs: read.integer('SUPPLIER_SIMULATOR_STEP_MS'),
  };
}

function readFeeds(read: SettingReader, host: string): FeedConfig {
  const mllpPort = read.integer('MLLP_PORT');
  return {
    mllpPort: mllpPort === 0 ? null : mllpPort,
    mllpHost: read.string('MLLP_HOST', host),
    mllpMaxFrameBytes: read.integer('MLLP_MAX_FRAME_BYTES'),
    mllpIdleTimeoutMs: read.integer('MLLP_IDLE_TIMEOUT_MS'),
    maxBodyBytes: read.integer('FEED_MAX_BODY_BYTES'),
    sendersFile: read.path('FEED_SENDERS_FILE'),
    retentionDays: read.integer('INBOX_RETENTION_DAYS'),
  };
}

/**
 * Dev tokens are the embedded default's. A gateway on a shared PostgreSQL is
 * a real deployment until someone says otherwise, so there it needs a real
 * issuer, or AUTH_MODE=dev said on purpose (CI, a shared test server).
 */
function readAuth(read: SettingReader, sharedStore: boolean): AuthConfig {
  const issuer = read.string('AUTH_ISSUER');
  const jwksUrl = read.url('AUTH_JWKS_URL');
  const audience = read.string('AUTH_AUDIENCE');
  const tokenLimits = readTokenLimits(read);
  const mode = read.oneOf('AUTH_MODE', issuer || jwksUrl || sharedStore ? 'jwks' : 'dev');
  if (mode === 'dev') {
    if (issuer !== null) read.refuse('AUTH_MODE', 'is dev, but AUTH_ISSUER is set: choose one', null);
    return { mode: 'dev', audience, tokenLimits };
  }
  if (issuer === null || jwksUrl === null) {
    const why =
      sharedStore && issuer === null && jwksUrl === null
        ? `when DATABASE_URL is set${read.whyRequired('AUTH_ISSUER')}`
        : 'for real tokens: AUTH_ISSUER and AUTH_JWKS_URL go together';
    return read.refuse(issuer === null ? 'AUTH_ISSUER' : 'AUTH_JWKS_URL', `must be set ${why}`, { mode: 'dev', audience, tokenLimits });
  }
  return { mode: 'jwks', issuer, jwksUrl, audience, tokenLimits };
}

const UNSET = new SettingReader({});

/** The table's defaults in the shapes their users take, for code and tests that need them without an environment. */
export const DEFAULT_LIMITS: RequestLimits = readIntegers(UNSET, REQUEST_LIMIT_FIELDS);
export const DEFAULT_TOKEN_LIMITS: TokenLimits = readTokenLimits(UNSET);
export const DEFAULT_OUTBOX: OutboxConfig = readIntegers(UNSET, OUTBOX_FIELDS);
export const DEFAULT_PORT = SETTINGS.PORT.default;
export const DEFAULT_DATA_DIR = SETTINGS.DATA_DIR.default;
export const DEFAULT_AUDIENCE = SETTINGS.AUTH_AUDIENCE.default;
