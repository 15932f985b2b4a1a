import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { createAdaptorServer } from '@hono/node-server';
import { createApp } from './app.js';
import { AuditLog } from './audit/audit-log.js';
import type { Config } from './config.js';
import { ConfirmationService } from './confirm/confirmations.js';
import { openDatabase } from './db/client.js';
import { DatabaseHealth } from './db/health.js';
import { IntercomBudgetStore } from './db/intercom-budget-store.js';
import { migrateDatabase } from './db/migrate.js';
import { ALWAYS_TRUSTED, NotificationWatch } from './db/notification-watch.js';
import { DirectoryCache } from './directory/lists.js';
import type { AppDeps } from './http/context.js';
import { createIntercomFactory } from './intercom/factory.js';
import { identifyToken } from './intercom/identify.js';
import { RateLimitRegistry } from './intercom/rate-limit.js';
import type { IntercomMe } from './intercom/schemas.js';
import { JobRunner } from './jobs/job-runner.js';
import { JobStore } from './jobs/job-store.js';
import { MessageJobService } from './jobs/message-jobs.js';
import type { Logger } from './logger.js';
import { SseRelay } from './mcp/sse-relay.js';
import { SseSessions } from './mcp/sse-sessions.js';
import { addRuntimeSource, enableProcessMetrics } from './metrics/metrics.js';
import { startMetricsServer } from './metrics/server.js';
import { revokeGrantsOfConnection } from './oauth/grant-store.js';
import { OAuthService } from './oauth/service.js';
import { ConnectionService } from './tenancy/connections.js';
import { keyringFromConfig } from './tenancy/keyring.js';
import { verifyKeyring } from './tenancy/keyring-check.js';
import { KeyringPeers } from './tenancy/keyring-peers.js';
import type { Tenant } from './tenancy/tenant.js';
import { VerifiedTokenCache } from './tenancy/token-cache.js';
import { Vault } from './tenancy/vault.js';
import { TtlCache } from './util/ttl-cache.js';

export interface Runtime {
  /** The base URL the server listens on (loopback form of the bound address). */
  url: string;
  /** Where /metrics is served when METRICS_PORT is set (loopback form). */
  metricsUrl: string | undefined;
  deps: AppDeps;
  close(): Promise<void>;
}

