import { describe, expect, it } from 'vitest';
import { KeyedLimiter } from './keyed-limiter.js';

describe('KeyedLimiter', () => {
  it('runs at most maxActive per key, queues in order, refuses past the queue, and leaves other keys alone', async () => {
    const limiter = new KeyedLimiter(2, 1);
    const a1 = await limiter.acquire('a');
    const a2 = await limiter.acquire('a');
    const order: string[] = [];
    const queued = limiter.acquire('a').then((release) => {
      order.push('a3');
      return release;
    });
    expect(await limiter.acquire('a')).toBeNull();
    const b1 = await limiter.acquire('b');
    expect(b1).not.toBeNull();
    expect(order).toEqual([]);
    a1?.();
    const a3 = await queued;
    expect(order).toEqual(['a3']);
    a2?.();
    a3?.();
    a3?.();
    b1?.();
    const again = await limiter.acquire('a');
    expect(again).not.toBeNull();
  });
});
