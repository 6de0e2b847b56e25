/**
 * Start-up: config and sender profiles, then the adapters and simulators, the
 * store (migrate, seed), the workers, Apollo, HTTP and MLLP (connect-adapters.ts,
 * server/gateway.ts); then wait for a signal.
 */
import { startWithAdapters, type GatewayWithAdapters } from '../adapters/connect-adapters.js';
import { loadSenderProfiles } from '../adapters/hospital-discharge/hospital-feeds.js';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { devWelcome } from './server/http/dev-welcome.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  // Signals are heard from the start: one that comes while the gateway is still starting (a process
  // manager giving up, Ctrl-C) stops it once it has started, cleanly, rather than killing it mid-migration.
  let running: GatewayWithAdapters | null = null;
  let stopAsked: string | null = null;
  const shutdown = (signal: string) => {
    if (stopAsked !== null) return;
    stopAsked = signal;
    logger.info({ signal }, 'shutting down');
    if (running) void stop(running);
  };
  const stop = (started: GatewayWithAdapters) =>
    started.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  // A promise nobody awaited failed: a bug. Log it where operators look, then
  // stop, since the process's state is no longer known.
  process.on('unhandledRejection', (reason) => {
    logger.fatal({ err: reason }, 'unhandled promise rejection');
    shutdown('unhandledRejection');
  });

  running = await startWithAdapters(config, logger, await loadSenderProfiles(config.feeds.sendersFile));
  if (stopAsked !== null) return void stop(running);
  const { gateway } = running;
  for (const simulator of running.simulatorUrls()) logger.info(simulator, 'simulator listening (its system is not configured)');
  if (config.printDevTokens && gateway.devKey) {
    const mllp = gateway.mllpPort === null ? null : { host: config.feeds.mllpHost, port: gateway.mllpPort };
    const surroundings = { mllp, simulators: running.simulatorUrls(), corsOrigins: config.corsOrigins, explorer: config.explorer };
    process.stdout.write(await devWelcome(gateway.url, gateway.devKey, config.auth, config.dataDir, surroundings));
  }
}

main().catch((error: unknown) => {
  // Start-up failures (bad configuration, unreachable store) are printed plainly and end the process.
  process.stderr.write(`Care Gateway could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
