import { Hono } from 'hono';
import { InvalidClientMetadataError, OAuthError } from '../oauth/errors.js';
import type { AppEnv, RouteDeps } from './context.js';
import { noStoreJson, oauthError } from './oauth-responses.js';
import { readJson } from './read-json.js';

/** RFC 7591 dynamic client registration: open (no initial access token), as MCP clients expect. */
export function oauthRegister(deps: RouteDeps) {
  const app = new Hono<AppEnv>();
  app.post('/', async (c) => {
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
