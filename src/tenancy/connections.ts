import { randomBytes, randomUUID } from 'node:crypto';
import type { Database } from '../db/client.js';
import { ALWAYS_TRUSTED, type NotificationHealth } from '../db/notification-watch.js';
import type { ConnectionRow } from '../db/schema.js';
import type { Region } from '../intercom/regions.js';
import type { IntercomMe } from '../intercom/schemas.js';
import type { Logger } from '../logger.js';
import { tokenCacheLookups } from '../metrics/metrics.js';
import { sleep } from '../util/sleep.js';
import { type ConnectionCaps, capsOfRow, capsWithin, DEFAULT_CAPS } from './caps.js';
import { ConnectionStore } from './connection-store.js';
import { type ConnectionView, toView } from './connection-view.js';
import { AuthRefusal, type VerificationGuard } from './failed-attempts.js';
import { isWithin, parseStoredScopes, type Scopes } from './scopes.js';
import type { Tenant } from './tenant.js';
import type { VerifiedTokenCache } from './token-cache.js';
import { hashToken, issueConnectionToken, parseConnectionToken, tokenDigest, verifyToken } from './tokens.js';
import type { Vault } from './vault.js';
import { VerificationPool } from './verification-pool.js';

export type ScopeChange =
  | { ok: true; view: ConnectionView }
  | { ok: false; reason: 'not_found' }
  /** Widening without proof of ownership, or with a token of another workspace. */
  | { ok: false; reason: 'owner_required' | 'other_workspace'; current: Scopes; scopes: Scopes };

/** What a settings change asks for: new scopes and/or caps, each computed from the current ones. */
export interface SettingsChange {
  scopes?: (current: Scopes) => Scopes;
  caps?: (current: ConnectionCaps) => ConnectionCaps;
}

/**
 * Proof that the workspace owner asks (needed to widen scopes or loosen caps): an Intercom token to
 * check with GET /me, or the workspace id already proven that way (the /manage page's session).
 */
export type OwnerProof = { intercomToken: string } | { verifiedWorkspaceId: string };

export type SettingsResult =
  | { ok: true; view: ConnectionView }
  | { ok: false; reason: 'not_found' }
  | {
      ok: false;
      reason: 'owner_required' | 'other_workspace';
      /** What would be wider than now, in words. */
      wider: string[];
    };

export type IdentifyFn = (
  token: string,
  region: Region | undefined,
) => Promise<{ region: Region; me: IntercomMe }>;

export interface ConnectionServiceDeps {
  database: Database;
  vault: Vault;
  cache: VerifiedTokenCache<Tenant>;
  identify: IdentifyFn;
  logger: Logger;
  /**
   * Revokes what was granted on top of a connection (its OAuth grants and tokens) when the connection is
   * revoked. A hook rather than an import: OAuth builds on tenancy, so tenancy must not reach up into it.
   */
  revokeDependents: (connectionId: string) => Promise<void>;
  /** Called after a connection's token changed or it was revoked (here or on another instance). */
  onChange?: (connectionId: string) => unknown;
  /** argon2 verifications run at once by this process (about one per core; default 2). */
  verifySlots?: number;
  /** Whether other instances' change notifications are arriving; cached tokens are trusted only then. */
  notifications?: NotificationHealth;
}

/** Verifications of one lookup id running or waiting at once; beyond, `busy` without any work. */
const MAX_VERIFYING_PER_LOOKUP_ID = 2;

export type { ConnectionView };

const CACHE_HIT = tokenCacheLookups.series('connection', 'hit');
const CACHE_MISS = tokenCacheLookups.series('connection', 'miss');

/** Other instances evict their token caches when a connection changes (rotate, revoke). */
const CHANNEL = 'intercom_mcp_connection_changed';

/** Connecting a workspace, authenticating our tokens, rotating and revoking them. */
export class ConnectionService {
  private readonly store: ConnectionStore;
  private readonly verifying = new Map<string, Promise<Tenant | null | AuthRefusal>>();
  /** Bumped on every eviction: a verification that started before one must not re-cache its result. */
  private evictions = 0;
  private readonly changeListeners = new Set<(connectionId: string | undefined) => void>();
  private readonly notifications: NotificationHealth;
  private readonly pool: VerificationPool;
  /** How long an argon2 verification takes lately (moving average), for unknown lookup ids to take as long. */
  private typicalVerifyMs: number | undefined;
  private dummyHash: Promise<string> | undefined;

