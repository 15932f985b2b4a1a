import { eq } from 'drizzle-orm';
import type { AppDb } from '../db/client.js';
import { oauthClients } from '../db/schema.js';
import type { ClientMetadata } from './client-metadata.js';

export type ClientRow = typeof oauthClients.$inferSelect;

/** The SQL behind oauth_clients. */
export class ClientStore {
  constructor(private readonly db: AppDb) {}

  async find(clientId: string): Promise<ClientRow | undefined> {
    const rows = await this.db
      .select()
      .from(oauthClients)
      .where(eq(oauthClients.clientId, clientId))
      .limit(1);
    return rows[0];
  }

  async insertRegistered(
    clientId: string,
    metadata: ClientMetadata,
    secretHash: string | null,
  ): Promise<ClientRow> {
    const rows = await this.db
      .insert(oauthClients)
      .values({ clientId, kind: 'registered', ...columns(metadata), clientSecretHash: secretHash })
      .returning();
    return rows[0] as ClientRow;
  }

  /** Stores (or refreshes) the cached copy of a client ID metadata document. */
  async saveDocument(clientId: string, metadata: ClientMetadata, fetchedAt: Date): Promise<ClientRow> {
    const values = { ...columns(metadata), fetchedAt };
    const rows = await this.db
      .insert(oauthClients)
      .values({ clientId, kind: 'metadata_document', ...values })
      .onConflictDoUpdate({ target: oauthClients.clientId, set: values })
      .returning();
    return rows[0] as ClientRow;
  }
}

function columns(metadata: ClientMetadata) {
  return {
    clientName: metadata.clientName,
    redirectUris: metadata.redirectUris,
    tokenEndpointAuthMethod: metadata.tokenEndpointAuthMethod,
    metadata: { grant_types: metadata.grantTypes, client_uri: metadata.clientUri, scope: metadata.scope },
  };
}
