/**
 * Which social care record systems the gateway reads: those CARE_RECORDS
 * names, in its order, or (the embedded default) simulators of both, serving
 * the same synthetic people the store is seeded with, so links resolve.
 */
import { randomBytes } from 'node:crypto';
import type { CareRecordsConfig } from '../../src/config/ports.js';
import { generateSyntheticHub } from '../../src/seed/ports.js';
import type { CareRecordSystem, RecordSystemCode } from '../../src/care-records/ports.js';
import { createCareFirstClient } from './carefirst/client.js';
import { startCareFirstSimulator, type CareFirstSimulator } from './carefirst/simulator.js';
import { createLasClient } from './las/client.js';
import { startLasSimulator, type LasSimulator } from './las/simulator.js';

export interface CareRecordSimulators {
  las: LasSimulator | null;
  carefirst: CareFirstSimulator | null;
  urls(): { name: string; url: string }[];
  close(): Promise<void>;
}

/** A client of one record system at `baseUrl`, with the timeout and connection limit the configuration gives. */
export function createRecordSystemClient(system: RecordSystemCode, baseUrl: string, apiKey: string, config: CareRecordsConfig): CareRecordSystem {
  const options = { baseUrl, apiKey, timeoutMs: config.timeoutMs, maxConnections: config.maxConnections };
  return system === 'LAS' ? createLasClient(options) : createCareFirstClient(options);
}

export async function connectCareRecords(config: CareRecordsConfig): Promise<{ systems: CareRecordSystem[]; simulators: CareRecordSimulators }> {
  const client = (system: RecordSystemCode, baseUrl: string, apiKey: string) => createRecordSystemClient(system, baseUrl, apiKey, config);
  if (config.systems !== null) {
    const apiKey = config.apiKey ?? '';
    return { systems: config.systems.map(({ system, url }) => client(system, url.toString(), apiKey)), simulators: noSimulators() };
  }
  const apiKey = config.apiKey ?? randomBytes(24).toString('base64url');
  const hub = generateSyntheticHub();
  const teamReferralStepMs = config.simulatorStepMs;
  const las = await startLasSimulator({ apiKey, hub, teamReferralStepMs });
  const carefirst = await startCareFirstSimulator({ apiKey, hub, teamReferralStepMs }).catch(async (error: unknown) => {
    await las.close();
    throw error;
  });
  for (const simulator of [las, carefirst]) simulator.setFaults({ latencyMs: config.simulatorLatencyMs });
  return {
    systems: [client('LAS', las.url, apiKey), client('CAREFIRST', carefirst.url, apiKey)],
    simulators: {
      las,
      carefirst,
      urls: () => [
        { name: 'LAS-style record system', url: las.url },
        { name: 'CareFirst-style record system', url: carefirst.url },
      ],
      close: async () => {
        await Promise.all([las.close(), carefirst.close()]);
      },
    },
  };
}

function noSimulators(): CareRecordSimulators {
  return { las: null, carefirst: null, urls: () => [], close: async () => undefined };
}
