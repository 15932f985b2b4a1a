import { randomUUID } from 'node:crypto';
import type { AppDb } from '../db/client.js';
import type { Logger } from '../logger.js';
import { containsNul } from '../util/nul.js';
import { type AuthMethod, parseClientMetadata } from './client-metadata.js';
import { type ClientRow, ClientStore } from './client-store.js';
import { InvalidClientError, OAuthError } from './errors.js';
import { MetadataFetchError } from './metadata-fetch.js';
import { issueSecret, secretHash } from './secrets.js';

/** A client as the flow needs it. */
export interface OAuthClient {
  clientId: string;
  kind: 'registered' | 'metadata_document';
  clientName: string | null;
  redirectUris: string[];
  tokenEndpointAuthMethod: AuthMethod;
  clientSecretHash: string | null;
  grantTypes: string[];
}

/** A fresh copy of a metadata document is fetched when the cached one is older than this. */
const DOCUMENT_MAX_AGE_MS = 60 * 60_000;

export interface ClientDirectoryDeps {
  db: AppDb;
  logger: Logger;
  fetchDocument: (url: URL) => Promise<unknown>;
  /** Whether plain http client ID URLs are allowed (tests only, with private hosts). */
  allowHttpDocuments: boolean;
}

/** Finds clients: registered ones in the database, URL client IDs by their metadata document. */
export class ClientDirectory {
  private readonly store: ClientStore;

  constructor(private readonly deps: ClientDirectoryDeps) {
    this.store = new ClientStore(deps.db);
  }

  /** RFC 7591 registration. Returns the stored client and its secret (shown once) if it has one. */
  async register(input: unknown): Promise<{ client: OAuthClient; secret: string | null; issuedAt: Date }> {
    const metadata = parseClientMetadata(input, 'client_secret_basic');
    const secret = metadata.tokenEndpointAuthMethod === 'none' ? null : issueSecret('clientSecret');
    const row = await this.store.insertRegistered(
      `mcp-client-${randomUUID()}`,
      metadata,
      secret ? secretHash(secret) : null,
    );
    this.deps.logger.info({ clientId: row.clientId, clientName: row.clientName }, 'oauth client registered');
    return { client: toClient(row), secret, issuedAt: row.createdAt };
  }

  /** The client for a client_id, fetching its metadata document when it is a URL. Throws InvalidClientError. */
  async resolve(clientId: string): Promise<OAuthClient> {
    // Postgres cannot compare text with a NUL in it (the query fails): no client_id has one.
    if (containsNul(clientId)) throw new InvalidClientError('unknown client_id');
    const url = this.metadataUrl(clientId);
    const row = await this.store.find(clientId);
    if (!url) {
      if (row?.kind !== 'registered') throw new InvalidClientError('unknown client_id');
      return toClient(row);
    }
    if (row?.fetchedAt && Date.now() - row.fetchedAt.getTime() < DOCUMENT_MAX_AGE_MS) return toClient(row);
    return toClient(await this.fetchDocument(url, clientId));
  }

  /** URL client IDs (client ID metadata documents): https with a path; null for any other client_id. */
  private metadataUrl(clientId: string): URL | null {
    if (!/^https?:\/\//i.test(clientId)) return null;
    let url: URL;
    try {
      url = new URL(clientId);
    } catch {
      throw new InvalidClientError('client_id looks like a URL but is not a valid one');
    }
    const schemeOk = url.protocol === 'https:' || (this.deps.allowHttpDocuments && url.protocol === 'http:');
    if (!schemeOk) throw new InvalidClientError('a URL client_id must use https');
    if (url.pathname === '/' || url.hash || url.username || url.password) {
      throw new InvalidClientError('a URL client_id must have a path and no fragment or credentials');
    }
    return url;
  }

  private async fetchDocument(url: URL, clientId: string): Promise<ClientRow> {
    let document: unknown;
    try {
      document = await this.deps.fetchDocument(url);
    } catch (error) {
      if (error instanceof MetadataFetchError) {
        this.deps.logger.info(
          { clientHost: url.host, reason: error.message },
          'client metadata document refused',
        );
        // Details (e.g. what a host name resolves to) stay in the log: the page is for anyone who asks.
        throw new InvalidClientError(
          "the client's metadata document could not be fetched from a public https address",
        );
      }
      throw error;
    }
    // The document must name itself: exactly the client_id that was presented.
    if ((document as { client_id?: unknown } | null)?.client_id !== clientId) {
      throw new InvalidClientError('the metadata document does not name this URL as its client_id');
    }
    if (document && typeof document === 'object' && 'client_secret' in document) {
      throw new InvalidClientError('a metadata document must not contain a client_secret');
    }
    let metadata: ReturnType<typeof parseClientMetadata>;
    try {
      metadata = parseClientMetadata(document, 'none');
    } catch (error) {
      if (error instanceof OAuthError) throw new InvalidClientError(`metadata document: ${error.message}`);
      throw error;
    }
    if (metadata.tokenEndpointAuthMethod !== 'none') {
      throw new InvalidClientError(
        'a metadata document client can only use token_endpoint_auth_method "none"',
      );
    }
    return this.store.saveDocument(clientId, metadata, new Date());
  }
}

function toClient(row: ClientRow): OAuthClient {
  const grantTypes = (row.metadata as { grant_types?: unknown }).grant_types;
  return {
    clientId: row.clientId,
    kind: row.kind === 'metadata_document' ? 'metadata_document' : 'registered',
    clientName: row.clientName,
    redirectUris: row.redirectUris,
    tokenEndpointAuthMethod: row.tokenEndpointAuthMethod as AuthMethod,
    clientSecretHash: row.clientSecretHash,
    grantTypes: Array.isArray(grantTypes) ? (grantTypes as string[]) : ['authorization_code'],
  };
}