  constructor(private readonly deps: ConnectionServiceDeps) {
    this.store = new ConnectionStore(deps.database.db);
    this.notifications = deps.notifications ?? ALWAYS_TRUSTED;
    this.pool = new VerificationPool(deps.verifySlots ?? 2, MAX_VERIFYING_PER_LOOKUP_ID);
  }

  /** Subscribes to cache invalidations from other instances sharing the database. */
  async listenForChanges(): Promise<void> {
    // Whenever the link comes back (a resubscription, or notifications flowing again after a lapse) every
    // cached token is forgotten: a revocation may have been notified while nobody here was listening.
    let subscriptions = 0;
    this.notifications.onRecovered(() => this.forgetAll());
    await this.deps.database.listen(
      CHANNEL,
      (connectionId) => this.forget(connectionId),
      () => {
        if (subscriptions++ === 0) return;
        this.deps.logger.info('connection changes resubscribed; token caches flushed');
        this.forgetAll();
      },
    );
  }

  /** Whether tokens cached on this instance may be trusted (revocations elsewhere would reach us). */
  get cacheTrusted(): boolean {
    return this.notifications.trusted;
  }

  /** Validates the Intercom token with GET /me, then stores it encrypted. Throws IntercomApiError. */
  async create(
    intercomToken: string,
    region: Region | undefined,
    scopes: Scopes,
    caps: ConnectionCaps = DEFAULT_CAPS,
  ): Promise<{ view: ConnectionView; token: string }> {
    const identified = await this.deps.identify(intercomToken, region);
    const id = randomUUID();
    const issued = issueConnectionToken();
    const sealed = this.deps.vault.seal(id, intercomToken);
    const { me } = identified;
    await this.store.insert({
      id,
      workspaceId: me.app.id_code,
      workspaceName: me.app.name,
      region: identified.region,
      adminId: me.id,
      adminName: me.name,
      adminEmail: me.email ?? null,
      tokenLookupId: issued.lookupId,
      tokenHash: await hashToken(issued.token),
      secretCiphertext: sealed.ciphertext,
      wrappedDataKey: sealed.wrappedDataKey,
      keyId: sealed.keyId,
      scopes: scopes.key,
      confirmAbove: caps.confirmAbove,
      sendsPerDay: caps.sendsPerDay,
    });
    const row = await this.store.findActiveById(id);
    if (!row) throw new Error('connection vanished right after insert');
    this.deps.logger.info(
      { connectionId: id, workspaceId: me.app.id_code, scopes: scopes.key },
      'connection created',
    );
    return { view: toView(row), token: issued.token };
  }

  /**
   * Resolves one of our tokens to its tenant, or null. Unknown shapes cost nothing; an unknown lookup id
   * costs a database read and then takes as long as a verification would, without its work, so that
   * timing does not tell which lookup ids exist. With a guard (for the caller's address; asked for only
   * when there is work to guard, not on a cache hit), a verification is admitted by it first and settled
   * afterwards; its refusal is returned instead of running it.
   */
  authenticate(token: string): Promise<Tenant | null>;
  authenticate(token: string, guardFor: () => VerificationGuard): Promise<Tenant | null | AuthRefusal>;
  async authenticate(
    token: string,
    guardFor?: () => VerificationGuard,
  ): Promise<Tenant | null | AuthRefusal> {
    const lookupId = parseConnectionToken(token);
    if (!lookupId) return (await guardFor?.().rejected()) ?? null;
    // While notifications may be missed, a cached token may have been revoked elsewhere: verify it.
    const cached = this.cacheTrusted ? this.deps.cache.get(lookupId, token) : undefined;
    (cached ? CACHE_HIT : CACHE_MISS).value++;
    if (cached) return cached;
    // A burst of requests with a token not yet in the cache shares one database read and argon2 verify.
    const key = tokenDigest(token).toString('base64');
    let pending = this.verifying.get(key);
    if (!pending) {
      pending = this.guardedVerify(lookupId, token, guardFor?.()).finally(() => this.verifying.delete(key));
      this.verifying.set(key, pending);
    }
    return pending;
  }

