/** What the adapters may read of the configuration: the settings of the systems they connect. */
export type { CareRecordsConfig, EquipmentConfig } from './load-config.js';
