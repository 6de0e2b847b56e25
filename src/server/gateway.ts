/**
 * Assembles a running gateway from its configuration: store, auth, schema,
 * Apollo and the HTTP server. main.ts calls this once; the end-to-end tests
 * call it to run the real thing on an ephemeral port.
 */
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { loadOrCreateDevSigningKey, type DevSigningKey } from '../auth/dev-signing-key.js';
import { createTokenVerifier } from '../auth/token-verifier.js';
import type { GatewayConfig } from '../config.js';
import { seedIfEmpty, type SeedResult } from '../seed/seed-store.js';
import type { Database } from '../store/database.js';
import { openStore } from '../store/open-store.js';
import { applySupplierUpdate } from '../equipment/apply-supplier-update.js';
import { CatalogueCache } from '../equipment/equipment-catalogue.js';
import type { EquipmentOrdering } from '../equipment/equipment-ordering.js';
import type { EquipmentSupplier, EquipmentSupplierConnection } from '../equipment/ports.js';
import { KeySafeCipher } from '../equipment/key-safe-cipher.js';
import { SUPPLIER_DESTINATION, supplierSenders } from '../equipment/supplier-calls.js';
import type { HospitalFeeds } from '../inbox/hospital-feeds.js';
import type { CareRecordSystem } from '../care-records/ports.js';
import { guardRecordSystem } from '../care-records/guarded-record-system.js';
import { careRecordSenders } from '../care-records/care-record-contacts.js';
import { guardCommunityHealth } from '../community-health/guarded-community-health.js';
import type { CommunityHealthSystem } from '../community-health/ports.js';
import { onwardSenders } from '../onward/onward-calls.js';
import { loadOnwardServices } from '../onward/onward-services.js';
import { OnwardStatusPoller } from '../onward/onward-status-poller.js';
import { communityHealthTarget, recordSystemTarget } from '../onward/onward-targets.js';
import { Inbox } from '../inbox/inbox.js';
import { startInboxPruning } from '../inbox/inbox-pruning.js';
import { startAuditPartitionMaintenance } from '../audit/audit-partitions.js';
import { startSystemTaskSweep } from '../casework/ports.js';
import { DEFAULT_DISPATCHER_OPTIONS, OutboxDispatcher } from '../outbox/outbox-dispatcher.js';
import { applyDischargeMessages } from '../referrals/discharge-intake.js';
import { DISCHARGE_FORM_CONTENT_TYPE, readDischargeForm } from '../referrals/discharge-form.js';
import { createApolloServer, validateLikeApollo } from './graphql/apollo.js';
import { liveOperationPreparer } from './graphql/live-operation.js';
import { createContextDependencies } from './request/context.js';
import { createHttpServer } from './http/http-server.js';
import type { ExplorerRouteDependencies } from './http/explorer-route.js';
import { mintDevTokensPerRole } from './http/dev-tokens.js';
import { loadExplorerBundle } from './explorer/explorer-assets.js';
import { buildSchema } from './graphql/schema.js';
import { OutsideCallMetrics } from '../metrics/outside-call-metrics.js';
import { LiveEventBus } from '../live/live-event-bus.js';
import { createSseRoute } from './http/sse-route.js';
import { DEFAULT_SUBSCRIPTION_LIMITS, SubscriptionCount } from './http/subscription-limits.js';
import { attachWebSocketSubscriptions } from './http/websocket-subscriptions.js';

/** Batches of feed messages written at once on PostgreSQL: enough to keep both cores busy. */
const INBOX_LANES = 2;

export interface RunningGateway {
  url: string;
  port: number;
  /** Null when MLLP is off. */
  mllpPort: number | null;
  db: Database;
  /** Null when tokens come from a real issuer. */
  devKey: DevSigningKey | null;
  seed: SeedResult | null;
  /** Sends what the outbox owes; tests drain it directly. */
  dispatcher: OutboxDispatcher;
  /** Stops taking requests, lets those in flight finish (up to the grace period), then closes the store. */
  stop(): Promise<void>;
}

/** The largest supplier callback taken: a status update is well under a kilobyte. */
const WEBHOOK_MAX_BODY_BYTES = 64 * 1_024;

