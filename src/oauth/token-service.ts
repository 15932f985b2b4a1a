import { verifyChallenge } from 'pkce-challenge';
import type { Logger } from '../logger.js';
import { SCOPE_PREFIX } from '../tenancy/scopes.js';
import type { OAuthClient } from './clients.js';
import { ACCESS_TOKEN_TTL_MS, CODE_TTL_MS, REFRESH_TOKEN_TTL_MS } from './constants.js';
import {
  InvalidGrantError,
  InvalidRequestError,
  InvalidTargetError,
  UnauthorizedClientError,
} from './errors.js';
import { type Executor, type GrantStore, grantIdForCode } from './grant-store.js';
import { sameResource } from './resource.js';
import { issueSecret, secretHash } from './secrets.js';

/** RFC 6749 §5.1 success body. */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token?: string;
  scope: string;
}

export interface CodeRequest {
  client: OAuthClient;
  connectionId: string;
  redirectUri: string;
  codeChallenge: string;
  scope: string;
  resource: string;
}

export interface TokenServiceDeps {
  store: GrantStore;
  logger: Logger;
  /** Ends a grant's connection (and so the grant, its tokens and every cache of them, on every instance). */
  revokeConnection: (connectionId: string) => Promise<unknown>;
  now?: () => number;
}

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/**
 * Scopes of ours in `asked` that the grant does not have (write implies read). Scopes we do not know
 * (a client's own, or the pre-scopes "intercom") are ignored, as at authorization.
 */
function scopesBeyond(asked: string, granted: string): string[] {
  const have = new Set(granted.split(' '));
  if (have.has(`${SCOPE_PREFIX}write`)) have.add(`${SCOPE_PREFIX}read`);
  return asked.split(' ').filter((s) => s.startsWith(SCOPE_PREFIX) && !have.has(s));
}

/** Authorization codes and the two grants of the token endpoint, with rotation and reuse detection. */
export class TokenService {
  private readonly now: () => number;

