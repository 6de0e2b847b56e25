import { resolve } from 'node:path';
import type { DevSigningKey } from '../../auth/dev-signing-key.js';
import { DEFAULT_DATA_DIR, type AuthConfig } from '../../config.js';
import { formatDuration } from '../../duration.js';
import { DEV_TOKEN_TRUST, mintDevTokensPerRole } from './dev-tokens.js';

// Starts from recent equipment orders so that every customer it shows has both referrals and orders.
const EXAMPLE_QUERY =
  '{ equipmentOrders(first: 3) { edges { node { status totalCost { formatted } customer { id nhsNumber ' +
  'name { given family } referrals(first: 2) { edges { node { status pathway referringTrust { name } } } } ' +
  'equipmentOrders(first: 5) { totalCount edges { node { status lines { name quantity } } } } } } } } }';

/** What else is running, for the welcome to point at. */
export interface WelcomeSurroundings {
  mllp: { host: string; port: number } | null;
  simulators: readonly { name: string; url: string }[];
  corsOrigins: readonly string[];
  /** Whether the explorer is served (EXPLORER). */
  explorer: boolean;
}

/** What a newcomer needs after `npm start`: a token per role and a request to paste. */
export async function devWelcome(
  url: string,
  key: DevSigningKey,
  auth: AuthConfig,
  dataDir: string,
  { mllp, simulators, corsOrigins, explorer }: WelcomeSurroundings,
): Promise<string> {
  // Tokens are signed with the key in DATA_DIR: a token command must use the same one.
  const tokenCommand = dataDir === resolve(DEFAULT_DATA_DIR) ? 'npm run token' : `DATA_DIR=${dataDir} npm run token`;
  const tokens = await mintDevTokensPerRole(key, auth);
  const lifetimes = `valid ${formatDuration(auth.tokenLimits.maxLifetimeSeconds)}, SYSTEM's ${formatDuration(auth.tokenLimits.maxMachineLifetimeSeconds)}`;
  const body = JSON.stringify({ query: EXAMPLE_QUERY });
  return [
    '',
    `Care Gateway is up at ${url}/graphql (dev tokens, ${lifetimes}; HOSPITAL_DISCHARGE and SYSTEM speak for ${DEV_TOKEN_TRUST}):`,
    ...[...tokens].map(([role, token]) => `  ${role.padEnd(22)} ${token}`),
    '',
    'Try it:',
    `  curl -s ${url}/graphql -H 'content-type: application/json' \\`,
    `    -H 'authorization: Bearer ${tokens.get('HUB_COORDINATOR')}' \\`,
    `    -d '${body}'`,
    '',
    `More tokens: ${tokenCommand} -- --role VIEWER   (or --role HOSPITAL_DISCHARGE --trust R1B)`,
    '',
    ...(explorer ? [`Explorer (GraphiQL, offline; pick a dev token in it): ${url}/explorer`, ''] : []),
    corsOrigins.length
      ? `Browser pages on ${corsOrigins.join(', ')} may call /graphql (CORS; CORS_ORIGINS to choose others).`
      : 'No browser page may call /graphql from another origin (CORS_ORIGINS is empty).',
    '',
    `Hospital feeds: HL7 v2 to ${url}/feeds/hl7v2, FHIR to ${url}/feeds/fhir (the SYSTEM token above speaks for ${DEV_TOKEN_TRUST}),`,
    mllp
      ? `  MLLP on ${mllp.host}:${mllp.port} for trusts whose FEED_SENDERS_FILE profile says "mllp": true. Examples: README, "Hospital discharge feeds".`
      : '  MLLP is off (MLLP_PORT=0). Examples: README, "Hospital discharge feeds".',
    '',
    simulators.length
      ? 'Simulators of the outside systems not configured (counters at <url>/_simulator/stats; README, "Equipment ordering", "Care records" and "Community health"):'
      : 'Every outside system is configured (SUPPLIER_URL, CARE_RECORDS, COMMUNITY_HEALTH_URL): no simulators.',
    ...simulators.map(({ name, url }) => `  ${name.padEnd(32)} ${url}`),
    '',
  ].join('\n');
}
