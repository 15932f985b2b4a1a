import type { Context, MiddlewareHandler } from 'hono';
import { hasShape } from '../oauth/secrets.js';
import { AuthRefusal } from '../tenancy/failed-attempts.js';
import type { Tenant } from '../tenancy/tenant.js';
import { clientIp } from './client-ip.js';
import type { AppEnv, RouteDeps } from './context.js';
import { apiError, jsonRpcError } from './errors.js';
import { refuseAuthentication } from './rate-limits.js';

/** Reads `Authorization: Bearer <token>`; null when absent or not a bearer credential. */
export function bearerToken(c: Context): string | null {
  const header = c.req.header('authorization');
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

export const WWW_AUTHENTICATE = 'Bearer realm="intercom-mcp"';

/**
 * Resolves the tenant from the secret URL segment (`:token`, MCP routes only) or a Bearer header,
 * then applies the per-connection rate limit. Answers 401 with WWW-Authenticate otherwise, in the
 * body style the route's clients expect, and logs the failure with the caller's IP (never the token).
 *
 * The MCP routes also accept OAuth access tokens (`icmat_…`, header only), told from static connection
 * tokens (`icm_…`) by their shape; their 401s name our protected resource metadata (RFC 9728), which is
 * how an OAuth client discovers where to sign in.
 *
 * A static token not in the verified-token cache is checked under the client IP's failed-attempt limit
 * (`limits.attempts`), which is consulted before the argon2 work starts: past the limit, or with too
 * many checks of the address running, the answer is 429 without that work; a token that verifies is
 * served whatever the address did before.
 */
export function requireTenant(deps: RouteDeps, style: 'api' | 'jsonrpc'): MiddlewareHandler<AppEnv> {
  const { connections, oauth, logger, limits, config } = deps;
  const challenge =
    style === 'jsonrpc' ? `Bearer resource_metadata="${oauth.urls.resourceMetadata}"` : WWW_AUTHENTICATE;
  const resolve = (c: Context, token: string, inPath: boolean): Promise<Tenant | null | AuthRefusal> => {
    if (!hasShape('access', token)) {
      return connections.authenticate(token, () => limits.attempts.guard(clientIp(c, config.trustProxy)));
    }
    // An OAuth token is for the MCP endpoint (its audience), and only in the header (never in a URL).
    return style === 'jsonrpc' && !inPath ? oauth.accessTokens.authenticate(token) : Promise.resolve(null);
  };
  return async (c, next) => {
    const inPath = style === 'jsonrpc' ? c.req.param('token') : undefined;
    const token = inPath ?? bearerToken(c);
    const tenant = token ? await resolve(c, token, inPath !== undefined) : null;
    if (tenant instanceof AuthRefusal) {
      return refuseAuthentication(c, tenant, limits.attempts, logger, clientIp(c, config.trustProxy));
    }
    if (!token || !tenant) {
      logger.warn(
        { ip: clientIp(c, config.trustProxy), reason: token ? 'invalid_token' : 'missing_token' },
        'authentication failed',
      );
      c.header('WWW-Authenticate', token ? `${challenge}, error="invalid_token"` : challenge);
      const message = token
        ? 'The token is unknown, expired, rotated or revoked. Sign in again, or connect the workspace again to get a new URL.'
        : 'Missing credentials: sign in with OAuth, use the MCP URL you were given, or send Authorization: Bearer <token>.';
      return style === 'api'
        ? apiError(c, 401, 'unauthorized', message)
        : jsonRpcError(c, 401, -32001, message);
    }
    c.set('tenant', tenant);
    return limits.perConnection(c, next);
  };
}
