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
});
