import { RateLimiterMemory } from 'rate-limiter-flexible';
import { describe, expect, it } from 'vitest';
import { flexibleStore } from './limit-stores.js';

/** `n` concurrent hits on one key: how many were within the limit, and the queries they cost. */
async function burst(n: number, limit: number, block: number) {
  let queries = 0;
  const limiter = new RateLimiterMemory({ points: limit, duration: 60 });
  const store = flexibleStore(() => queries++, limiter, block);
  const hits = await Promise.all(Array.from({ length: n }, () => store.increment('key')));
  return { within: hits.filter((h) => h.totalHits <= limit).length, queries };
}

describe('flexibleStore', () => {
  it('counts hit by hit with blocks of one, concurrent hits included', async () => {
    expect(await burst(50, 10, 1)).toEqual({ within: 10, queries: 50 });
  });

  it('takes blocks: one query per block, never more hits than the limit, concurrent hits sharing a block', async () => {
    const { within, queries } = await burst(60, 40, 8);
    expect(within).toBe(40);
    expect(queries).toBeLessThanOrEqual(60 / 8 + 2); // 5 blocks fill the limit, then refusals
  });
});
