import type { Context, MiddlewareHandler } from 'hono';
import { clientIp } from './client-ip.js';
import type { AppEnv, RouteDeps } from './context.js';
import { apiError, jsonRpcError } from './errors.js';

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
 */
export function requireTenant(deps: RouteDeps, style: 'api' | 'jsonrpc'): MiddlewareHandler<AppEnv> {
  const { connections, logger, limits, config } = deps;
  return async (c, next) => {
    const token = (style === 'jsonrpc' ? c.req.param('token') : undefined) ?? bearerToken(c);
    const tenant = token ? await connections.authenticate(token) : null;
    if (!token || !tenant) {
      logger.warn(
        { ip: clientIp(c, config.trustProxy), reason: token ? 'invalid_token' : 'missing_token' },
        'authentication failed',
      );
      c.header('WWW-Authenticate', token ? `${WWW_AUTHENTICATE}, error="invalid_token"` : WWW_AUTHENTICATE);
      const message = token
        ? 'The token is unknown, rotated or revoked. Connect the workspace again to get a new URL.'
        : 'Missing credentials: use the MCP URL you were given, or send Authorization: Bearer <token>.';
      return style === 'api'
        ? apiError(c, 401, 'unauthorized', message)
        : jsonRpcError(c, 401, -32001, message);
    }
    c.set('tenant', tenant);
    return limits.perConnection(c, next);
  };
}
