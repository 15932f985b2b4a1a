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
  /** A rate-limiter-flexible counter of `points` per `windowSeconds` (failed authentications use two). */
  counter(name: string, windowSeconds: number, points: number): RateLimiterAbstract;
}

/** One process: counts in memory (the embedded database serves a single instance). */
export const MEMORY_LIMIT_STORES: LimitStores = {
  create: (_name, windowMs) => {
    const store = new MemoryStore<AppEnv>();
    store.init({ windowMs } as Parameters<MemoryStore<AppEnv>['init']>[0]);
    return store;
  },
  counter: (name, duration, points) => new RateLimiterMemory({ keyPrefix: name, points, duration }),
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
  const shared = (name: string, duration: number, points: number) =>
    new RateLimiterDrizzle({
      storeClient: database.db,
      schema: rateLimitCounters,
      clearExpiredByTimeout: false,
      keyPrefix: name,
      points,
      duration,
      inMemoryBlockOnConsumed: points + 1,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: name, points, duration }),
    });
  return {
    create(name, windowMs, limit) {
      return flexibleStore(purgeNowAndThen, shared(name, windowMs / 1000, limit), blockFor(limit));
    },
    counter(name, windowSeconds, points) {
      purgeNowAndThen();
      return shared(name, windowSeconds, points);
    },
  };
}

/**
 * How many hits an instance takes from the shared count at once: one query per block instead of one per
 * request (the bench measured two upserts per request at a quarter of the bare proxy's throughput). Hits
 * an instance took and did not use are lost when the window ends, so a limit can only undershoot, by at
 * most a block per instance: 2 % of it per instance; small limits (under 50) are counted hit by hit.
 */
function blockFor(limit: number): number {
  return Math.max(1, Math.floor(limit / 50));
}

interface Taken {
  /** Hits taken from the shared count and not yet used. */
  left: number;
  /** The shared count just after the block was taken. */
  consumed: number;
  resetAt: number;
}

/** hono-rate-limiter's store interface over a rate-limiter-flexible limiter, taking hits `block` at a time. */
export function flexibleStore(onHit: () => void, limiter: RateLimiterAbstract, block = 1): Store<AppEnv> {
  type Hits = { totalHits: number; resetTime: Date };
  const taken = new Map<string, Taken>();
  /** One block being taken per key at a time: concurrent requests wait for it instead of taking their own. */
  const taking = new Map<string, Promise<Hits | undefined>>();
  const info = (consumed: number, resetAt: number): Hits => ({
    totalHits: consumed,
    resetTime: new Date(resetAt),
  });

  let lastSweep = Date.now();
  /** Blocks of ended windows go (a key seen once, e.g. a passing address, leaves its block behind). */
  const sweep = (now: number) => {
    if (now - lastSweep < 60_000) return;
    lastSweep = now;
    for (const [key, block] of taken) if (block.resetAt <= now) taken.delete(key);
  };

  /** Takes `points` from the shared count: the block taken, or the over-limit answer when refused. */
  const take = async (key: string, points: number): Promise<{ block: Taken } | { refused: Hits }> => {
    onHit();
    sweep(Date.now());
    try {
      const res = await limiter.consume(key, points);
      return {
        block: {
          left: points,
          consumed: res.consumedPoints,
          resetAt: Date.now() + Math.max(0, res.msBeforeNext),
        },
      };
    } catch (refused) {
      // Over the limit (a key blocked in memory answers with no count: it is over too); anything else is
      // an error of the store.
      if (!(refused instanceof RateLimiterRes)) throw refused;
      const resetAt = Date.now() + Math.max(0, refused.msBeforeNext);
      return { refused: info(Math.max(refused.consumedPoints, limiter.points + 1), resetAt) };
    }
  };

  return {
    async increment(key) {
      if (block === 1) {
        const one = await take(key, 1);
        return 'refused' in one ? one.refused : info(one.block.consumed, one.block.resetAt);
      }
      for (;;) {
        const local = taken.get(key);
        if (local && local.left > 0 && local.resetAt > Date.now()) {
          local.left--;
          if (local.left === 0) taken.delete(key);
          return info(local.consumed - local.left, local.resetAt);
        }
        let pending = taking.get(key);
        if (!pending) {
          pending = take(key, block)
            .then((got) => {
              if ('refused' in got) {
                taken.delete(key);
                return got.refused;
              }
              taken.set(key, got.block);
              return undefined;
            })
            .finally(() => taking.delete(key));
          taking.set(key, pending);
        }
        const refused = await pending;
        if (refused) return refused;
      }
    },
    async get(key) {
      const res = await limiter.get(key);
      return res ? info(res.consumedPoints, Date.now() + Math.max(0, res.msBeforeNext)) : undefined;
    },
    async decrement(key) {
      const local = taken.get(key);
      if (local && local.resetAt > Date.now()) local.left++;
      else await limiter.reward(key, 1);
    },
    async resetKey(key) {
      taken.delete(key);
      await limiter.delete(key);
    },
  };
}
