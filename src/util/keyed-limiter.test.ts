import { describe, expect, it } from 'vitest';
import { KeyedLimiter } from './keyed-limiter.js';

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('KeyedLimiter', () => {
  it('runs maxActive for a key alone, queues in order beyond it, and refuses past the queue', async () => {
    const limiter = new KeyedLimiter(4, 1);
    const running = await Promise.all([1, 2, 3, 4].map(() => limiter.acquire('a')));
    expect(running.every((r) => r !== null)).toBe(true);
    const started: string[] = [];
    const fifth = limiter.acquire('a').then((release) => {
      started.push('a5');
      return release;
    });
    expect(await limiter.acquire('a')).toBeNull();
    await settle();
    expect(started).toEqual([]);
    running[0]?.();
    running[0]?.(); // releasing twice frees one slot only
    const a5 = await fifth;
    expect(started).toEqual(['a5']);
    for (const release of [...running.slice(1), a5]) release?.();
    expect(await limiter.acquire('a')).not.toBeNull();
  });

  it('halves a busy key’s share while another key is busy, and gives it back when that key is idle', async () => {
    const limiter = new KeyedLimiter(4, 100);
    const a = await Promise.all([1, 2, 3, 4].map(() => limiter.acquire('a')));
    const b1 = await limiter.acquire('b'); // another tenant gets in at once
    expect(b1).not.toBeNull();
    const started: number[] = [];
    const more = [5, 6, 7].map((n) =>
      limiter.acquire('a').then((release) => {
        started.push(n);
        return release;
      }),
    );
    // 'a' runs 4 while its share is now 2: releasing two of them starts none of its waiters.
    a[0]?.();
    a[1]?.();
    await settle();
    expect(started).toEqual([]);
    a[2]?.();
    await settle();
    expect(started).toEqual([5]);
    // 'b' goes idle: 'a' may run 4 again, and its waiters start at once.
    b1?.();
    const released = await Promise.all(more);
    expect(started).toEqual([5, 6, 7]);
    for (const release of [a[3], ...released]) release?.();
  });

  it('gives busy keys one slot each while the event loop is saturated, and their share back after', async () => {
    let saturated = true;
    const limiter = new KeyedLimiter(4, 100, () => saturated);
    const a1 = await limiter.acquire('a');
    const b1 = await limiter.acquire('b');
    const started: string[] = [];
    const wait = (key: string, name: string) =>
      limiter.acquire(key).then((release) => {
        started.push(name);
        return release;
      });
    const [a2, b2, b3] = [wait('a', 'a2'), wait('b', 'b2'), wait('b', 'b3')];
    await settle();
    expect(started).toEqual([]);
    b1?.(); // saturated: 'a' stays at one; 'b' gets its one slot back
    await settle();
    expect(started).toEqual(['b2']);
    saturated = false; // headroom again: each busy key may run half of 4
    (await b2)?.();
    await settle();
    expect(started.sort()).toEqual(['a2', 'b2', 'b3']);
    for (const release of [a1, await a2, await b3]) release?.();
  });
});
