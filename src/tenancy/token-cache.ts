import { sameDigest, tokenDigest } from './tokens.js';

interface Entry<T> {
  digest: Buffer;
  value: T;
  connectionId: string;
  expiresAt: number;
}

/**
 * Remembers tokens that passed argon2 verification for a short time, keyed by lookup id, so the
 * hot path costs one SHA-256 instead of an argon2 verify. Rotation and revocation evict entries.
 */
export class VerifiedTokenCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(lookupId: string, token: string): T | undefined {
    const entry = this.entries.get(lookupId);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(lookupId);
      return undefined;
    }
    return sameDigest(entry.digest, tokenDigest(token)) ? entry.value : undefined;
  }

  set(lookupId: string, token: string, connectionId: string, value: T): void {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= this.maxEntries) {
      // Maps iterate in insertion order: drop the oldest entry.
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(lookupId, {
      digest: tokenDigest(token),
      value,
      connectionId,
      expiresAt: this.now() + this.ttlMs,
    });
  }

  evictConnection(connectionId: string): void {
    for (const [lookupId, entry] of this.entries) {
      if (entry.connectionId === connectionId) this.entries.delete(lookupId);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
