import { and, eq, gt, sql } from 'drizzle-orm';
import type { AppDb } from './client.js';
import { intercomBudgets } from './schema.js';

/**
 * The shared end of each workspace's Intercom budget: an instance brings what it knows (the window and
 * the least it has seen remaining), and claims one call only while the budget of all instances together
 * stays above the reserve. Row locks serialize the claims.
 */
export class IntercomBudgetStore {
  constructor(private readonly db: AppDb) {}

  async claim(
    workspaceKey: string,
    window: { resetAt: number; remaining: number },
    reserve: number,
  ): Promise<boolean> {
    const known = { workspaceKey, resetAt: window.resetAt, remaining: window.remaining };
    await this.db
      .insert(intercomBudgets)
      .values(known)
      .onConflictDoUpdate({
        target: intercomBudgets.workspaceKey,
        set: {
          // A newer window replaces the row; the same window keeps the least anyone has seen.
          remaining: sql`case
            when ${intercomBudgets.resetAt} < excluded.reset_at then excluded.remaining
            when ${intercomBudgets.resetAt} = excluded.reset_at then least(${intercomBudgets.remaining}, excluded.remaining)
            else ${intercomBudgets.remaining} end`,
          resetAt: sql`greatest(${intercomBudgets.resetAt}, excluded.reset_at)`,
        },
      });
    const claimed = await this.db
      .update(intercomBudgets)
      .set({ remaining: sql`${intercomBudgets.remaining} - 1` })
      .where(
        and(
          eq(intercomBudgets.workspaceKey, workspaceKey),
          eq(intercomBudgets.resetAt, window.resetAt),
          gt(intercomBudgets.remaining, reserve),
        ),
      )
      .returning({ remaining: intercomBudgets.remaining });
    return claimed.length === 1;
  }
}
