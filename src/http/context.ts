import type { HttpBindings } from '@hono/node-server';
import type { AuditLog } from '../audit/audit-log.js';
import type { Config } from '../config.js';
import type { ConfirmationService } from '../confirm/confirmations.js';
import type { Database } from '../db/client.js';
import type { DatabaseHealth } from '../db/health.js';
import type { DirectoryCache } from '../directory/lists.js';
import type { IntercomFactory } from '../intercom/factory.js';
import type { IntercomMe } from '../intercom/schemas.js';
import type { MessageJobService } from '../jobs/message-jobs.js';
import type { Logger } from '../logger.js';
import type { SseSessions } from '../mcp/sse-sessions.js';
import type { OAuthService } from '../oauth/service.js';
import type { ConnectionService } from '../tenancy/connections.js';
import type { Tenant } from '../tenancy/tenant.js';
import type { TtlCache } from '../util/ttl-cache.js';
import type { RateLimits } from './rate-limits.js';

/** What the HTTP layer is built from; assembled once in server.ts (or by tests). */
export interface AppDeps {
  config: Config;
  logger: Logger;
  database: Database;
  /** Logs database outages once (warn) and their end once (info). */
  databaseHealth: DatabaseHealth;
  connections: ConnectionService;
  intercomFor: IntercomFactory;
  sseSessions: SseSessions;
  meCache: TtlCache<IntercomMe>;
  directoryCache: DirectoryCache;
  audit: AuditLog;
  oauth: OAuthService;
  jobs: MessageJobService;
  confirmations: ConfirmationService;
}

/** What the route factories get: the deps plus the HTTP layer's own rate limiters. */
export type RouteDeps = AppDeps & { limits: RateLimits };

export type AppEnv = {
  Bindings: HttpBindings;
  Variables: {
    tenant: Tenant;
    /** Set by a route that found a presented credential wrong at no cost (an Intercom token, the metrics token): it counts as a failed authentication of the address. */
    rejectedCredential?: boolean;
  };
};
