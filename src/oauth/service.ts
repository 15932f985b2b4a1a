import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import type { Logger } from '../logger.js';
import type { ConnectionService } from '../tenancy/connections.js';
import type { Keyring } from '../tenancy/keyring.js';
import { AccessTokenVerifier } from './access-tokens.js';
import { ClientDirectory } from './clients.js';
import { ConsentGuard, SignedValue } from './consent-guard.js';
import { type OAuthUrls, oauthUrls } from './constants.js';
import { GrantStore } from './grant-store.js';
import type { IntercomSignInSettings } from './intercom-signin.js';
import { createMetadataFetcher } from './metadata-fetch.js';
import { OAuthPurger } from './purge.js';
import { TokenService } from './token-service.js';
import { UsedStates } from './used-states.js';

export interface OAuthServiceDeps {
  config: Config;
  logger: Logger;
  database: Database;
  connections: ConnectionService;
  keyring: Keyring;
}

/** Our OAuth 2.1 authorization server and the resource side of it, assembled from its parts. */
export class OAuthService {
  readonly urls: OAuthUrls;
  readonly clients: ClientDirectory;
  readonly tokens: TokenService;
  readonly accessTokens: AccessTokenVerifier;
  readonly consentGuard: ConsentGuard;
  readonly cookies: SignedValue;
  /** "Sign in with Intercom" states already used (single use across instances). */
  readonly usedStates: UsedStates;
  /** Set when INTERCOM_OAUTH_CLIENT_ID and _SECRET are configured. */
  readonly intercomSignIn: IntercomSignInSettings | undefined;
  private readonly purger: OAuthPurger;

  constructor(deps: OAuthServiceDeps) {
    const { config, logger, database, connections, keyring } = deps;
    const store = new GrantStore(database.db);
    this.urls = oauthUrls(config.publicUrl);
    const allowPrivate = config.oauthAllowPrivateMetadataHosts;
    this.clients = new ClientDirectory({
      db: database.db,
      logger,
      fetchDocument: createMetadataFetcher({ allowPrivateHosts: allowPrivate }),
      allowHttpDocuments: allowPrivate,
    });
    this.tokens = new TokenService({
      store,
      logger,
      revokeConnection: (connectionId) => connections.revoke(connectionId),
    });
    this.accessTokens = new AccessTokenVerifier({
      store,
      tenantFor: (connectionId) => connections.tenantById(connectionId),
      resource: this.urls.resource,
      cacheTtlMs: config.tokenCacheTtlMs,
      trusted: () => connections.cacheTrusted,
    });
    connections.onChange((connectionId) => this.accessTokens.evictConnection(connectionId));
    this.consentGuard = new ConsentGuard(keyring);
    this.cookies = new SignedValue(keyring);
    this.usedStates = new UsedStates(database.db);
    this.intercomSignIn = config.intercomOAuth && {
      ...config.intercomOAuth,
      baseUrlOverride: config.intercomBaseUrl,
      timeoutMs: config.intercomTimeoutMs,
    };
    this.purger = new OAuthPurger(
      database.db,
      logger,
      (id) => connections.revoke(id),
      config.oauthUnusedClientRetentionMs,
    );
  }

  /** Starts the periodic purge of expired codes and tokens. */
  start(): this {
    this.purger.start();
    return this;
  }

  close(): Promise<void> {
    return this.purger.close();
  }

  /** Runs the purge now (tests, operators); returns how many rows were deleted. */
  purgeNow(now?: Date): Promise<number> {
    return this.purger.purge(now);
  }
}
