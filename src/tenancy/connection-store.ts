import { and, asc, eq, isNull } from 'drizzle-orm';
import type { AppDb } from '../db/client.js';
import { type ConnectionRow, connections, type NewConnectionRow } from '../db/schema.js';

/** The SQL behind connections; knows nothing about crypto or Intercom. */
export class ConnectionStore {
  constructor(private readonly db: AppDb) {}

  async insert(row: NewConnectionRow): Promise<void> {
    await this.db.insert(connections).values(row);
  }

  async findActiveByLookupId(lookupId: string): Promise<ConnectionRow | undefined> {
    const rows = await this.db
      .select()
      .from(connections)
      .where(and(eq(connections.tokenLookupId, lookupId), isNull(connections.revokedAt)))
      .limit(1);
    return rows[0];
  }

  /** Live connections of a workspace, oldest first. */
  async findActiveByWorkspace(workspaceId: string, limit: number): Promise<ConnectionRow[]> {
    return this.db
      .select()
      .from(connections)
      .where(and(eq(connections.workspaceId, workspaceId), isNull(connections.revokedAt)))
      .orderBy(asc(connections.createdAt))
      .limit(limit);
  }

  async findActiveById(id: string): Promise<ConnectionRow | undefined> {
    const rows = await this.db
      .select()
      .from(connections)
      .where(and(eq(connections.id, id), isNull(connections.revokedAt)))
      .limit(1);
    return rows[0];
  }

  /** Replaces the token of an active connection; false when it is gone or revoked. */
  async replaceToken(id: string, lookupId: string, tokenHash: string): Promise<boolean> {
    const rows = await this.db
      .update(connections)
      .set({ tokenLookupId: lookupId, tokenHash, updatedAt: new Date() })
      .where(and(eq(connections.id, id), isNull(connections.revokedAt)))
      .returning({ id: connections.id });
    return rows.length === 1;
  }

  /** Sets scopes and caps of an active connection; the updated row, or undefined when it is gone or revoked. */
  async updateSettings(
    id: string,
    settings: Pick<ConnectionRow, 'scopes' | 'confirmAbove' | 'sendsPerDay'>,
  ): Promise<ConnectionRow | undefined> {
    const rows = await this.db
      .update(connections)
      .set({ ...settings, updatedAt: new Date() })
      .where(and(eq(connections.id, id), isNull(connections.revokedAt)))
      .returning();
    return rows[0];
  }

  /** Marks the connection revoked and destroys its stored secret and token hash. */
  async revoke(id: string): Promise<boolean> {
    const now = new Date();
    const rows = await this.db
      .update(connections)
      .set({
        revokedAt: now,
        updatedAt: now,
        tokenHash: '',
        secretCiphertext: null,
        wrappedDataKey: null,
        keyId: null,
      })
      .where(and(eq(connections.id, id), isNull(connections.revokedAt)))
      .returning({ id: connections.id });
    return rows.length === 1;
  }
}
