import { and, eq, inArray, lt, notExists } from 'drizzle-orm';
import type { AppDb } from '../db/client.js';
import { oauthAuthorizationCodes, oauthClients, oauthGrants } from '../db/schema.js';

/**
 * One batch of clients that cost storage and serve nobody: registered clients older than the retention
 * that never completed an authorization (no grant, no code in flight), and cached metadata documents not
 * fetched within it (a client that comes back is fetched again). Returns how many were deleted.
 */
export async function purgeUnusedClients(db: AppDb, cutoff: Date, batch: number): Promise<number> {
  const c = oauthClients;
  const neverAuthorized = and(
    eq(c.kind, 'registered'),
    lt(c.createdAt, cutoff),
    notExists(db.select({ x: oauthGrants.id }).from(oauthGrants).where(eq(oauthGrants.clientId, c.clientId))),
    notExists(
      db
        .select({ x: oauthAuthorizationCodes.codeHash })
        .from(oauthAuthorizationCodes)
        .where(eq(oauthAuthorizationCodes.clientId, c.clientId)),
    ),
  );
  const staleDocument = and(eq(c.kind, 'metadata_document'), lt(c.fetchedAt, cutoff));
  let deleted = 0;
  for (const condition of [neverAuthorized, staleDocument]) {
    const ids = db.select({ id: c.clientId }).from(c).where(condition).limit(batch);
    deleted += (await db.delete(c).where(inArray(c.clientId, ids)).returning({ id: c.clientId })).length;
  }
  return deleted;
}
