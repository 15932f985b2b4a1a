import { Hono } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import { InvalidClientMetadataError, OAuthError } from '../oauth/errors.js';
import { clientIp } from './client-ip.js';
import type { AppEnv, RouteDeps } from './context.js';
import { errorFor } from './errors.js';
import { noStoreJson, oauthError } from './oauth-responses.js';
import { readJson } from './read-json.js';

/**
 * RFC 7591 dynamic client registration: open (no initial access token), as MCP clients expect. Each
 * stored client costs a row, so successful registrations are limited per address and hour
 * (REGISTRATIONS_PER_IP_PER_HOUR, in memory, per instance); clients that never complete an
 * authorization are purged (oauth/client-purge.ts).
 */
export function oauthRegister(deps: RouteDeps) {
  const app = new Hono<AppEnv>();
  const perAddress = rateLimiter<AppEnv>({
    windowMs: 3_600_000,
    limit: deps.config.registrationsPerIpPerHour,
    standardHeaders: 'draft-6',
    keyGenerator: (c) => clientIp(c, deps.config.trustProxy),
    // Refused metadata stores nothing: only registrations count.
    skipFailedRequests: true,
    handler: (c) =>
      errorFor(
        c,
        429,
        'rate_limited',
        `Too many client registrations from this address; retry after ${c.res.headers.get('Retry-After') ?? 'a while'} s, or reuse a registered client.`,
      ),
  });
  app.post('/', perAddress, async (c) => {
    const body = await readJson(c);
    if (!body.ok) {
      return oauthError(c, new InvalidClientMetadataError('send the client metadata as a JSON object'));
    }
    try {
      const { client, secret, issuedAt } = await deps.oauth.clients.register(body.value);
      return noStoreJson(
        c,
        {
          client_id: client.clientId,
          client_id_issued_at: Math.floor(issuedAt.getTime() / 1000),
          ...(secret ? { client_secret: secret, client_secret_expires_at: 0 } : {}),
          client_name: client.clientName ?? undefined,
          redirect_uris: client.redirectUris,
          token_endpoint_auth_method: client.tokenEndpointAuthMethod,
          grant_types: client.grantTypes,
          response_types: ['code'],
        },
        201,
      );
    } catch (error) {
      if (error instanceof OAuthError) return oauthError(c, error);
      throw error;
    }
  });
  return app;
}
