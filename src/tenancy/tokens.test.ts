import { describe, expect, it } from 'vitest';
import { VerifiedTokenCache } from './token-cache.js';
import { hashToken, issueConnectionToken, parseConnectionToken, verifyToken } from './tokens.js';

describe('connection tokens', () => {
  it('carry a public lookup id and verify only against their own argon2id hash', async () => {
    const a = issueConnectionToken();
    const b = issueConnectionToken();
    expect(parseConnectionToken(a.token)).toBe(a.lookupId);
    expect(a.token).not.toBe(b.token);
    const stored = await hashToken(a.token);
    expect(stored).toMatch(/^\$argon2id\$/);
    expect(stored).not.toContain(a.token);
    expect(await verifyToken(stored, a.token)).toBe(true);
    expect(await verifyToken(stored, b.token)).toBe(false);
    expect(await verifyToken('', a.token)).toBe(false);
  });

  it.each([
    '',
    'icm_',
    'Bearer x',
    `icm_0123456789abcdeg_${'a'.repeat(43)}`,
    `icm_0123456789abcdef_${'a'.repeat(42)}`,
  ])('rejects the malformed token %j without any lookup', (token) => {
    expect(parseConnectionToken(token)).toBeNull();
  });
});

describe('VerifiedTokenCache', () => {
  it('answers only for the exact token, until it expires or is evicted', () => {
    let now = 1_000;
    const cache = new VerifiedTokenCache<string>(500, 10, () => now);
    const { token, lookupId } = issueConnectionToken();
    cache.set(lookupId, token, 'conn-1', 'tenant-1');
    expect(cache.get(lookupId, token)).toBe('tenant-1');
    expect(cache.get(lookupId, `${token.slice(0, -1)}x`)).toBeUndefined();
    now += 501;
    expect(cache.get(lookupId, token)).toBeUndefined();
    cache.set(lookupId, token, 'conn-1', 'tenant-1');
    cache.evictConnection('conn-1');
    expect(cache.get(lookupId, token)).toBeUndefined();
  });

  it('stays within its size bound', () => {
    const cache = new VerifiedTokenCache<number>(10_000, 3);
    const issued = Array.from({ length: 5 }, () => issueConnectionToken());
    for (const [i, t] of issued.entries()) cache.set(t.lookupId, t.token, `c${i}`, i);
    const hits = issued.filter((t) => cache.get(t.lookupId, t.token) !== undefined);
    expect(hits.map((t) => t.lookupId)).toEqual(issued.slice(2).map((t) => t.lookupId));
  });
});
