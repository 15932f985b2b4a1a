import { and, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { AppDb } from '../db/client.js';
import { oauthAuthorizationCodes, oauthGrants, oauthTokens } from '../db/schema.js';

/** A query runner: the database itself or an open transaction. */
export type Executor = AppDb | Parameters<Parameters<AppDb['transaction']>[0]>[0];

export type CodeRow = typeof oauthAuthorizationCodes.$inferSelect;
export type NewCodeRow = typeof oauthAuthorizationCodes.$inferInsert;
export type GrantRow = typeof oauthGrants.$inferSelect;
export type TokenRow = typeof oauthTokens.$inferSelect;
export type NewTokenRow = typeof oauthTokens.$inferInsert;

/**
 * The grant issued from a code gets an id derived from the code's hash, so a code presented a second
 * time finds the grant (and the tokens) issued from it, without a column linking them.
 */
export function grantIdForCode(codeHash: string): string {
  return `grant_${codeHash}`;
}

/** The SQL behind codes, grants and tokens; knows nothing about HTTP or PKCE. */
export class GrantStore {
  constructor(private readonly db: AppDb) {}

  transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  async insertCode(row: NewCodeRow): Promise<void> {
    await this.db.insert(oauthAuthorizationCodes).values(row);
  }

  async findCode(codeHash: string): Promise<CodeRow | undefined> {
    const rows = await this.db
      .select()
      .from(oauthAuthorizationCodes)
      .where(eq(oauthAuthorizationCodes.codeHash, codeHash))
      .limit(1);
    return rows[0];
  }

  /** Marks a code used; false when it already was (another request won the race). */
  async consumeCode(tx: Executor, codeHash: string, now: Date): Promise<boolean> {
    const rows = await tx
      .update(oauthAuthorizationCodes)
      .set({ usedAt: now })
      .where(and(eq(oauthAuthorizationCodes.codeHash, codeHash), isNull(oauthAuthorizationCodes.usedAt)))
      .returning({ codeHash: oauthAuthorizationCodes.codeHash });
    return rows.length === 1;
  }

  async insertGrant(tx: Executor, row: typeof oauthGrants.$inferInsert): Promise<void> {
    await tx.insert(oauthGrants).values(row);
  }

  async insertTokens(tx: Executor, rows: NewTokenRow[]): Promise<void> {
    await tx.insert(oauthTokens).values(rows);
  }

  async findGrant(id: string): Promise<GrantRow | undefined> {
    const rows = await this.db.select().from(oauthGrants).where(eq(oauthGrants.id, id)).limit(1);
    return rows[0];
  }

  /** A token with its grant, whatever their state. */
  async findToken(tokenHash: string): Promise<{ token: TokenRow; grant: GrantRow } | undefined> {
    const rows = await this.db
      .select({ token: oauthTokens, grant: oauthGrants })
      .from(oauthTokens)
      .innerJoin(oauthGrants, eq(oauthGrants.id, oauthTokens.grantId))
      .where(eq(oauthTokens.tokenHash, tokenHash))
      .limit(1);
    return rows[0];
  }

  /** An access token that is unexpired, unrevoked and whose grant is live: what /mcp needs to know. */
  async findLiveAccessToken(
    tokenHash: string,
    now: Date,
  ): Promise<{ connectionId: string; resource: string; expiresAt: Date } | undefined> {
    const rows = await this.db
      .select({
        connectionId: oauthGrants.connectionId,
        resource: oauthGrants.resource,
        expiresAt: oauthTokens.expiresAt,
      })
      .from(oauthTokens)
      .innerJoin(oauthGrants, eq(oauthGrants.id, oauthTokens.grantId))
      .where(
        and(
          eq(oauthTokens.tokenHash, tokenHash),
          eq(oauthTokens.kind, 'access'),
          isNull(oauthTokens.revokedAt),
          gt(oauthTokens.expiresAt, now),
          isNull(oauthGrants.revokedAt),
        ),
      )
      .limit(1);
    return rows[0];
  }

  /** Marks a refresh token used (rotation); false when it already was or is revoked. */
  async consumeRefreshToken(tx: Executor, tokenHash: string, now: Date): Promise<boolean> {
    const rows = await tx
      .update(oauthTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(oauthTokens.tokenHash, tokenHash),
          eq(oauthTokens.kind, 'refresh'),
          isNull(oauthTokens.usedAt),
          isNull(oauthTokens.revokedAt),
        ),
      )
      .returning({ tokenHash: oauthTokens.tokenHash });
    return rows.length === 1;
  }

  /** Revokes a grant and every token issued under it; returns the grant's connection if it was live. */
  async revokeGrant(grantId: string, now = new Date()): Promise<string | null> {
    return this.db.transaction(async (tx) => {
      const rows = await tx
        .update(oauthGrants)
        .set({ revokedAt: now })
        .where(and(eq(oauthGrants.id, grantId), isNull(oauthGrants.revokedAt)))
        .returning({ connectionId: oauthGrants.connectionId });
      await tx
        .update(oauthTokens)
        .set({ revokedAt: now })
        .where(and(eq(oauthTokens.grantId, grantId), isNull(oauthTokens.revokedAt)));
      return rows[0]?.connectionId ?? null;
    });
  }
}

/** Revokes every grant (and token) of a connection; used when the connection itself is revoked. */
export async function revokeGrantsOfConnection(
  db: AppDb,
  connectionId: string,
  now = new Date(),
): Promise<void> {
  await db.transaction(async (tx) => {
    const grants = tx
      .select({ id: oauthGrants.id })
      .from(oauthGrants)
      .where(eq(oauthGrants.connectionId, connectionId));
    await tx
      .update(oauthTokens)
      .set({ revokedAt: now })
      .where(and(inArray(oauthTokens.grantId, grants), isNull(oauthTokens.revokedAt)));
    await tx
      .update(oauthGrants)
      .set({ revokedAt: now })
      .where(and(eq(oauthGrants.connectionId, connectionId), isNull(oauthGrants.revokedAt)));
  });
}
