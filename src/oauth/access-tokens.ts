import { tokenCacheLookups } from '../metrics/metrics.js';
import type { Tenant } from '../tenancy/tenant.js';
import type { GrantStore } from './grant-store.js';
import { sameResource } from './resource.js';
import { hasShape, secretHash } from './secrets.js';

const CACHE_HIT = tokenCacheLookups.series('oauth', 'hit');
const CACHE_MISS = tokenCacheLookups.series('oauth', 'miss');

interface Entry {
  tenant: Tenant;
  connectionId: string;
  /** The earlier of the cache TTL and the token's own expiry: a cached token never outlives itself. */
  until: number;
}

export interface AccessTokenVerifierDeps {
  store: GrantStore;
  /** The connection's tenant (decrypted key), or null once it is revoked. */
  tenantFor: (connectionId: string) => Promise<Tenant | null>;
  /** Our resource: a token whose grant names another audience is refused. */
  resource: string;
  cacheTtlMs: number;
  /** Whether revocations on other instances reach this one; cached tokens are trusted only then. */
  trusted?: () => boolean;
  maxEntries?: number;
  now?: () => number;
}

/**
 * Resolves OAuth access tokens (`icmat_…`) to tenants. A verified token is remembered in memory, keyed
 * by its SHA-256, so the hot path costs one hash; revoking a grant or its connection evicts the entries
 * of that connection here and, through the connection change channel, on every other instance.
 */
export class AccessTokenVerifier {
  private readonly entries = new Map<string, Entry>();
  /** Bumped on every eviction: a lookup that started before one must not re-cache its result. */
  private evictions = 0;
  private readonly now: () => number;

  constructor(private readonly deps: AccessTokenVerifierDeps) {
    this.now = deps.now ?? Date.now;
  }

  async authenticate(token: string): Promise<Tenant | null> {
    if (!hasShape('access', token)) return null;
    const key = secretHash(token);
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > now && (this.deps.trusted?.() ?? true)) {
      CACHE_HIT.value++;
      return hit.tenant;
    }
    CACHE_MISS.value++;
    if (hit) this.entries.delete(key);
    const generation = this.evictions;
    const row = await this.deps.store.findLiveAccessToken(key, new Date(now));
    if (!row || !sameResource(row.resource, this.deps.resource)) return null;
    const tenant = await this.deps.tenantFor(row.connectionId);
    if (!tenant) return null;
    if (generation === this.evictions && this.deps.cacheTtlMs > 0) {
      this.remember(key, {
        tenant,
        connectionId: row.connectionId,
        until: Math.min(now + this.deps.cacheTtlMs, row.expiresAt.getTime()),
      });
    }
    return tenant;
  }

  /** Forgets the tokens of one connection, or every token when no id is given. */
  evictConnection(connectionId: string | undefined): void {
    this.evictions++;
    if (connectionId === undefined) {
      this.entries.clear();
      return;
    }
    for (const [key, entry] of this.entries) {
      if (entry.connectionId === connectionId) this.entries.delete(key);
    }
  }

  private remember(key: string, entry: Entry): void {
    if (this.entries.size >= (this.deps.maxEntries ?? 10_000)) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, entry);
  }
}
