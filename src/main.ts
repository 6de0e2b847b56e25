/**
 * Start-up: config -> store -> adapters -> server, then wait for a signal.
 */
import { connectEquipmentSupplier } from '../adapters/equipment-supplier/equipment-supplier.js';
import { createHospitalFeeds, loadSenderProfiles } from '../adapters/hospital-discharge/hospital-feeds.js';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { devWelcome } from './server/dev-welcome.js';
import { startGateway } from './server/gateway.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const feeds = createHospitalFeeds(await loadSenderProfiles(config.feeds.sendersFile), config.councilOdsCode, logger);
  const supplier = await connectEquipmentSupplier(config.equipment, logger);
  const gateway = await startGateway(config, logger, feeds, supplier.connection).catch(async (error: unknown) => {
    await supplier.simulator?.close();
    throw error;
  });
  if (supplier.simulator) {
    supplier.simulator.setCallbackUrl(`${gateway.url}/webhooks/equipment-supplier`);
    logger.info({ url: supplier.simulator.url }, 'equipment supplier simulator listening (SUPPLIER_URL unset)');
  }
  if (config.printDevTokens && gateway.devKey) {
    const mllp = gateway.mllpPort === null ? null : { host: config.feeds.mllpHost, port: gateway.mllpPort };
    process.stdout.write(await devWelcome(gateway.url, gateway.devKey, config.auth.audience, config.dataDir, mllp, supplier.simulator?.url ?? null));
  }
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    Promise.all([gateway.stop(), supplier.simulator?.close()]).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  // A promise nobody awaited failed: a bug. Log it where operators look, then
  // stop, since the process's state is no longer known.
  process.on('unhandledRejection', (reason) => {
    logger.fatal({ err: reason }, 'unhandled promise rejection');
    shutdown('unhandledRejection');
  });
}

main().catch((error: unknown) => {
  // Start-up failures (bad configuration, unreachable store) are printed plainly and end the process.
  process.stderr.write(`Care Gateway could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