/** Opens the database, migrates, wires the services and starts listening. */
export async function startRuntime(config: Config, logger: Logger): Promise<Runtime> {
  const keyring = keyringFromConfig(config, (message) => logger.warn(message));
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const vault = new Vault(keyring);
  // Instances sharing a Postgres must all be able to decrypt under the active key (rolling rotation).
  const keyringPeers = database.kind === 'postgres' ? new KeyringPeers(database.db, keyring) : undefined;
  try {
    await migrateDatabase(database);
    // A wrong key would otherwise start "ready" and answer 500 to every call.
    await verifyKeyring(database.db, vault, keyring, { record: true });
    await keyringPeers?.join();
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
  const intercomSettings = {
    baseUrlOverride: config.intercomBaseUrl,
    version: config.intercomVersion,
    timeoutMs: config.intercomTimeoutMs,
    pacingMaxWaitMs: config.intercomPacingMaxWaitMs,
  };
  const sseSessions = new SseSessions(
    config.sseKeepAliveMs,
    config.maxSseSessionsPerConnection,
    config.sseMaxBacklog,
    new SseRelay(database, logger.child({ component: 'sse-relay' })),
  );
  await sseSessions.start();
  const cache = new VerifiedTokenCache<Tenant>(config.tokenCacheTtlMs);
  // Other instances may share a Postgres: watch the link their revocations arrive by.
  const notifications =
    database.kind === 'postgres'
      ? new NotificationWatch(database, logger.child({ component: 'notifications' }))
      : ALWAYS_TRUSTED;
  if (notifications instanceof NotificationWatch) await notifications.start();
  const connections = new ConnectionService({
    database,
    vault,
    cache,
    identify: (token, region) => identifyToken(token, region, intercomSettings),
    logger,
    revokeDependents: (connectionId) => revokeGrantsOfConnection(database.db, connectionId),
    onChange: (connectionId) => sseSessions.closeConnection(connectionId),
    // About one argon2 verification per core; a flood never holds more than its share of them.
    verifySlots: Math.min(4, availableParallelism()),
    notifications,
  });
  await connections.listenForChanges();
  const databaseHealth = new DatabaseHealth(database, logger);
  const isOutage = (error: unknown) => databaseHealth.noteError(error);
  const audit = new AuditLog(database.db, logger, { retentionDays: config.auditRetentionDays, isOutage });
  audit.start();
  // Instances sharing a Postgres share the end of each workspace's Intercom window there.
  const rateLimits = new RateLimitRegistry(
    Date.now,
    database.kind === 'postgres' ? new IntercomBudgetStore(database.db) : undefined,
  );
  const intercomFor = createIntercomFactory(intercomSettings, rateLimits);
  const jobStore = new JobStore(database.db);
  const runner = new JobRunner({
    store: jobStore,
    settings: config.jobs,
    retentionDays: config.auditRetentionDays,
    tenantFor: (connectionId) => connections.tenantById(connectionId),
    intercomFor,
    logger: logger.child({ component: 'bulk-send' }),
    isOutage,
  });
  const deps: AppDeps = {
    config,
    logger,
    database,
    databaseHealth,
    connections,
    intercomFor,
    sseSessions,
    meCache: new TtlCache<IntercomMe>(10 * 60_000),
    directoryCache: new DirectoryCache(),
    audit,
    oauth: new OAuthService({ config, logger, database, connections, keyring }).start(),
    jobs: new MessageJobService(jobStore, config.jobs, rateLimits, () => runner.wake()),
    confirmations: new ConfirmationService(database.db, logger),
  };
  const app = createApp(deps);
  const metricsServer =
    config.metrics.port === undefined ? undefined : await startMetricsServer(config, logger);
  const server = createAdaptorServer({ fetch: app.fetch });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A deep accept queue so that bursts of new connections are not reset by the kernel.
    server.listen({ port: config.port, host: config.host, backlog: 4096 }, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const removeMetricsSource = addRuntimeSource({
    sseStreamsOpen: () => sseSessions.size,
    database: () => ({ up: databaseHealth.up, ...database.stats() }),
    bulkJobs: () => jobStore.countByStatus(),
  });
  const metricsEnabled = config.metrics.token !== undefined || config.metrics.port !== undefined;
  if (metricsEnabled) enableProcessMetrics();
  logger.info(
    { port, database: database.kind, publicUrl: config.publicUrl, metricsPort: metricsServer?.port },
    'listening',
  );
  runner.start();

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    metricsUrl: metricsServer && `http://127.0.0.1:${metricsServer.port}`,
    deps,
    close() {
      closing ??= (async () => {
        await sseSessions.closeAll();
        // Sends in flight finish and are recorded before the database goes away.
        await runner.stop();
        await new Promise<void>((resolve) => {
          // Idle keep-alive sockets would hold close() open until their keep-alive timeout; in-flight
          // requests still finish, and the sockets they leave idle are closed as they become so.
          const sweep = setInterval(() => {
            if ('closeIdleConnections' in server) server.closeIdleConnections();
          }, 100);
          server.close(() => {
            clearInterval(sweep);
            resolve();
          });
          if ('closeIdleConnections' in server) server.closeIdleConnections();
        });
        await metricsServer?.close();
        removeMetricsSource();
        await deps.oauth.close();
        await audit.close();
        databaseHealth.close();
        notifications.close();
        await keyringPeers?.leave().catch(() => {});
        await database.close();
      })();
      return closing;
    },
  };
}
