/** Lifetimes and names fixed by the issue: codes 10 minutes, access tokens 1 hour. */
export const CODE_TTL_MS = 10 * 60_000;
export const ACCESS_TOKEN_TTL_MS = 60 * 60_000;
/** Refresh tokens rotate on every use; an unused one lapses after this long. */
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60_000;
/** The consent form (and its CSRF token) stays valid this long after /authorize showed it. */
export const CONSENT_TTL_MS = 10 * 60_000;

/** Where the protocol pieces live, relative to PUBLIC_URL. */
export const PATHS = {
  protectedResource: '/.well-known/oauth-protected-resource',
  authorizationServer: '/.well-known/oauth-authorization-server',
  authorize: '/authorize',
  token: '/token',
  register: '/register',
  revoke: '/revoke',
  intercomStart: '/oauth/intercom/start',
  intercomCallback: '/oauth/intercom/callback',
} as const;

/** The URLs derived from PUBLIC_URL that every part of the flow agrees on. */
export interface OAuthUrls {
  issuer: string;
  /** The canonical MCP endpoint: the only `resource` (RFC 8707) and audience we issue tokens for. */
  resource: string;
  /** RFC 9728 metadata of the resource, named in every 401's WWW-Authenticate. */
  resourceMetadata: string;
}

export function oauthUrls(publicUrl: string): OAuthUrls {
  return {
    issuer: publicUrl,
    resource: `${publicUrl}/mcp`,
    resourceMetadata: `${publicUrl}${PATHS.protectedResource}/mcp`,
  };
}