/** The outside systems as main.ts wires them in from adapters/ (src/ never imports adapters/). */
export interface GatewayAdapters {
  feeds: HospitalFeeds;
  supplier: EquipmentSupplierConnection;
  /** The social care record systems, in the order their records are preferred (CARE_RECORDS). */
  careRecords: readonly CareRecordSystem[];
  /** Community health (COMMUNITY_HEALTH_URL). */
  communityHealth: CommunityHealthSystem;
}

export async function startGateway(config: GatewayConfig, logger: Logger, adapters: GatewayAdapters): Promise<RunningGateway> {
  const { feeds, supplier } = adapters;
  // Read before the store is opened: a bad ONWARD_SERVICES_FILE stops start-up at once, naming the problem.
  const onwardServices = await loadOnwardServices(config.onward.servicesFile);
  const { db, migrationsApplied } = await openStore(config, (error) =>
    logger.warn({ err: error }, 'idle database connection failed; the pool will reconnect'),
  );
  if (migrationsApplied.length) logger.info({ migrations: migrationsApplied }, 'store migrated');
  try {
    const seed = config.seedOnEmptyStore ? await seedIfEmpty(db) : null;
    if (seed?.seeded) logger.info({ ...seed }, 'empty store filled with the synthetic hub');

    const readers = new Map([...feeds.readers, [DISCHARGE_FORM_CONTENT_TYPE, readDischargeForm]]);
    // A PostgreSQL pool can write a batch while the next is read; PGlite runs one transaction at a time.
    const inbox = new Inbox(db, applyDischargeMessages, readers, logger, db.kind === 'postgres' ? INBOX_LANES : 1);
    const pruning = startInboxPruning(db, config.feeds.retentionDays, logger);
    const auditPartitions = await startAuditPartitionMaintenance(db, config.auditRetentionMonths, logger);
    const metrics = new OutsideCallMetrics(true);
    const cipher = config.equipment.keySafeKey ? KeySafeCipher.fromBase64(config.equipment.keySafeKey) : await KeySafeCipher.loadOrCreate(config.dataDir);
    const ordering: EquipmentOrdering = {
      catalogue: new CatalogueCache(measuredCatalogue(supplier.supplier, metrics), config.equipment.catalogueTtlMs),
      deliverySpeeds: config.equipment.deliverySpeeds,
      coordinatorLimitPence: config.equipment.coordinatorLimitPence,
      cipher,
    };
    const careRecordSystems = adapters.careRecords.map((system) => guardRecordSystem(system, config.careRecords, metrics));
    const communityHealth = guardCommunityHealth(adapters.communityHealth, config.careRecords, metrics);
    const onwardTargets = [...careRecordSystems.map(recordSystemTarget), communityHealthTarget(communityHealth)];
    const senders = {
      ...feeds.outboxSenders,
      ...supplierSenders(db, supplier.supplier, cipher),
      ...careRecordSenders(db, careRecordSystems),
      ...onwardSenders(db, onwardTargets),
    };
    const dispatcher = new OutboxDispatcher(db, senders, logger, { ...DEFAULT_DISPATCHER_OPTIONS, ...config.outbox }, metrics);
    dispatcher.start();
    const caseworkSweep = startSystemTaskSweep(db, config.casework, logger);
    const onwardPoller = new OnwardStatusPoller(db, onwardTargets, logger, config.onward.pollMs);
    onwardPoller.start();

    const devKey = config.auth.mode === 'dev' ? await loadOrCreateDevSigningKey(config.dataDir) : null;
    const schema = buildSchema();
    const apollo = createApolloServer(schema, config, logger);
    await apollo.start();
    const live = await LiveEventBus.start(db, (error) => logger.error({ err: error }, 'a live event subscriber failed'));
    const verifier = createTokenVerifier(config.auth, devKey);
    const contextDependencies = createContextDependencies({
      db,
      limits: config.limits,
      inbox,
      ordering,
      careRecordSystems,
      communityHealth,
      live,
      onward: { services: onwardServices, targets: onwardTargets.map((target) => target.system) },
      referralRules: config.referrals,
    });
    const subscriptions = new SubscriptionCount(DEFAULT_SUBSCRIPTION_LIMITS);
    const prepare = liveOperationPreparer(schema, validateLikeApollo(config.limits), config.limits);
    const subscriptionDeps = { schema, prepare, verifier, contextDependencies, count: subscriptions, logger };
    const { server, inFlight } = createHttpServer({
      apollo,
      verifier,
      contextDependencies,
      sse: createSseRoute({ ...subscriptionDeps, maxBodyBytes: config.limits.maxBodyBytes }),
      maxBodyBytes: config.limits.maxBodyBytes,
      feeds: feeds.endpoints(inbox),
      feedMaxBodyBytes: config.feeds.maxBodyBytes,
      supplierWebhook: {
        connection: supplier,
        apply: (update, body) => applySupplierUpdate(db, update, body, new Date(), config.casework.systemTaskTeam),
        maxBodyBytes: WEBHOOK_MAX_BODY_BYTES,
      },
      logger,
      checkReady: () => db.ping(),
      db,
      metrics,
      explorer: await explorerRoute(config, devKey, logger),
      corsOrigins: config.corsOrigins,
    });
    const webSockets = attachWebSocketSubscriptions(server, { ...subscriptionDeps, limits: DEFAULT_SUBSCRIPTION_LIMITS, maxMessageBytes: config.limits.maxBodyBytes, corsOrigins: config.corsOrigins });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    const url = `http://${host}:${port}`;
    const mllp =
      config.feeds.mllpPort === null
        ? null
        : await feeds.listenMllp(inbox, {
            host: config.feeds.mllpHost,
            port: config.feeds.mllpPort,
            maxFrameBytes: config.feeds.mllpMaxFrameBytes,
            idleTimeoutMs: config.feeds.mllpIdleTimeoutMs,
          });
    logger.info({ url, store: db.kind, mllpPort: mllp?.port ?? null }, 'gateway listening');
    if (config.corsOrigins.length > 0) logger.info({ corsOrigins: config.corsOrigins }, 'browser pages on these origins may call /graphql (CORS_ORIGINS)');

    let stopping: Promise<void> | null = null;
    const stop = () =>
      (stopping ??= (async () => {
        const started = Date.now();
        clearInterval(pruning);
        clearInterval(auditPartitions);
        await mllp?.close();
        await webSockets.close();
        await live.close();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const grace = setTimeout(() => server.closeAllConnections(), config.shutdownGraceMs);
        await closed;
        clearTimeout(grace);
        // Handlers outlive sockets whose clients hung up; let them finish before the store goes.
        await inFlight.settled(Math.max(0, config.shutdownGraceMs - (Date.now() - started)));
        if (inFlight.size > 0) logger.warn({ requests: inFlight.size }, 'stopping with requests still running');
        await apollo.stop();
        await dispatcher.stop();
        await onwardPoller.stop();
        await caseworkSweep.stop();
        await db.close();
      })());
    return { url, port, mllpPort: mllp?.port ?? null, db, devKey, seed, dispatcher, stop };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/**
 * The explorer's bundle, and the dev tokens it offers: the ones the start-up
 * welcome prints (PRINT_DEV_TOKENS), never in production.
 */
async function explorerRoute(config: GatewayConfig, devKey: DevSigningKey | null, logger: Logger): Promise<ExplorerRouteDependencies | null> {
  if (!config.explorer) return null;
  const bundle = await loadExplorerBundle();
  if (!bundle) logger.warn('the explorer is not built (npm run build:explorer): /explorer answers 503 until it is');
  const offered = devKey !== null && config.printDevTokens && !config.production;
  return { bundle, devTokens: offered ? () => mintDevTokensPerRole(devKey, config.auth) : null };
}

/** The supplier with its catalogue fetches counted (its other calls go through the outbox, which counts them). */
function measuredCatalogue(supplier: EquipmentSupplier, metrics: OutsideCallMetrics): EquipmentSupplier {
  return {
    ...supplier,
    catalogue: (signal) => metrics.measure(SUPPLIER_DESTINATION, 'catalogue', () => supplier.catalogue(signal), () => 'unavailable'),
  };
}
