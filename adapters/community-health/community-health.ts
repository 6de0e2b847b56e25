/**
 * Which community health system the gateway reads: the one at
 * COMMUNITY_HEALTH_URL or (the embedded default) the simulator, serving the
 * same synthetic people the store is seeded with, so NHS numbers match.
 * Calls are timed and limited by the record systems' settings, and the
 * simulator's ServiceRequests move at their simulators' step.
 */
import { randomBytes } from 'node:crypto';
import type { CareRecordsConfig, CommunityHealthConfig } from '../../src/config/ports.js';
import type { CommunityHealthSystem } from '../../src/community-health/ports.js';
import { generateSyntheticHub } from '../../src/seed/ports.js';
import { createCommunityHealthClient } from './client.js';
import { type CommunityHealthSimulator, startCommunityHealthSimulator } from './simulator.js';

export async function connectCommunityHealth(
  config: CommunityHealthConfig,
  limits: CareRecordsConfig,
): Promise<{ system: CommunityHealthSystem; simulator: CommunityHealthSimulator | null }> {
  const client = (baseUrl: string, apiKey: string) =>
    createCommunityHealthClient({ baseUrl, apiKey, timeoutMs: limits.timeoutMs, maxConnections: limits.maxConnections });
  if (config.url !== null) return { system: client(config.url.toString(), config.apiKey ?? ''), simulator: null };
  const apiKey = config.apiKey ?? randomBytes(24).toString('base64url');
  const simulator = await startCommunityHealthSimulator({ apiKey, hub: generateSyntheticHub(), stepMs: limits.simulatorStepMs });
  simulator.setFaults({ latencyMs: limits.simulatorLatencyMs });
  return { system: client(simulator.fhirBase, apiKey), simulator };
}
