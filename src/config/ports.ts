/** What the adapters may read of the configuration: the settings of the systems they connect. */
export type { CareRecordsConfig, CommunityHealthConfig, EquipmentConfig } from './load-config.js';
