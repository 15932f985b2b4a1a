import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { metricsRoutes } from './http.js';

/**
 * /metrics alone on METRICS_PORT (and METRICS_HOST), for scrapers on a private network; still
 * Bearer-protected when METRICS_TOKEN is set. Nothing else is served there.
 */
export async function startMetricsServer(
  config: Config,
  logger: Logger,
): Promise<{ port: number; close(): Promise<void> }> {
  const app = metricsRoutes({
    token: config.metrics.token,
    onRejected: () => logger.debug('metrics: wrong bearer token'),
  });
  app.notFound((c) =>
    c.json({ error: { code: 'not_found', message: 'Only GET /metrics is served here.' } }, 404),
  );
  const server = createAdaptorServer({ fetch: app.fetch });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: config.metrics.port, host: config.metrics.host }, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
