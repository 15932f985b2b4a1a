import type { Context, MiddlewareHandler } from 'hono';
import { rateLimiter, type Store } from 'hono-rate-limiter';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { type AuthRefusal, FailedAttempts } from '../tenancy/failed-attempts.js';
import { clientIp } from './client-ip.js';
import type { AppEnv } from './context.js';
import { errorFor } from './errors.js';
import { type LimitStores, MEMORY_LIMIT_STORES } from './limit-stores.js';
import { type Throttle, tooManyRequests } from './too-many.js';

export interface RateLimits {
  /** Every request to the API and MCP routes, per client IP. */
  perIp: MiddlewareHandler<AppEnv>;
  /**
   * Counts credentials a route found wrong at no cost to us (`rejectedCredential`: an Intercom token
   * Intercom refused, a wrong metrics token), per client IP; past the limit such a failure gets 429.
   */
  authFailuresPerIp: MiddlewareHandler<AppEnv>;
  /** Failed authentications per client IP, shared by that middleware and the token checks. */
  attempts: FailedAttempts;
  /** Authenticated requests, per connection. */
  perConnection: MiddlewareHandler<AppEnv>;
  /**
   * Counts `extra` more requests of the request's connection (the other messages of a JSON-RPC batch,
   * which perConnection counted as one); the limit they ran into when that is past it.
   */
  chargeConnection(c: Context<AppEnv>, extra: number): Promise<Throttle | undefined>;
}

const tooMany = (what: string) => (c: Context) =>
  errorFor(
    c,
    429,
    'rate_limited',
    `Too many ${what}; retry after ${c.res.headers.get('Retry-After') ?? 'a while'} s.`,
  );

/**
 * Limits on fixed windows (hono-rate-limiter), per address and per connection counted in `stores`: in
 * memory for one process, or shared by every instance on one Postgres. Each answers 429 with Retry-After.
 * Failed authentications are counted by FailedAttempts, on counters from the same `stores`.
 */
export function createRateLimits(
  config: Config,
  logger: Logger,
  stores: LimitStores = MEMORY_LIMIT_STORES,
): RateLimits {
  const ip = (c: Context) => clientIp(c, config.trustProxy);
  const common = { standardHeaders: 'draft-6' as const };
  const perConnectionStore: Store<AppEnv> = stores.create(
    'connection',
    60_000,
    config.rateLimitPerConnectionPerMinute,
  );
  const attempts = new FailedAttempts({
    limit: config.authFailuresPerIp,
    windowSeconds: AUTH_FAILURE_WINDOW_SECONDS,
    maxConcurrentPerAddress: MAX_CHECKS_PER_ADDRESS,
    // A security control: the count of an address's failures is shared by every instance (Postgres),
    // or kept in this process when it is the only one.
    counters: {
      perAddress: stores.counter('auth-fail', AUTH_FAILURE_WINDOW_SECONDS, config.authFailuresPerIp),
      failedCredentials: stores.counter('auth-bad', AUTH_FAILURE_WINDOW_SECONDS, 1),
    },
  });
  return {
    perIp: rateLimiter<AppEnv>({
      ...common,
      windowMs: 60_000,
      limit: config.rateLimitPerIpPerMinute,
      keyGenerator: ip,
      store: stores.create('ip', 60_000, config.rateLimitPerIpPerMinute),
      handler: tooMany('requests from this address'),
    }),
    authFailuresPerIp: countFailedAuthentications(attempts, ip, logger),
    attempts,
    async chargeConnection(c, extra) {
      const limit = config.rateLimitPerConnectionPerMinute;
      let info: { totalHits: number; resetTime?: Date } | undefined;
      for (let i = 0; i < extra; i++) info = await perConnectionStore.increment(c.get('tenant').connectionId);
      if (!info || info.totalHits <= limit) return undefined;
      const resetMs = (info.resetTime?.getTime() ?? Date.now() + 60_000) - Date.now();
      return { limit, windowSeconds: 60, retryAfterSeconds: Math.max(1, Math.ceil(resetMs / 1000)) };
    },
    perConnection: rateLimiter<AppEnv>({
      ...common,
      store: perConnectionStore,
      windowMs: 60_000,
      limit: config.rateLimitPerConnectionPerMinute,
      keyGenerator: (c) => c.get('tenant').connectionId,
      handler: tooMany('requests for this connection'),
    }),
  };
}

const AUTH_FAILURE_WINDOW_SECONDS = 15 * 60;
/** Costly credential checks (argon2) one address may have running at once. */
const MAX_CHECKS_PER_ADDRESS = 4;

/** The 429 for an address past its failed authentications (or with too many checks running at once). */
export function refuseAuthentication(
  c: Context,
  refusal: AuthRefusal,
  attempts: FailedAttempts,
  logger: Logger,
  address: string,
) {
  if (refusal.reason === 'locked') {
    // Once a minute per address: a flood must not turn into a log line (and its CPU) per request.
    if (attempts.shouldReport(address)) {
      logger.warn({ ip: address }, 'too many failed authentications from this address; refusing for now');
    }
    return tooManyRequests(c, refusal, 'failed authentications from this address');
  }
  return tooManyRequests(c, refusal, 'token checks in progress at once');
}

/**
 * After the route: a credential it found wrong (`rejectedCredential`) counts as a failed attempt of the
 * client IP, and once the address is past its limit the answer becomes 429. Nothing is refused up front:
 * a request whose credentials verify is served whatever the address did before (many Claude.ai users
 * share a few egress addresses). Static connection tokens are counted by the token check itself
 * (requireTenant), before their argon2 work; a 401 without a token, which is how every OAuth client
 * discovers where to sign in, and an expired OAuth access token (a 256-bit secret nobody guesses) never count.
 */
function countFailedAuthentications(
  attempts: FailedAttempts,
  ip: (c: Context) => string,
  logger: Logger,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (!c.get('rejectedCredential')) return;
    const address = ip(c);
    const refusal = await attempts.failed(address);
    if (refusal) c.res = refuseAuthentication(c, refusal, attempts, logger, address);
  };
}
