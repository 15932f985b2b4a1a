import { Hono } from 'hono';
import { AUTH_METHODS } from '../oauth/client-metadata.js';
import { PATHS } from '../oauth/constants.js';
import { SCOPES_SUPPORTED } from '../oauth/scopes.js';
import type { AppEnv, RouteDeps } from './context.js';

/**
 * RFC 9728 protected resource metadata (at the root and at the path-suffixed form for /mcp) and
 * RFC 8414 authorization server metadata. Both are public and CORS-enabled (see app.ts).
 */
export function oauthMetadata(deps: RouteDeps) {
  const { urls } = deps.oauth;
  const base = deps.config.publicUrl;
  const resource = {
    resource: urls.resource,
    authorization_servers: [urls.issuer],
    scopes_supported: SCOPES_SUPPORTED,
    bearer_methods_supported: ['header'],
    resource_name: 'Intercom MCP',
    resource_documentation: base,
  };
  const server = {
    issuer: urls.issuer,
    authorization_endpoint: `${base}${PATHS.authorize}`,
    token_endpoint: `${base}${PATHS.token}`,
    registration_endpoint: `${base}${PATHS.register}`,
    revocation_endpoint: `${base}${PATHS.revoke}`,
    scopes_supported: SCOPES_SUPPORTED,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: [...AUTH_METHODS],
    revocation_endpoint_auth_methods_supported: [...AUTH_METHODS],
    client_id_metadata_document_supported: true,
    authorization_response_iss_parameter_supported: true,
    service_documentation: base,
  };

  const app = new Hono<AppEnv>();
  const cached = { 'Cache-Control': 'public, max-age=300' };
  app.get(`${PATHS.protectedResource}`, (c) => c.json(resource, 200, cached));
  app.get(`${PATHS.protectedResource}/mcp`, (c) => c.json(resource, 200, cached));
  app.get(PATHS.authorizationServer, (c) => c.json(server, 200, cached));
  return app;
}
