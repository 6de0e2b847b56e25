/**
 * Environment -> typed, validated configuration. Every variable the gateway
 * reads is here, with its default; a bad value stops start-up with an error
 * naming the variable. The README's configuration table mirrors this file.
 */
import { resolve } from 'node:path';
import { formatDuration, parseDuration } from './duration.js';
import { DEFAULT_DELIVERY_SPEEDS, parseDeliverySpeeds, type DeliverySpeedTier } from './equipment/delivery-speeds.js';
import { ConfigError } from './errors.js';

export interface StoreConfig {
  dataDir: string;
  /** Null: the embedded PGlite store in dataDir. */
  databaseUrl: string | null;
  databaseSchema: string;
  databasePoolSize: number;
  databaseStatementTimeoutMs: number;
}

export interface GatewayConfig extends StoreConfig {
  /** NODE_ENV=production (start:built sets it): no introspection, and no schema hints in errors. */
  production: boolean;
  host: string;
  port: number;
  /** Fill an empty store with the synthetic hub on start. */
  seedOnEmptyStore: boolean;
  auth: AuthConfig;
  limits: RequestLimits;
  logLevel: string;
  /** Print dev tokens and a curl example on start (embedded default only). */
  printDevTokens: boolean;
  shutdownGraceMs: number;
  /** Months of the audit trail kept (whole months are dropped past it); null: kept for ever. */
  auditRetentionMonths: number | null;
  feeds: FeedConfig;
  /** The council's ODS code: the source of the business responses it sends trusts. */
  councilOdsCode: string;
  outbox: OutboxConfig;
  equipment: EquipmentConfig;
  careRecords: CareRecordsConfig;
}

