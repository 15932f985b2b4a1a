import { Hono } from 'hono';
import type { AppDeps } from './context.js';

/** /healthz: the process answers. /readyz: the database answers too. */
export function health(deps: AppDeps) {
  const routes = new Hono();
  routes.get('/healthz', (c) => c.json({ status: 'ok' }));
  routes.get('/readyz', async (c) => {
    try {
      await deps.database.ping();
      deps.databaseHealth.noteSuccess();
      return c.json({ status: 'ready', database: deps.database.kind });
    } catch (error) {
      // An outage is logged once by databaseHealth, not once per probe.
      if (!deps.databaseHealth.noteError(error)) deps.logger.warn({ err: error }, 'readiness check failed');
      return c.json({ status: 'unavailable', database: deps.database.kind }, 503);
    }
  });
  return routes;
}
