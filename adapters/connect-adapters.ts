/**
 * Every outside system as the gateway is wired to it, for main.ts, the
 * end-to-end tests and the benchmarks alike: the hospital feeds, the
 * equipment supplier, the social care record systems and community health, each either the
 * real one from configuration or, on the embedded default, a simulator on
 * loopback. `startWithAdapters` starts the gateway on them and points the
 * simulators back at it.
 */
import type { Logger } from 'pino';
import type { GatewayConfig } from '../src/config.js';
import { startGateway, type RunningGateway } from '../src/server/gateway.js';
import { connectCareRecords, type CareRecordSimulators } from './care-records/care-records.js';
import { connectCommunityHealth } from './community-health/community-health.js';
import type { CommunityHealthSimulator } from './community-health/simulator.js';
import { connectEquipmentSupplier } from './equipment-supplier/equipment-supplier.js';
import type { SupplierSimulator } from './equipment-supplier/simulator.js';
import { createHospitalFeeds } from './hospital-discharge/hospital-feeds.js';
import type { SenderProfile } from './hospital-discharge/sender-profile.js';

export interface Simulators {
  /** Null with a real supplier (SUPPLIER_URL). */
  supplier: SupplierSimulator | null;
  /** Empty with real record systems (CARE_RECORDS). */
  careRecords: CareRecordSimulators;
  /** Null with a real community health system (COMMUNITY_HEALTH_URL). */
  communityHealth: CommunityHealthSimulator | null;
}

export interface GatewayWithAdapters {
  gateway: RunningGateway;
  simulators: Simulators;
  /** Where each simulator listens, for people trying the gateway by hand. */
  simulatorUrls(): { name: string; url: string }[];
  /** Stops the gateway, then the simulators. */
  stop(): Promise<void>;
}

export async function startWithAdapters(config: GatewayConfig, logger: Logger, senderProfiles: readonly SenderProfile[]): Promise<GatewayWithAdapters> {
  const feeds = createHospitalFeeds(senderProfiles, config.councilOdsCode, logger);
  const supplier = await connectEquipmentSupplier(config.equipment, logger);
  const careRecords = await connectCareRecords(config.careRecords).catch(async (error: unknown) => {
    await supplier.simulator?.close();
    throw error;
  });
  const communityHealth = await connectCommunityHealth(config.communityHealth, config.careRecords).catch(async (error: unknown) => {
    await supplier.simulator?.close();
    await careRecords.simulators.close();
    throw error;
  });
  const closeSimulators = async () => {
    await supplier.simulator?.close();
    await careRecords.simulators.close();
    await communityHealth.simulator?.close();
  };
  const adapters = { feeds, supplier: supplier.connection, careRecords: careRecords.systems, communityHealth: communityHealth.system };
  const gateway = await startGateway(config, logger, adapters).catch(
    async (error: unknown) => {
      await closeSimulators();
      throw error;
    },
  );
  supplier.simulator?.setCallbackUrl(`${gateway.url}/webhooks/equipment-supplier`);
  return {
    gateway,
    simulators: { supplier: supplier.simulator, careRecords: careRecords.simulators, communityHealth: communityHealth.simulator },
    simulatorUrls: () => [
      ...(supplier.simulator ? [{ name: 'equipment supplier', url: supplier.simulator.url }] : []),
      ...careRecords.simulators.urls(),
      ...(communityHealth.simulator ? [{ name: 'community health (FHIR R4 under /fhir/R4)', url: communityHealth.simulator.url }] : []),
    ],
    async stop() {
      await gateway.stop();
      await closeSimulators();
    },
  };
}
