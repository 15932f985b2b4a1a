import { describe, expect, it } from 'vitest';
import { KeyedLimiter } from './keyed-limiter.js';

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Acquires a slot for `key`, noting `name` in `started` when the call starts. */
function acquireNoted<T>(limiter: KeyedLimiter, key: string, name: T, started: T[]) {
  return limiter.acquire(key).then((release) => {
    started.push(name);
    return release;
  });
}

describe('KeyedLimiter', () => {
  it('runs maxActive for a key alone, queues in order beyond it, and refuses past the queue', async () => {
    const limiter = new KeyedLimiter(4, 1);
    const running = await Promise.all([1, 2, 3, 4].map(() => limiter.acquire('a')));
    expect(running.every((r) => r !== null)).toBe(true);
    const started: string[] = [];
    const fifth = acquireNoted(limiter, 'a', 'a5', started);
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

  it('gives busy keys one slot each while the loop is saturated, and their whole cap with headroom', async () => {
    let saturated = true;
    const limiter = new KeyedLimiter(4, 100, { saturated: () => saturated });
    const a1 = await limiter.acquire('a');
    const b1 = await limiter.acquire('b');
    const started: string[] = [];
    const wait = (key: string, name: string) => acquireNoted(limiter, key, name, started);
    const [a2, b2, b3] = [wait('a', 'a2'), wait('b', 'b2'), wait('b', 'b3')];
    await settle();
    expect(started).toEqual([]);
    b1?.(); // saturated: 'a' stays at one; 'b' gets its one slot back
    await settle();
    expect(started).toEqual(['b2']);
    saturated = false; // headroom again: each busy key may run all 4
    (await b2)?.();
    await settle();
    expect(started.sort()).toEqual(['a2', 'b2', 'b3']);
    const [a3, a4, a5] = [wait('a', 'a3'), wait('a', 'a4'), wait('a', 'a5')];
    await settle();
    expect(started).toContain('a4'); // four of 'a' run while 'b' runs too
    expect(started).not.toContain('a5');
    a1?.();
    for (const release of [await a2, await a3, await a4, await a5, await b3]) release?.();
  });

  it('counts a key as at work for recentMs after its last call, so a flooder stays at one between them', async () => {
    let now = 0;
    const limiter = new KeyedLimiter(4, 100, { saturated: () => true, now: () => now, recentMs: 1_000 });
    const started: number[] = [];
    const flood = (n: number) => acquireNoted(limiter, 'flood', n, started);
    const f1 = await limiter.acquire('flood');
    const quiet = await limiter.acquire('quiet');
    const queued = [2, 3, 4, 5, 6, 7].map(flood);
    quiet?.(); // the quiet tenant is between two calls
    f1?.(); // the flooder's own release must not count as another key's
    await settle();
    expect(started).toEqual([2]); // one at a time: 'quiet' worked within the last second
    now += 999;
    (await queued[0])?.();
    await settle();
    expect(started).toEqual([2, 3]);
    now += 1; // 'quiet' idle for a second: the flooder alone gets its whole cap of 4 back at its next release
    (await queued[1])?.();
    await settle();
    expect(started).toEqual([2, 3, 4, 5, 6, 7]);
    for (const release of await Promise.all(queued.slice(2))) release?.();
  });

  it('remembers the last other key to work, behind the key that released last', async () => {
    let now = 0;
    const limiter = new KeyedLimiter(4, 100, { saturated: () => true, now: () => now, recentMs: 1_000 });
    const started: number[] = [];
    const a1 = await limiter.acquire('a');
    const [b1, c1] = [await limiter.acquire('b'), await limiter.acquire('c')];
    const waiting = [2, 3, 4, 5].map((n) => acquireNoted(limiter, 'a', n, started));
    b1?.(); // b at 0 ms, c at 500 ms, then a's own releases
    now = 500;
    c1?.();
    now = 600;
    a1?.();
    await settle();
    expect(started).toEqual([2]);
    now = 1_100; // b idle for 1,100 ms, c for 600 ms: c still counts
    (await waiting[0])?.();
    await settle();
    expect(started).toEqual([2, 3]);
    now = 1_500; // c idle for a second too: a alone
    (await waiting[1])?.();
    await settle();
    expect(started).toEqual([2, 3, 4, 5]);
    for (const release of await Promise.all(waiting.slice(2))) release?.();
  });
});
