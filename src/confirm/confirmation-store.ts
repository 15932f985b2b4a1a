import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { AppDb } from '../db/client.js';
import { confirmations } from '../db/schema.js';

export type ConfirmationRow = typeof confirmations.$inferSelect;

/** The SQL behind confirmation tokens. */
export class ConfirmationStore {
  constructor(private readonly db: AppDb) {}

  async insert(row: Omit<ConfirmationRow, 'usedAt' | 'createdAt'>): Promise<void> {
    await this.db.insert(confirmations).values(row);
  }

  /**
   * Marks the token used if it belongs to the connection, is unused, unexpired and has this digest: one
   * statement, so two instances redeeming the same token at once cannot both succeed.
   */
  async spend(tokenHash: string, connectionId: string, digest: string): Promise<boolean> {
    const now = new Date();
    const rows = await this.db
      .update(confirmations)
      .set({ usedAt: now })
      .where(
        and(
          eq(confirmations.tokenHash, tokenHash),
          eq(confirmations.connectionId, connectionId),
          eq(confirmations.digest, digest),
          isNull(confirmations.usedAt),
          gt(confirmations.expiresAt, now),
        ),
      )
      .returning({ tokenHash: confirmations.tokenHash });
    return rows.length === 1;
  }

  async find(tokenHash: string, connectionId: string): Promise<ConfirmationRow | undefined> {
    const rows = await this.db
      .select()
      .from(confirmations)
      .where(and(eq(confirmations.tokenHash, tokenHash), eq(confirmations.connectionId, connectionId)))
      .limit(1);
    return rows[0];
  }

  async purgeExpiredBefore(cutoff: Date): Promise<void> {
    await this.db.delete(confirmations).where(lt(confirmations.expiresAt, cutoff));
  }
}
