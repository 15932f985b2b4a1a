import type { Context, MiddlewareHandler } from 'hono';
import { MemoryStore, rateLimiter } from 'hono-rate-limiter';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { clientIp } from './client-ip.js';
import type { AppEnv } from './context.js';
import { errorFor } from './errors.js';

export interface RateLimits {
  /** Every request to the API and MCP routes, per client IP. */
  perIp: MiddlewareHandler<AppEnv>;
  /** Only requests that fail authentication count, per client IP: token guessing becomes slow and loud. */
  authFailuresPerIp: MiddlewareHandler<AppEnv>;
  /** Authenticated requests, per connection. */
  perConnection: MiddlewareHandler<AppEnv>;
}

const tooMany = (what: string) => (c: Context) =>
  errorFor(
    c,
    429,
    'rate_limited',
    `Too many ${what}; retry after ${c.res.headers.get('Retry-After') ?? 'a while'} s.`,
  );

/** In-memory limits (hono-rate-limiter) on fixed windows; each answers 429 with Retry-After. */
export function createRateLimits(config: Config, logger: Logger): RateLimits {
  const ip = (c: Context) => clientIp(c, config.trustProxy);
  const common = { standardHeaders: 'draft-6' as const };
  return {
    perIp: rateLimiter<AppEnv>({
      ...common,
      windowMs: 60_000,
      limit: config.rateLimitPerIpPerMinute,
      keyGenerator: ip,
      handler: tooMany('requests from this address'),
    }),
    authFailuresPerIp: countFailedAuthentications(config.authFailuresPerIp, ip, logger),
    perConnection: rateLimiter<AppEnv>({
      ...common,
      windowMs: 60_000,
      limit: config.rateLimitPerConnectionPerMinute,
      keyGenerator: (c) => c.get('tenant').connectionId,
      handler: tooMany('requests for this connection'),
    }),
  };
}

/**
 * Counts only rejected static connection tokens (the guessable credential), per client IP: a 401
 * without a token is how every OAuth client discovers where to sign in, and an expired OAuth access
 * token is a 256-bit secret nobody guesses (many Claude.ai users share a few addresses). Per client IP, and refuses the address once it has used up its
 * failures for the window. (hono-rate-limiter's skipSuccessfulRequests counts every request while it is
 * in flight and takes it back afterwards, so a client with more than `limit` calls in flight at once
 * would be refused as a token guesser.)
 */
function countFailedAuthentications(
  limit: number,
  ip: (c: Context) => string,
  logger: Logger,
): MiddlewareHandler<AppEnv> {
  const windowMs = 15 * 60_000;
  const failures = new MemoryStore();
  failures.init({ windowMs } as Parameters<MemoryStore['init']>[0]);
  return async (c, next) => {
    const address = ip(c);
    const seen = failures.get(address);
    if (seen && seen.totalHits >= limit && seen.resetTime && seen.resetTime.getTime() > Date.now()) {
      const seconds = Math.max(1, Math.ceil((seen.resetTime.getTime() - Date.now()) / 1000));
      c.header('Retry-After', String(seconds));
      logger.warn({ ip: address }, 'too many failed authentications from this address; refusing for now');
      return tooMany('failed authentications from this address')(c);
    }
    await next();
    if (c.get('rejectedCredential')) failures.increment(address);
  };
}