  private async guardedVerify(
    lookupId: string,
    token: string,
    guard: VerificationGuard | undefined,
  ): Promise<Tenant | null | AuthRefusal> {
    const admission = guard ? await guard.admit(lookupId) : undefined;
    if (admission && !admission.admitted) return admission.refusal;
    let outcome: 'verified' | 'failed' | 'error' = 'error';
    try {
      const ran = await this.pool.run(guard && lookupId, () => this.verify(lookupId, token));
      if (!ran) return new AuthRefusal('busy', 1, MAX_VERIFYING_PER_LOOKUP_ID, 1);
      outcome = ran.value ? 'verified' : 'failed';
      return ran.value ?? admission?.settle('failed') ?? null;
    } finally {
      if (outcome !== 'failed') admission?.settle(outcome);
    }
  }

  private async verify(lookupId: string, token: string): Promise<Tenant | null> {
    const generation = this.evictions;
    const row = await this.store.findActiveByLookupId(lookupId);
    if (!row) {
      await this.likeAVerification(token);
      return null;
    }
    if (!(await this.timedVerify(row.tokenHash, token))) return null;
    const tenant = this.toTenant(row);
    // A rotation or revocation committed meanwhile: answer for this request, but do not cache it.
    if (tenant && generation === this.evictions) this.deps.cache.set(lookupId, token, row.id, tenant);
    return tenant;
  }

  private async timedVerify(storedHash: string, token: string): Promise<boolean> {
    const started = performance.now();
    const ok = await verifyToken(storedHash, token);
    const ms = performance.now() - started;
    this.typicalVerifyMs = this.typicalVerifyMs === undefined ? ms : this.typicalVerifyMs * 0.8 + ms * 0.2;
    return ok;
  }

  /** As long as a verification, without its work (the first time, a real one against a dummy hash). */
  private async likeAVerification(token: string): Promise<void> {
    if (this.typicalVerifyMs !== undefined) return sleep(this.typicalVerifyMs);
    this.dummyHash ??= hashToken(randomBytes(32).toString('base64url'));
    await this.timedVerify(await this.dummyHash, token);
  }

  /** The tenant of an active connection, with its decrypted key (for background work), or null. */
  async tenantById(connectionId: string): Promise<Tenant | null> {
    const row = await this.store.findActiveById(connectionId);
    return row ? this.toTenant(row) : null;
  }

  /** Also tell `listener` when a connection changes here or on another instance (cache eviction). */
  /** With no id when any connection may have changed (the link to the database came back). */
  onChange(listener: (connectionId: string | undefined) => void): void {
    this.changeListeners.add(listener);
  }

  async describe(connectionId: string): Promise<ConnectionView | null> {
    const row = await this.store.findActiveById(connectionId);
    return row ? toView(row) : null;
  }

  /** Live connections of a workspace (for its owner), oldest first, at most `limit`. */
  async listWorkspace(workspaceId: string, limit = 50): Promise<ConnectionView[]> {
    return (await this.store.findActiveByWorkspace(workspaceId, limit)).map(toView);
  }

  /** The live connection `connectionId` if its current token has `lookupId` (proof still valid), else null. */
  async describeIfToken(connectionId: string, lookupId: string): Promise<ConnectionView | null> {
    const row = await this.store.findActiveById(connectionId);
    return row && row.tokenLookupId === lookupId ? toView(row) : null;
  }

  /** The workspace an Intercom token belongs to (GET /me). Throws IntercomApiError when it is refused. */
  async workspaceOf(intercomToken: string): Promise<{ workspaceId: string; workspaceName: string }> {
    const { me } = await this.deps.identify(intercomToken, undefined);
    return { workspaceId: me.app.id_code, workspaceName: me.app.name };
  }

  /** Issues a new token; the old one stops working at once, here and on every other instance. */
  async rotate(connectionId: string): Promise<{ view: ConnectionView; token: string } | null> {
    const issued = issueConnectionToken();
    const replaced = await this.store.replaceToken(
      connectionId,
      issued.lookupId,
      await hashToken(issued.token),
    );
    if (!replaced) return null;
    await this.invalidate(connectionId);
    const row = await this.store.findActiveById(connectionId);
    if (!row) return null;
    this.deps.logger.info({ connectionId }, 'connection token rotated');
    return { view: toView(row), token: issued.token };
  }