  constructor(private readonly deps: TokenServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Stores a single-use code (only its hash) for an approved request; returns the code. */
  async issueCode(request: CodeRequest): Promise<string> {
    const code = issueSecret('code');
    await this.deps.store.insertCode({
      codeHash: secretHash(code),
      clientId: request.client.clientId,
      connectionId: request.connectionId,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      scope: request.scope,
      resource: request.resource,
      expiresAt: new Date(this.now() + CODE_TTL_MS),
    });
    return code;
  }

  /** grant_type=authorization_code. Everything is checked before the code is consumed. */
  async exchangeCode(
    client: OAuthClient,
    input: { code: string; codeVerifier: string; redirectUri?: string; resource?: string },
  ): Promise<TokenResponse> {
    const codeHash = secretHash(input.code);
    const code = await this.deps.store.findCode(codeHash);
    if (!code || code.clientId !== client.clientId) throw new InvalidGrantError('unknown authorization code');
    if (code.usedAt) {
      // A code seen twice may have been stolen: whatever was issued from it is revoked.
      await this.revokeGrant(grantIdForCode(codeHash), 'authorization code reused');
      throw new InvalidGrantError('the authorization code was already used');
    }
    if (code.expiresAt.getTime() <= this.now()) throw new InvalidGrantError('the authorization code expired');
    if (input.redirectUri !== undefined && input.redirectUri !== code.redirectUri) {
      throw new InvalidGrantError('redirect_uri does not match the one of the authorization request');
    }
    if (input.resource !== undefined && !sameResource(input.resource, code.resource)) {
      throw new InvalidTargetError('resource does not match the one that was authorized');
    }
    if (!VERIFIER.test(input.codeVerifier)) {
      throw new InvalidRequestError('code_verifier must be 43 to 128 unreserved characters');
    }
    if (!(await verifyChallenge(input.codeVerifier, code.codeChallenge))) {
      throw new InvalidGrantError('code_verifier does not match the code_challenge');
    }
    const now = new Date(this.now());
    const grantId = grantIdForCode(codeHash);
    const issued = await this.deps.store.transaction(async (tx) => {
      if (!(await this.deps.store.consumeCode(tx, codeHash, now))) return null;
      await this.deps.store.insertGrant(tx, {
        id: grantId,
        clientId: client.clientId,
        connectionId: code.connectionId,
        scope: code.scope,
        resource: code.resource,
        createdAt: now,
      });
      return this.issueTokens(tx, grantId, client, code.scope, now);
    });
    if (!issued) {
      await this.revokeGrant(grantId, 'authorization code reused');
      throw new InvalidGrantError('the authorization code was already used');
    }
    this.deps.logger.info(
      { clientId: client.clientId, connectionId: code.connectionId },
      'oauth grant issued',
    );
    return issued;
  }

  /** grant_type=refresh_token: a new pair on every use; a used refresh token presented again ends the grant. */
  async refresh(client: OAuthClient, input: { refreshToken: string; scope?: string; resource?: string }) {
    if (!client.grantTypes.includes('refresh_token')) {
      throw new UnauthorizedClientError('this client did not register the refresh_token grant');
    }
    const tokenHash = secretHash(input.refreshToken);
    const found = await this.deps.store.findToken(tokenHash);
    if (found?.token.kind !== 'refresh' || found.grant.clientId !== client.clientId) {
      throw new InvalidGrantError('unknown refresh token');
    }
    const { token, grant } = found;
    if (grant.revokedAt || token.revokedAt) throw new InvalidGrantError('the refresh token was revoked');
    if (token.usedAt) {
      await this.revokeGrant(grant.id, 'refresh token reused');
      throw new InvalidGrantError('the refresh token was already used; the grant is revoked');
    }
    if (token.expiresAt.getTime() <= this.now()) throw new InvalidGrantError('the refresh token expired');
    if (input.resource !== undefined && !sameResource(input.resource, grant.resource)) {
      throw new InvalidTargetError('resource does not match the one that was authorized');
    }
    if (input.scope !== undefined && scopesBeyond(input.scope, grant.scope).length > 0) {
      throw new InvalidGrantError('scope exceeds what was granted');
    }
    const now = new Date(this.now());
    const issued = await this.deps.store.transaction(async (tx) => {
      if (!(await this.deps.store.consumeRefreshToken(tx, tokenHash, now))) return null;
      return this.issueTokens(tx, grant.id, client, grant.scope, now);
    });
    if (!issued) {
      await this.revokeGrant(grant.id, 'refresh token reused');
      throw new InvalidGrantError('the refresh token was already used; the grant is revoked');
    }
    return issued;
  }

  /** RFC 7009: revoking either token of a grant ends the grant. Unknown tokens are not an error. */
  async revoke(client: OAuthClient, presented: string): Promise<void> {
    const found = await this.deps.store.findToken(secretHash(presented));
    if (!found || found.grant.clientId !== client.clientId) return;
    await this.revokeGrant(found.grant.id, 'revoked by the client');
  }

  private async issueTokens(
    tx: Executor,
    grantId: string,
    client: OAuthClient,
    scope: string,
    now: Date,
  ): Promise<TokenResponse> {
    const accessToken = issueSecret('access');
    const refreshToken = client.grantTypes.includes('refresh_token') ? issueSecret('refresh') : undefined;
    const rows = [
      {
        tokenHash: secretHash(accessToken),
        grantId,
        kind: 'access',
        expiresAt: new Date(now.getTime() + ACCESS_TOKEN_TTL_MS),
        createdAt: now,
      },
    ];
    if (refreshToken) {
      rows.push({
        tokenHash: secretHash(refreshToken),
        grantId,
        kind: 'refresh',
        expiresAt: new Date(now.getTime() + REFRESH_TOKEN_TTL_MS),
        createdAt: now,
      });
    }
    await this.deps.store.insertTokens(tx, rows);
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_TTL_MS / 1000,
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
      scope,
    };
  }

  private async revokeGrant(grantId: string, reason: string): Promise<void> {
    const connectionId = await this.deps.store.revokeGrant(grantId);
    const grant = connectionId ? null : await this.deps.store.findGrant(grantId);
    const target = connectionId ?? grant?.connectionId;
    this.deps.logger.warn(
      { grantId: grantId.slice(0, 14), reason, connectionId: target },
      'oauth grant revoked',
    );
    // The connection was made for this grant alone (the consent page creates one per approval).
    if (target) await this.deps.revokeConnection(target);
  }
}
