/**
 * Which supplier the gateway talks to: the real one at SUPPLIER_URL, or (the
 * embedded default) the simulator on loopback, started here with a fresh
 * callback secret shared by both sides and serving the seed's postcode area
 * (NX) besides its own.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { EquipmentConfig } from '../../src/config/ports.js';
import type { EquipmentSupplierConnection } from '../../src/equipment/ports.js';
import { startSupplierSimulator, type SupplierSimulator } from './simulator.js';
import { createSupplierConnection } from './supplier-connection.js';

/** The seed's fictional town's postcode area, and the simulator's own Yorkshire ones. */
const SIMULATED_AREAS = ['NX', 'LS', 'BD', 'WF', 'HG', 'HX', 'YO', 'HD'];

export interface ConnectedSupplier {
  connection: EquipmentSupplierConnection;
  /** Null with a real supplier. */
  simulator: SupplierSimulator | null;
}

export async function connectEquipmentSupplier(config: EquipmentConfig, logger: Logger): Promise<ConnectedSupplier> {
  if (config.supplierUrl !== null) {
    const connection = createSupplierConnection({
      baseUrl: config.supplierUrl.toString(),
      apiKey: config.supplierApiKey,
      timeoutMs: config.supplierTimeoutMs,
      callbackSecret: config.callbackSecret!,
      logger,
    });
    return { connection, simulator: null };
  }
  const callbackSecret = config.callbackSecret ?? randomBytes(32).toString('base64url');
  const apiKey = config.supplierApiKey ?? randomBytes(24).toString('base64url');
  const simulator = await startSupplierSimulator({
    apiKey,
    callbackSecret,
    // Set once the gateway listens (simulator.setCallbackUrl).
    callbackUrl: null,
    stepMs: config.simulatorStepMs,
    servedPostcodeAreas: SIMULATED_AREAS,
    deliverySpeeds: config.deliverySpeeds.map((tier) => tier.code),
  });
  const connection = createSupplierConnection({ baseUrl: simulator.url, apiKey, timeoutMs: config.supplierTimeoutMs, callbackSecret, logger });
  return { connection, simulator };
}
