import { lt, sql } from 'drizzle-orm';
import type { Store } from 'hono-rate-limiter';
import { MemoryStore } from 'hono-rate-limiter';
import {
  type RateLimiterAbstract,
  RateLimiterDrizzle,
  RateLimiterMemory,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import type { Database } from '../db/client.js';
import { rateLimitCounters } from '../db/schema.js';
import type { AppEnv } from './context.js';

const PURGE_EVERY_MS = 5 * 60_000;

/** Where the request limits keep their counts: one place per limit, shared by instances or not. */
export interface LimitStores {
  /** A counter store for the limit `name`: `limit` hits per `windowMs` per key. */
  create(name: string, windowMs: number, limit: number): Store<AppEnv>;
}

/** One process: counts in memory (the embedded database serves a single instance). */
export const MEMORY_LIMIT_STORES: LimitStores = {
  create: (_name, windowMs) => {
    const store = new MemoryStore<AppEnv>();
    store.init({ windowMs } as Parameters<MemoryStore<AppEnv>['init']>[0]);
    return store;
  },
};

/**
 * Counts shared by every instance on one Postgres, so a documented limit holds however many instances
 * run: rate-limiter-flexible's Drizzle store (one atomic upsert per hit). If the database fails, an
 * in-memory limiter of the same size takes over on each instance (its insurance), and a key that has
 * used up its window is refused in memory until the window ends, without another query.
 */
export function postgresLimitStores(database: Database): LimitStores {
  // Ended windows are deleted now and then by whichever instance counts (no timer outlives the app).
  let lastPurge = Date.now();
  const purgeNowAndThen = () => {
    if (Date.now() - lastPurge < PURGE_EVERY_MS) return;
    lastPurge = Date.now();
    database.db
      .delete(rateLimitCounters)
      .where(lt(rateLimitCounters.expire, sql`now() - interval '1 minute'`))
      .catch(() => {}); // the next purge retries
  };
  return {
    create(name, windowMs, limit) {
      const duration = windowMs / 1000;
      return flexibleStore(
        purgeNowAndThen,
        new RateLimiterDrizzle({
          storeClient: database.db,
          schema: rateLimitCounters,
          clearExpiredByTimeout: false,
          keyPrefix: name,
          points: limit,
          duration,
          inMemoryBlockOnConsumed: limit + 1,
          insuranceLimiter: new RateLimiterMemory({ keyPrefix: name, points: limit, duration }),
        }),
      );
    },
  };
}

/** hono-rate-limiter's store interface over a rate-limiter-flexible limiter. */
function flexibleStore(onHit: () => void, limiter: RateLimiterAbstract): Store<AppEnv> {
  const info = (res: RateLimiterRes) => ({
    totalHits: res.consumedPoints,
    resetTime: new Date(Date.now() + Math.max(0, res.msBeforeNext)),
  });
  return {
    async increment(key) {
      onHit();
      try {
        return info(await limiter.consume(key, 1));
      } catch (refused) {
        // Over the limit (a key blocked in memory answers with no count: it is over too); anything
        // else is an error of the store.
        if (!(refused instanceof RateLimiterRes)) throw refused;
        return { ...info(refused), totalHits: Math.max(refused.consumedPoints, limiter.points + 1) };
      }
    },
    async get(key) {
      const res = await limiter.get(key);
      return res ? info(res) : undefined;
    },
    async decrement(key) {
      await limiter.reward(key, 1);
    },
    async resetKey(key) {
      await limiter.delete(key);
    },
  };
}