export interface CareRecordsConfig {
  /** The record systems and where they are, in the order their records are preferred; null: the embedded default's simulators of both. */
  systems: { system: 'LAS' | 'CAREFIRST'; url: URL }[] | null;
  /** Sent to each system (Bearer for LAS, the SOAP ApiKey header for CareFirst). */
  apiKey: string | null;
  timeoutMs: number;
  /** Calls in flight to each system at once; more wait their turn. */
  maxConnections: number;
  breakAfter: number;
  halfOpenAfterMs: number;
  /** Latency the simulators add to every answer (embedded default only). */
  simulatorLatencyMs: number;
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

export interface OutboxConfig {
  pollMs: number;
  timeoutMs: number;
  maxAttempts: number;
  /** How long a destination's breaker stays open after it trips, before one call is let through to try. */
  halfOpenAfterMs: number;
  backoffInitialMs: number;
  backoffMaxMs: number;
}

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

export const DEFAULT_MLLP_PORT = 2575;

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

export const DEFAULT_TOKEN_LIMITS: TokenLimits = {
  // A working day or shift: a person signs in again the next.
  maxLifetimeSeconds: 12 * 3_600,
  // A feed engine renews its token unattended, so its tokens need not outlive a person's
  // by much; a day keeps feeds running through an identity provider's outage of a few hours.
  maxMachineLifetimeSeconds: 24 * 3_600,
  clockSkewSeconds: 30,
};
const MIN_TOKEN_LIFETIME_SECONDS = 60;
const MAX_TOKEN_LIFETIME_SECONDS = 30 * 86_400;
const MAX_CLOCK_SKEW_SECONDS = 300;

export interface RequestLimits {
  maxBodyBytes: number;
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxCost: number;
  maxPageSize: number;
}

export const DEFAULT_PORT = 4000;
export const DEFAULT_DATA_DIR = './data';
export const DEFAULT_AUDIENCE = 'care-gateway';
export const DEFAULT_LIMITS: RequestLimits = {
  maxBodyBytes: 1_048_576,
  maxDepth: 12,
  maxAliases: 30,
  maxTokens: 5_000,
  // A hub board of 2,000 referrals with their customers and orders costs about 60,000.
  maxCost: 100_000,
  maxPageSize: 2_000,
};

type Env = Readonly<Record<string, string | undefined>>;

/** Where the gateway keeps its state: enough for tools (npm run seed) that need nothing else. */
export function loadStoreConfig(env: Env = process.env): StoreConfig {
  const read = new EnvReader(env);
  return {
    dataDir: resolve(read.string('DATA_DIR', DEFAULT_DATA_DIR)),
    databaseUrl: read.string('DATABASE_URL', null),
    databaseSchema: read.matching('DATABASE_SCHEMA', 'public', /^[a-z_][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _'),
    databasePoolSize: read.integer('DATABASE_POOL_SIZE', 10, 1, 200),
    databaseStatementTimeoutMs: read.integer('DATABASE_STATEMENT_TIMEOUT_MS', 15_000, 100, 600_000),
  };
}

export function loadConfig(env: Env = process.env): GatewayConfig {
  const read = new EnvReader(env);
  const store = loadStoreConfig(env);
  const { databaseUrl } = store;
  const auth = readAuth(read, databaseUrl !== null);
  return {
    ...store,
    production: read.string('NODE_ENV', null) === 'production',
    host: read.string('HOST', '127.0.0.1'),
    port: read.integer('PORT', DEFAULT_PORT, 0, 65_535),
    // Synthetic people must never land in a real deployment's database by
    // accident, so seeding on start is the embedded default's alone.
    seedOnEmptyStore: read.boolean('SEED_ON_EMPTY_STORE', databaseUrl === null),
    auth,
    limits: {
      maxBodyBytes: read.integer('MAX_BODY_BYTES', DEFAULT_LIMITS.maxBodyBytes, 1_024, 100 * 1_048_576),
      maxDepth: read.integer('QUERY_MAX_DEPTH', DEFAULT_LIMITS.maxDepth, 2, 100),
      maxAliases: read.integer('QUERY_MAX_ALIASES', DEFAULT_LIMITS.maxAliases, 1, 1_000),
      // graphql-js parses and validates by recursion: beyond about 40,000 tokens a chain of
      // fragments exhausts the stack in validation (a 500), so the ceiling keeps a margin of four.
      maxTokens: read.integer('QUERY_MAX_TOKENS', DEFAULT_LIMITS.maxTokens, 100, 10_000),
      maxCost: read.integer('QUERY_MAX_COST', DEFAULT_LIMITS.maxCost, 100, 100_000_000),
      maxPageSize: read.integer('MAX_PAGE_SIZE', DEFAULT_LIMITS.maxPageSize, 1, 100_000),
    },
    logLevel: read.oneOf('LOG_LEVEL', 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    printDevTokens: read.boolean('PRINT_DEV_TOKENS', auth.mode === 'dev' && databaseUrl === null),
    shutdownGraceMs: read.integer('SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    // Eight years: the usual term for adult social care records after care ends; 0 keeps every month.
    auditRetentionMonths: read.integer('AUDIT_RETENTION_MONTHS', 96, 0, 1_200) || null,
    feeds: readFeeds(read),
    councilOdsCode: read.matching('COUNCIL_ODS_CODE', 'X99LA', /^[A-Z0-9]{3,10}$/, 'an ODS code (3 to 10 capital letters and digits)'),
    outbox: {
      pollMs: read.integer('OUTBOX_POLL_MS', 500, 10, 60_000),
      timeoutMs: read.integer('OUTBOX_TIMEOUT_MS', 10_000, 100, 300_000),
      maxAttempts: read.integer('OUTBOX_MAX_ATTEMPTS', 12, 1, 1_000),
      halfOpenAfterMs: read.integer('OUTBOX_BREAKER_OPEN_MS', 30_000, 10, 3_600_000),
      backoffInitialMs: read.integer('OUTBOX_BACKOFF_INITIAL_MS', 1_000, 1, 3_600_000),
      backoffMaxMs: read.integer('OUTBOX_BACKOFF_MAX_MS', 15 * 60_000, 1, 86_400_000),
    },
    equipment: readEquipment(read, databaseUrl !== null),
    careRecords: readCareRecords(read),
  };
}

/** CARE_RECORDS: `LAS=https://las.example/api,CAREFIRST=https://cf.example` (either or both, in order of preference). */
function readCareRecords(read: EnvReader): CareRecordsConfig {
  const raw = read.string('CARE_RECORDS', null);
  const systems =
    raw === null
      ? null
      : raw.split(',').map((entry) => {
          const [system, url] = entry.split(/=(.*)/s).map((part) => part.trim());
          if (system !== 'LAS' && system !== 'CAREFIRST') throw new ConfigError('CARE_RECORDS', `"${system}" is not LAS or CAREFIRST`);
          try {
            return { system, url: new URL(url ?? '') } as const;
          } catch {
            throw new ConfigError('CARE_RECORDS', `${system}: "${url ?? ''}" is not a URL`);
          }
        });
  if (systems && new Set(systems.map((entry) => entry.system)).size !== systems.length) throw new ConfigError('CARE_RECORDS', 'names a system twice');
  return {
    systems,
    apiKey: read.string('CARE_RECORDS_API_KEY', null),
    timeoutMs: read.integer('CARE_RECORDS_TIMEOUT_MS', 2_000, 10, 120_000),
    maxConnections: read.integer('CARE_RECORDS_MAX_CONNECTIONS', 10, 1, 1_000),
    breakAfter: read.integer('CARE_RECORDS_BREAK_AFTER', 5, 1, 1_000),
    halfOpenAfterMs: read.integer('CARE_RECORDS_BREAKER_OPEN_MS', 10_000, 10, 3_600_000),
    simulatorLatencyMs: read.integer('CARE_RECORDS_SIMULATOR_LATENCY_MS', 0, 0, 60_000),
  };
}

/**
 * A real supplier needs its URL and the callback secret agreed with it; a
 * real deployment's key safe key must be set rather than kept in a local
 * folder another replica cannot see.
 */
function readEquipment(read: EnvReader, sharedStore: boolean): EquipmentConfig {
  // A shared store with real tokens is a real deployment: its orders go to the real supplier, never the simulator.
  const realDeployment = sharedStore && read.string('AUTH_MODE', null) !== 'dev';
  const supplierUrl = read.url('SUPPLIER_URL');
  if (supplierUrl === null && realDeployment) {
    throw new ConfigError('SUPPLIER_URL', 'must be set when DATABASE_URL is set: a real deployment orders from the real supplier, not the simulator');
  }
  const callbackSecret = read.string('SUPPLIER_CALLBACK_SECRET', null);
  if (supplierUrl !== null && callbackSecret === null) {
    throw new ConfigError('SUPPLIER_CALLBACK_SECRET', 'must be set with SUPPLIER_URL: it is how the gateway knows a status callback is the supplier\'s');
  }
  if (callbackSecret !== null && callbackSecret.length < 16) throw new ConfigError('SUPPLIER_CALLBACK_SECRET', 'must be at least 16 characters');
  const keySafeKey = read.string('KEY_SAFE_KEY', null);
  if (keySafeKey === null && realDeployment) {
    throw new ConfigError('KEY_SAFE_KEY', 'must be set when DATABASE_URL is set (32 bytes, base64: openssl rand -base64 32)');
  }
  const speeds = read.string('SUPPLIER_DELIVERY_SPEEDS', null);
  return {
    supplierUrl,
    supplierApiKey: read.string('SUPPLIER_API_KEY', null),
    callbackSecret,
    supplierTimeoutMs: read.integer('SUPPLIER_TIMEOUT_MS', 5_000, 100, 120_000),
    catalogueTtlMs: read.integer('SUPPLIER_CATALOGUE_TTL_SECONDS', 300, 0, 86_400) * 1_000,
    deliverySpeeds: speeds === null ? [...DEFAULT_DELIVERY_SPEEDS] : parseDeliverySpeeds(speeds, 'SUPPLIER_DELIVERY_SPEEDS'),
    coordinatorLimitPence: read.integer('EQUIPMENT_COORDINATOR_LIMIT', 500, 0, 1_000_000) * 100,
    keySafeKey,
    simulatorStepMs: read.integer('SUPPLIER_SIMULATOR_STEP_MS', 3_000, 10, 3_600_000),
  };
}

function readFeeds(read: EnvReader): FeedConfig {
  const mllpPort = read.integer('MLLP_PORT', DEFAULT_MLLP_PORT, 0, 65_535);
  const sendersFile = read.string('FEED_SENDERS_FILE', null);
  return {
    mllpPort: mllpPort === 0 ? null : mllpPort,
    mllpHost: read.string('MLLP_HOST', read.string('HOST', '127.0.0.1')),
    // Larger than any ADT message; an ITK message with an embedded document is about 130 KB.
    mllpMaxFrameBytes: read.integer('MLLP_MAX_FRAME_BYTES', 4 * 1_048_576, 1_024, 100 * 1_048_576),
    mllpIdleTimeoutMs: read.integer('MLLP_IDLE_TIMEOUT_MS', 300_000, 100, 86_400_000),
    maxBodyBytes: read.integer('FEED_MAX_BODY_BYTES', 10 * 1_048_576, 1_024, 100 * 1_048_576),
    sendersFile: sendersFile === null ? null : resolve(sendersFile),
    retentionDays: read.integer('INBOX_RETENTION_DAYS', 90, 1, 3_650),
  };
}

/**
 * Dev tokens are the embedded default's. A gateway on a shared PostgreSQL is
 * a real deployment until someone says otherwise, so there it needs a real
 * issuer, or AUTH_MODE=dev said on purpose (CI, a shared test server).
 */
function readAuth(read: EnvReader, sharedStore: boolean): AuthConfig {
  const issuer = read.string('AUTH_ISSUER', null);
  const jwksUrl = read.url('AUTH_JWKS_URL');
  const audience = read.string('AUTH_AUDIENCE', DEFAULT_AUDIENCE);
  const lifetime = (name: string, fallback: number) => read.duration(name, fallback, MIN_TOKEN_LIFETIME_SECONDS, MAX_TOKEN_LIFETIME_SECONDS);
  const tokenLimits: TokenLimits = {
    maxLifetimeSeconds: lifetime('AUTH_MAX_TOKEN_LIFETIME', DEFAULT_TOKEN_LIMITS.maxLifetimeSeconds),
    maxMachineLifetimeSeconds: lifetime('AUTH_MAX_MACHINE_TOKEN_LIFETIME', DEFAULT_TOKEN_LIMITS.maxMachineLifetimeSeconds),
    clockSkewSeconds: read.integer('AUTH_CLOCK_SKEW_SECONDS', DEFAULT_TOKEN_LIMITS.clockSkewSeconds, 0, MAX_CLOCK_SKEW_SECONDS),
  };
  const mode = read.oneOf('AUTH_MODE', issuer || jwksUrl || sharedStore ? 'jwks' : 'dev', ['dev', 'jwks']);
  if (mode === 'dev') {
    if (issuer !== null) throw new ConfigError('AUTH_MODE', 'is dev, but AUTH_ISSUER is set: choose one');
    return { mode: 'dev', audience, tokenLimits };
  }
  if (issuer === null || jwksUrl === null) {
    const why =
      sharedStore && issuer === null && jwksUrl === null
        ? 'when DATABASE_URL is set, since a shared store takes real tokens (AUTH_MODE=dev uses dev tokens on purpose)'
        : 'for real tokens: AUTH_ISSUER and AUTH_JWKS_URL go together';
    throw new ConfigError(issuer === null ? 'AUTH_ISSUER' : 'AUTH_JWKS_URL', `must be set ${why}`);
  }
  return { mode: 'jwks', issuer, jwksUrl, audience, tokenLimits };
}

class EnvReader {
  constructor(private readonly env: Env) {}

  string<D extends string | null>(name: string, fallback: D): string | D {
    const value = this.env[name]?.trim();
    return value ? value : fallback;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.string(name, null);
    if (raw === null) return fallback;
    if (!/^\d+$/.test(raw)) throw new ConfigError(name, `"${raw}" is not a whole number`);
    const value = Number(raw);
    if (value < min || value > max) throw new ConfigError(name, `${value} is outside ${min}..${max}`);
    return value;
  }

  /** Seconds, written with a unit: `30m`, `12h` (see duration.ts). */
  duration(name: string, fallbackSeconds: number, minSeconds: number, maxSeconds: number): number {
    const raw = this.string(name, null);
    if (raw === null) return fallbackSeconds;
    const seconds = parseDuration(raw);
    if (seconds === null) throw new ConfigError(name, `"${raw}" is not a duration: a whole number and s, m, h or d (30m, 12h)`);
    if (seconds < minSeconds || seconds > maxSeconds) {
      throw new ConfigError(name, `${raw} is outside ${formatDuration(minSeconds)}..${formatDuration(maxSeconds)}`);
    }
    return seconds;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.string(name, null)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    throw new ConfigError(name, `"${raw}" is not true or false`);
  }

  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const raw = this.string(name, null);
    if (raw === null) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      throw new ConfigError(name, `"${raw}" is not one of ${allowed.join(', ')}`);
    }
    return raw as T;
  }

  matching(name: string, fallback: string, pattern: RegExp, description: string): string {
    const raw = this.string(name, fallback);
    if (!pattern.test(raw)) throw new ConfigError(name, `"${raw}" must be ${description}`);
    return raw;
  }

  url(name: string): URL | null {
    const raw = this.string(name, null);
    if (raw === null) return null;
    try {
      return new URL(raw);
    } catch {
      throw new ConfigError(name, `"${raw}" is not a URL`);
    }
  }
}