  /**
   * Changes what the connection may do, at once here and on every other instance. Narrowing needs
   * only the connection's own token (the caller's); widening needs the owner again: an Intercom
   * token of the same workspace (checked with GET /me). Throws IntercomApiError when that check fails.
   */
  async changeScopes(
    connectionId: string,
    next: (current: Scopes) => Scopes,
    ownerIntercomToken?: string,
  ): Promise<ScopeChange> {
    const row = await this.store.findActiveById(connectionId);
    if (!row) return { ok: false, reason: 'not_found' };
    const current = parseStoredScopes(row.scopes);
    const scopes = next(current);
    const proof = ownerIntercomToken ? { intercomToken: ownerIntercomToken } : undefined;
    const result = await this.changeSettings(connectionId, { scopes: () => scopes }, proof, row);
    return result.ok || result.reason === 'not_found' ? result : { ...result, current, scopes };
  }

  /**
   * Changes scopes and/or caps in one update, at once here and on every other instance. Narrowing
   * and tightening need only the caller's proof of the connection; widening or loosening needs
   * `owner` (see OwnerProof). Throws IntercomApiError when an Intercom token cannot be checked.
   */
  async changeSettings(
    connectionId: string,
    change: SettingsChange,
    owner?: OwnerProof,
    known?: ConnectionRow,
  ): Promise<SettingsResult> {
    const row = known ?? (await this.store.findActiveById(connectionId));
    if (!row) return { ok: false, reason: 'not_found' };
    const currentScopes = parseStoredScopes(row.scopes);
    const currentCaps = capsOfRow(row);
    const scopes = change.scopes ? change.scopes(currentScopes) : currentScopes;
    const caps = change.caps ? change.caps(currentCaps) : currentCaps;
    const wider = [
      ...(isWithin(scopes, currentScopes) ? [] : [`scopes ${scopes.key} (now ${currentScopes.key})`]),
      ...(capsWithin(caps, currentCaps) ? [] : ['looser caps']),
    ];
    if (wider.length > 0) {
      if (!owner) return { ok: false, reason: 'owner_required', wider };
      const workspaceId =
        'verifiedWorkspaceId' in owner
          ? owner.verifiedWorkspaceId
          : (await this.deps.identify(owner.intercomToken, row.region as Region)).me.app.id_code;
      if (workspaceId !== row.workspaceId) return { ok: false, reason: 'other_workspace', wider };
    }
    const updated = await this.store.updateSettings(connectionId, {
      scopes: scopes.key,
      confirmAbove: caps.confirmAbove,
      sendsPerDay: caps.sendsPerDay,
    });
    if (!updated) return { ok: false, reason: 'not_found' };
    await this.invalidate(connectionId);
    this.deps.logger.info(
      { connectionId, from: currentScopes.key, to: scopes.key, caps, widened: wider.length > 0 },
      'connection settings changed',
    );
    return { ok: true, view: toView(updated) };
  }

  /** Revokes the connection, its OAuth grants and tokens, and destroys the stored Intercom key. */
  async revoke(connectionId: string): Promise<boolean> {
    const revoked = await this.store.revoke(connectionId);
    await this.deps.revokeDependents(connectionId);
    if (revoked) {
      await this.invalidate(connectionId);
      this.deps.logger.info({ connectionId }, 'connection revoked');
    }
    return revoked;
  }

  private forgetAll(): void {
    this.evictions++;
    this.deps.cache.clear();
    for (const listener of this.changeListeners) listener(undefined);
  }

  private forget(connectionId: string): void {
    this.evictions++;
    this.deps.cache.evictConnection(connectionId);
    for (const listener of this.changeListeners) listener(connectionId);
    Promise.resolve(this.deps.onChange?.(connectionId)).catch((error: unknown) =>
      this.deps.logger.warn(
        { err: error, connectionId },
        'could not close the streams of a changed connection',
      ),
    );
  }

  private async invalidate(connectionId: string): Promise<void> {
    this.forget(connectionId);
    try {
      await this.deps.database.notify(CHANNEL, connectionId);
    } catch (error) {
      this.deps.logger.error({ err: error, connectionId }, 'could not notify other instances of a change');
    }
  }

  private toTenant(row: ConnectionRow): Tenant | null {
    if (!row.secretCiphertext || !row.wrappedDataKey || !row.keyId) return null;
    const intercomToken = this.deps.vault.open(row.id, {
      ciphertext: row.secretCiphertext,
      wrappedDataKey: row.wrappedDataKey,
      keyId: row.keyId,
    });
    return {
      connectionId: row.id,
      workspaceId: row.workspaceId,
      workspaceName: row.workspaceName,
      region: row.region as Region,
      adminId: row.adminId,
      scopes: parseStoredScopes(row.scopes),
      caps: capsOfRow(row),
      intercomToken,
    };
  }
}
