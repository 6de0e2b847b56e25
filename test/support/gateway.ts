/**
 * Starts the real gateway (the same startGateway main.ts uses) on an
 * ephemeral port over a test store, and talks to it over real HTTP.
 */
import { readdir } from 'node:fs/promises';
import pino from 'pino';
import { mintDevToken } from '../../src/auth/dev-signing-key.js';
import { DEFAULT_AUDIENCE, loadConfig, type GatewayConfig } from '../../src/config.js';
import type { Role } from '../../src/generated/graphql.js';
import type { RunningGateway } from '../../src/server/gateway.js';
import { copySeededStore } from './store-template.js';
import type { TestStorePlace } from './stores.js';
import { startWithAdapters, type Simulators } from '../../adapters/connect-adapters.js';
import type { SupplierSimulator } from '../../adapters/equipment-supplier/simulator.js';
import type { SenderProfile } from '../../adapters/hospital-discharge/sender-profile.js';

export interface GraphqlResponse<Data = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: {
    data?: Data | null;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  };
}

export interface TestGateway {
  gateway: RunningGateway;
  /** The equipment supplier simulator the gateway talks to (null when SUPPLIER_URL points elsewhere). */
  simulator: SupplierSimulator | null;
  /** Every simulator behind the gateway (the record systems' too). */
  simulators: Simulators;
  url: string;
  config: GatewayConfig;
  token(role: Role, options?: { trust?: string; subject?: string; hours?: number }): Promise<string>;
  graphql<Data = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    auth?: string | null,
  ): Promise<GraphqlResponse<Data>>;
  /** The id of the newest referral in a status, as a hub coordinator lists them. */
  firstReferralId(status: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startTestGateway(
  place: TestStorePlace,
  env: Record<string, string> = {},
  profiles: readonly SenderProfile[] = [],
  /** Where the gateway's logs go, at debug level; default: nowhere (or TEST_LOG_LEVEL to stdout). */
  logs?: NodeJS.WritableStream,
): Promise<TestGateway> {
  const config = loadConfig({
    PORT: '0',
    // MLLP is off unless a test asks for it (MLLP_PORT), so parallel suites never fight over 2575.
    MLLP_PORT: '0',
    DATA_DIR: place.dataDir,
    DATABASE_SCHEMA: place.databaseSchema,
    SEED_ON_EMPTY_STORE: 'true',
    // Shared-store tests use dev tokens on purpose.
    ...(place.databaseUrl ? { DATABASE_URL: place.databaseUrl, AUTH_MODE: 'dev' } : {}),
    ...env,
  });
  // A first start on an empty embedded store would migrate and seed it: a copy of one already seeded is the same, sooner.
  if (!config.databaseUrl && config.seedOnEmptyStore && (await readdir(place.dataDir)).length === 0) await copySeededStore(place.dataDir);
  const logger = logs ? pino({ level: 'debug' }, logs) : pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const running = await startWithAdapters(config, logger, profiles);
  const { gateway } = running;
  const token: TestGateway['token'] = (role, options = {}) =>
    mintDevToken(gateway.devKey!, DEFAULT_AUDIENCE, {
      role,
      subject: options.subject ?? `test-${role.toLowerCase()}`,
      ...(options.trust ? { trustOdsCode: options.trust } : {}),
      ...(options.hours ? { hours: options.hours } : {}),
    });
  async function graphql<Data>(query: string, variables?: Record<string, unknown>, auth?: string | null) {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(auth ? { authorization: `Bearer ${auth}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as GraphqlResponse<Data>['body'] };
  }
  return {
    gateway,
    simulator: running.simulators.supplier,
    simulators: running.simulators,
    url: gateway.url,
    config,
    token,
    graphql,
    async firstReferralId(status) {
      const response = await graphql<any>(
        `{ referrals(filter: { statuses: [${status}] }, first: 1) { edges { node { id } } } }`,
        undefined,
        await token('HUB_COORDINATOR'),
      );
      return response.body.data.referrals.edges[0].node.id as string;
    },
    stop: () => running.stop(),
  };
}

/** A response body as loosely typed JSON, for tests that look inside it. */
export async function jsonOf(response: Response): Promise<any> {
  return response.json();
}
