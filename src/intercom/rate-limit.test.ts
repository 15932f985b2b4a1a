import { describe, expect, it } from 'vitest';
import { RateLimitRegistry } from './rate-limit.js';

const headers = (limit: number, remaining: number, reset: number) =>
  new Headers({
    'x-ratelimit-limit': String(limit),
    'x-ratelimit-remaining': String(remaining),
    'x-ratelimit-reset': String(reset),
  });

describe('RateLimitRegistry', () => {
  it('lets calls through while budget remains, counting calls that have not answered yet', () => {
    let now = 1_000_000;
    const registry = new RateLimitRegistry(() => now);
    expect(registry.acquire('ws')).toBe(0);
    registry.record('ws', headers(100, 5, now / 1000 + 10));
    expect(registry.acquire('ws')).toBe(0);
    expect(registry.acquire('ws')).toBe(0);
    expect(registry.acquire('ws')).toBe(0);
    expect(registry.acquire('ws')).toBe(10_000);
    now += 4_000;
    expect(registry.acquire('ws')).toBe(6_000);
    now += 6_001;
    expect(registry.acquire('ws')).toBe(0);
  });

  it('keeps workspaces apart and ignores responses without the headers', () => {
    const now = 5_000_000;
    const registry = new RateLimitRegistry(() => now);
    registry.record('a', headers(100, 0, now / 1000 + 3));
    registry.record('b', new Headers());
    expect(registry.acquire('a')).toBe(3_000);
    expect(registry.acquire('b')).toBe(0);
  });

  it('never raises the count within a window from an answer older than the calls since', () => {
    const now = 7_000_000;
    const registry = new RateLimitRegistry(() => now);
    const reset = now / 1000 + 10;
    registry.record('ws', headers(100, 10, reset));
    for (let i = 0; i < 5; i++) registry.acquire('ws');
    // An answer to a call sent before those five arrives late, still saying 9.
    registry.record('ws', headers(100, 9, reset));
    expect(registry.snapshot('ws')?.remaining).toBe(5);
    // A fresher answer that reports less (other callers of the key) lowers it.
    registry.record('ws', headers(100, 3, reset));
    expect(registry.snapshot('ws')?.remaining).toBe(3);
    // A late answer from a window that has ended changes nothing.
    registry.record('ws', headers(100, 80, now / 1000 - 1));
    expect(registry.snapshot('ws')?.remaining).toBe(3);
    // A new window starts afresh.
    registry.record('ws', headers(100, 99, reset + 10));
    expect(registry.snapshot('ws')?.remaining).toBe(99);
  });
});
