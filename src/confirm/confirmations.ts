import { createHash, randomBytes } from 'node:crypto';
import type { AppDb } from '../db/client.js';
import type { Logger } from '../logger.js';
import type {
  ConfirmAction,
  ConfirmationPort,
  ConfirmFacts,
  Redemption,
} from '../tools/confirmation-port.js';
import { ConfirmationStore } from './confirmation-store.js';

export const CONFIRMATION_TTL_MS = 10 * 60_000;
const PURGE_EVERY_MS = 10 * 60_000;
/** Spent and expired tokens are kept this long, so a late retry still hears "used" or "expired". */
const KEEP_AFTER_EXPIRY_MS = 24 * 60 * 60_000;
const TOKEN_PREFIX = 'icmc_';
const TOKEN_SHAPE = /^icmc_[A-Za-z0-9_-]{43}$/;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The digest a token is bound to: the action and its facts, canonical (keys sorted). */
export function confirmationDigest(action: ConfirmAction, facts: ConfirmFacts): string {
  const sorted = Object.keys(facts)
    .sort()
    .map((k) => [k, facts[k]]);
  return sha256(JSON.stringify([action, sorted]));
}

/**
 * Issues and redeems confirmation tokens, stored in the shared database (as hashes) so that any
 * instance accepts a token another one issued, and a token is spent exactly once across all of them.
 */
export class ConfirmationService {
  private readonly store: ConfirmationStore;
  private nextPurge = 0;

  constructor(
    db: AppDb,
    private readonly logger: Logger,
    private readonly ttlMs = CONFIRMATION_TTL_MS,
  ) {
    this.store = new ConfirmationStore(db);
  }

  /** The port handed to tools, bound to one connection. */
  forConnection(connectionId: string): ConfirmationPort {
    return {
      ttlSeconds: Math.round(this.ttlMs / 1000),
      issue: (action, facts) => this.issue(connectionId, action, facts),
      redeem: (token, action, facts) => this.redeem(connectionId, token, action, facts),
    };
  }

  private async issue(connectionId: string, action: ConfirmAction, facts: ConfirmFacts) {
    const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const expiresAt = new Date(Date.now() + this.ttlMs);
    await this.store.insert({
      tokenHash: sha256(token),
      connectionId,
      action,
      digest: confirmationDigest(action, facts),
      facts: { ...facts },
      expiresAt,
    });
    await this.purgeNow();
    return { token, expiresAt };
  }

  private async redeem(
    connectionId: string,
    token: string,
    action: ConfirmAction,
    facts: ConfirmFacts,
  ): Promise<Redemption> {
    if (!TOKEN_SHAPE.test(token)) return { ok: false, reason: 'unknown' };
    const hash = sha256(token);
    if (await this.store.spend(hash, connectionId, confirmationDigest(action, facts))) return { ok: true };
    // Refused: read the row only to say why.
    const row = await this.store.find(hash, connectionId);
    if (!row) return { ok: false, reason: 'unknown' };
    if (row.action !== action) return { ok: false, reason: 'other_action' };
    if (row.usedAt) return { ok: false, reason: 'used' };
    if (row.expiresAt.getTime() <= Date.now()) return { ok: false, reason: 'expired' };
    const changed = Object.entries(facts)
      .filter(([fact, now]) => row.facts[fact] !== now)
      .map(([fact, now]) => ({ fact, confirmed: row.facts[fact], now }));
    return { ok: false, reason: 'changed', changed };
  }

  /** Deletes long-expired tokens, at most once per PURGE_EVERY_MS per instance (an indexed delete). */
  private async purgeNow(): Promise<void> {
    const now = Date.now();
    if (now < this.nextPurge) return;
    this.nextPurge = now + PURGE_EVERY_MS;
    try {
      await this.store.purgeExpiredBefore(new Date(now - KEEP_AFTER_EXPIRY_MS));
    } catch (error) {
      this.logger.warn({ err: error }, 'could not purge expired confirmations');
    }
  }
}
