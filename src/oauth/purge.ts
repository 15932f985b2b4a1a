import { and, eq, inArray, isNotNull, isNull, lt, notExists } from 'drizzle-orm';
import type { AppDb } from '../db/client.js';
import { oauthAuthorizationCodes, oauthGrants, oauthTokens, oauthUsedStates } from '../db/schema.js';
import type { Logger } from '../logger.js';
import { purgeUnusedClients } from './client-purge.js';

const PURGE_INTERVAL_MS = 10 * 60_000;
const BATCH = 1_000;
/** Revoked grants are kept this long (for support questions), then deleted with their tokens. */
const REVOKED_GRANT_RETENTION_MS = 7 * 24 * 60 * 60_000;

/**
 * Deletes expired codes and tokens, long-revoked grants, used sign-in states and clients nobody uses
 * (see client-purge.ts), in batches on a timer. A used refresh token stays until it expires: reuse
 * detection needs it.
 */
export class OAuthPurger {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly db: AppDb,
    private readonly logger: Logger,
    /** Revokes a connection (and destroys its stored Intercom key) everywhere. */
    private readonly revokeConnection: (connectionId: string) => Promise<unknown>,
    /** Clients that never completed an authorization (and cached metadata documents) are kept this long. */
    private readonly unusedClientRetentionMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.runInBackground(), PURGE_INTERVAL_MS);
    this.timer.unref();
    this.runInBackground();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private runInBackground(): void {
    this.running ??= this.purge()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'oauth purge failed; will retry'))
      .finally(() => {
        this.running = undefined;
      });
  }

  /** Returns how many rows were deleted. */
  async purge(now = new Date()): Promise<number> {
    let total = 0;
    const codes = oauthAuthorizationCodes;
    // A consent stores the Intercom key in a connection of its own before the code is exchanged; a code
    // that expired unused leaves that connection with no grant and no token anyone holds: revoke it.
    const abandoned = await this.db
      .selectDistinct({ connectionId: codes.connectionId })
      .from(codes)
      .where(
        and(
          lt(codes.expiresAt, now),
          isNull(codes.usedAt),
          notExists(
            this.db
              .select({ id: oauthGrants.id })
              .from(oauthGrants)
              .where(eq(oauthGrants.connectionId, codes.connectionId)),
          ),
        ),
      );
    for (const { connectionId } of abandoned) await this.revokeConnection(connectionId);
    if (abandoned.length > 0) {
      this.logger.info(
        { connections: abandoned.length },
        'revoked connections whose sign-in was never completed',
      );
    }
    total += await this.inBatches(async () => {
      const expired = this.db
        .select({ k: codes.codeHash })
        .from(codes)
        .where(lt(codes.expiresAt, now))
        .limit(BATCH);
      return (
        await this.db.delete(codes).where(inArray(codes.codeHash, expired)).returning({ k: codes.codeHash })
      ).length;
    });
    total += await this.inBatches(async () => {
      const expired = this.db
        .select({ k: oauthTokens.tokenHash })
        .from(oauthTokens)
        .where(lt(oauthTokens.expiresAt, now))
        .limit(BATCH);
      return (
        await this.db
          .delete(oauthTokens)
          .where(inArray(oauthTokens.tokenHash, expired))
          .returning({ k: oauthTokens.tokenHash })
      ).length;
    });
    const cutoff = new Date(now.getTime() - REVOKED_GRANT_RETENTION_MS);
    total += await this.inBatches(async () => {
      const old = this.db
        .select({ k: oauthGrants.id })
        .from(oauthGrants)
        .where(and(isNotNull(oauthGrants.revokedAt), lt(oauthGrants.revokedAt, cutoff)))
        .limit(BATCH);
      // Tokens go with their grant (ON DELETE CASCADE).
      return (
        await this.db.delete(oauthGrants).where(inArray(oauthGrants.id, old)).returning({ k: oauthGrants.id })
      ).length;
    });
    const unusedSince = new Date(now.getTime() - this.unusedClientRetentionMs);
    total += await this.inBatches(() => purgeUnusedClients(this.db, unusedSince, BATCH));
    total += await this.inBatches(async () => {
      const expired = this.db
        .select({ k: oauthUsedStates.stateHash })
        .from(oauthUsedStates)
        .where(lt(oauthUsedStates.expiresAt, now))
        .limit(BATCH);
      return (
        await this.db
          .delete(oauthUsedStates)
          .where(inArray(oauthUsedStates.stateHash, expired))
          .returning({ k: oauthUsedStates.stateHash })
      ).length;
    });
    if (total > 0) {
      this.logger.info(
        { deleted: total },
        'purged expired oauth codes, tokens, grants, states and unused clients',
      );
    }
    return total;
  }

  private async inBatches(deleteBatch: () => Promise<number>): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await deleteBatch();
      total += deleted;
      if (deleted < BATCH) return total;
    }
  }
}
