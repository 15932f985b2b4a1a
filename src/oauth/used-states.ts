import { createHash } from 'node:crypto';
import type { AppDb } from '../db/client.js';
import { oauthUsedStates } from '../db/schema.js';

/**
 * Single use for the "Sign in with Intercom" state: the first callback with a state records its hash,
 * and any later one (a replayed callback URL with a copied cookie, on any instance) is refused. Rows
 * live until the round trip would have expired anyway; the OAuth purge (purge.ts) deletes them.
 */
export class UsedStates {
  constructor(private readonly db: AppDb) {}

  /** True the first time `state` is consumed, false for every later time. */
  async consume(state: string, expiresAt: Date): Promise<boolean> {
    const stateHash = createHash('sha256').update(state).digest('base64url');
    const inserted = await this.db
      .insert(oauthUsedStates)
      .values({ stateHash, expiresAt })
      .onConflictDoNothing()
      .returning({ stateHash: oauthUsedStates.stateHash });
    return inserted.length === 1;
  }
}
