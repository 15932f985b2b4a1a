import { describe, expect, it } from 'vitest';
import { DEFAULT_SCOPES } from '../src/tenancy/scopes.js';
import { WORKSPACE_A } from './fake-intercom/seed-a.js';
import { bearer, createConnection } from './support/connections.js';
import { databaseKinds } from './support/databases.js';
import {
  authorizeUrl,
  authorizeWithToken,
  mcpCall,
  openConsent,
  pkce,
  registerClient,
  submitConsent,
  tableCounts,
  tokenRequest,
} from './support/oauth.js';
import { useTestApp } from './support/use-test-app.js';

const CLAUDE_CALLBACKS = [
  'https://claude.ai/api/mcp/auth_callback',
  'https://claude.com/api/mcp/auth_callback',
];

describe.each(databaseKinds())('OAuth discovery, registration and grants on %s', (kind) => {
  const { app } = useTestApp({ database: kind });

  it('publishes protected resource metadata (RFC 9728) at both well-known paths', async () => {
    for (const path of [
      '/.well-known/oauth-protected-resource',
      '/.well-known/oauth-protected-resource/mcp',
    ]) {
      const response = await fetch(`${app.url}${path}`, { headers: { Origin: 'https://claude.ai' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(await response.json()).toMatchObject({
        resource: `${app.url}/mcp`,
        authorization_servers: [app.url],
        scopes_supported: expect.arrayContaining(['intercom:read', 'intercom:write', 'intercom:deletion']),
        bearer_methods_supported: ['header'],
      });
    }
  });

  it('publishes authorization server metadata (RFC 8414)', async () => {
    const response = await fetch(`${app.url}/.well-known/oauth-authorization-server`);
    expect(await response.json()).toMatchObject({
      issuer: app.url,
      authorization_endpoint: `${app.url}/authorize`,
      token_endpoint: `${app.url}/token`,
      registration_endpoint: `${app.url}/register`,
      revocation_endpoint: `${app.url}/revoke`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: expect.arrayContaining(['none']),
      client_id_metadata_document_supported: true,
    });
  });

  it('answers CORS preflights on the token, registration and revocation endpoints', async () => {
    for (const path of ['/token', '/register', '/revoke']) {
      const response = await fetch(`${app.url}${path}`, {
        method: 'OPTIONS',
        headers: {
          Origin: 'https://inspector.example',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type',
        },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    }
  });

  it('puts the resource metadata URL in every 401 of /mcp and /sse', async () => {
    const metadata = `${app.url}/.well-known/oauth-protected-resource/mcp`;
    const cases: [string, RequestInit, string][] = [
      ['/mcp', { method: 'POST' }, `Bearer resource_metadata="${metadata}"`],
      ['/sse', { method: 'GET' }, `Bearer resource_metadata="${metadata}"`],
      [
        '/mcp',
        { method: 'POST', headers: bearer('icmat_nope') },
        `Bearer resource_metadata="${metadata}", error="invalid_token"`,
      ],
      [
        `/mcp/icm_${'0'.repeat(16)}_${'a'.repeat(43)}`,
        { method: 'POST' },
        `Bearer resource_metadata="${metadata}", error="invalid_token"`,
      ],
    ];
    for (const [path, init, expected] of cases) {
      const response = await fetch(`${app.url}${path}`, init);
      expect(response.status, path).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe(expected);
    }
  });

  it("registers Claude's callbacks and sends the code back to them", async () => {
    const registered = await registerClient(app.url, {
      client_name: 'Claude',
      redirect_uris: CLAUDE_CALLBACKS,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
      // What Claude.ai sends: a scope of its own, which we ignore rather than refuse.
      scope: 'claudeai',
    });
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({
      redirect_uris: CLAUDE_CALLBACKS,
      token_endpoint_auth_method: 'client_secret_post',
    });
    expect(registered.body.client_secret).toMatch(/^icmcs_/);
    const { client_id: clientId, client_secret: secret } = registered.body;

    for (const redirectUri of CLAUDE_CALLBACKS) {
      const { verifier, challenge } = await pkce();
      const consent = await openConsent(
        authorizeUrl(app.url, {
          clientId,
          redirectUri,
          challenge,
          state: 'claude-state',
          resource: `${app.url}/mcp`,
          scope: 'claudeai',
        }),
      );
      expect(consent.html).toContain(
        `<strong id="redirect-host"><bdi>${new URL(redirectUri).host}</bdi></strong>`,
      );
      expect(consent.response.headers.get('content-security-policy')).toContain(
        `form-action 'self' ${new URL(redirectUri).origin}`,
      );
      const { code, location } = await authorizeWithToken(
        app.url,
        { clientId, redirectUri, challenge, state: 'claude-state', resource: `${app.url}/mcp` },
        WORKSPACE_A.token,
      );
      expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
      expect(location.searchParams.get('state')).toBe('claude-state');
      const withoutSecret = await tokenRequest(app.url, {
        grant_type: 'authorization_code',
        code,
        code_verifier: verifier,
        redirect_uri: redirectUri,
        client_id: clientId,
      });
      expect(withoutSecret.status).toBe(401);
      expect(withoutSecret.body.error).toBe('invalid_client');
      const tokens = await tokenRequest(app.url, {
        grant_type: 'authorization_code',
        code,
        code_verifier: verifier,
        redirect_uri: redirectUri,
        client_id: clientId,
        client_secret: secret as string,
      });
      expect(tokens.status).toBe(200);
      // Claude asks for no scope of ours: the grant carries the safe defaults (no bulk messaging, no deletion).
      expect(tokens.body.scope).toBe(DEFAULT_SCOPES.key);
      expect((await mcpCall(app.url, tokens.body.access_token as string)).status).toBe(200);
    }
  });

  it('refuses registrations with unsafe redirect URIs or unsupported settings', async () => {
    const before = await tableCounts(app.runtime.deps.database);
    const cases: [Record<string, unknown>, string][] = [
      [{ redirect_uris: ['http://evil.example/cb'] }, 'invalid_redirect_uri'],
      [{ redirect_uris: ['https://ok.example/cb#frag'] }, 'invalid_redirect_uri'],
      [{ redirect_uris: ['javascript:alert(1)'] }, 'invalid_redirect_uri'],
      [{ redirect_uris: [] }, 'invalid_client_metadata'],
      [{ redirect_uris: ['https://ok.example/cb'], grant_types: ['implicit'] }, 'invalid_client_metadata'],
      [
        { redirect_uris: ['https://ok.example/cb'], token_endpoint_auth_method: 'private_key_jwt' },
        'invalid_client_metadata',
      ],
    ];
    for (const [metadata, error] of cases) {
      const answer = await registerClient(app.url, metadata);
      expect(answer.status, JSON.stringify(metadata)).toBe(400);
      expect(answer.body.error).toBe(error);
    }
    expect(await tableCounts(app.runtime.deps.database)).toEqual(before);
  });

  it('lets the user deny, and keeps static connection tokens working beside OAuth', async () => {
    const registered = await registerClient(app.url, {
      redirect_uris: ['http://localhost:9/cb'],
      token_endpoint_auth_method: 'none',
    });
    const { challenge } = await pkce();
    const consent = await openConsent(
      authorizeUrl(app.url, {
        clientId: registered.body.client_id,
        redirectUri: 'http://localhost:9/cb',
        challenge,
        state: 'z',
      }),
    );
    expect(consent.html).toContain('An unnamed application');
    consent.fields.set('action', 'deny');
    const denied = await submitConsent(app.url, consent.fields, consent.cookie);
    expect(denied.status).toBe(303);
    const location = new URL(denied.headers.get('location') as string);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('z');

    const created = await createConnection(app.url, WORKSPACE_A.token);
    expect((await mcpCall(app.url, created.token)).status).toBe(200);
  });

  it('shows the consent form again, without the token, when Intercom rejects it', async () => {
    const registered = await registerClient(app.url, {
      redirect_uris: ['http://localhost:9/cb'],
      token_endpoint_auth_method: 'none',
    });
    const { challenge } = await pkce();
    const consent = await openConsent(
      authorizeUrl(app.url, {
        clientId: registered.body.client_id,
        redirectUri: 'http://localhost:9/cb',
        challenge,
      }),
    );
    const before = await tableCounts(app.runtime.deps.database);
    consent.fields.set('intercom_token', WORKSPACE_A.revokedToken);
    consent.fields.set('action', 'approve');
    const answer = await submitConsent(app.url, consent.fields, consent.cookie);
    expect(answer.status).toBe(400);
    const html = await answer.text();
    expect(html).toContain('Intercom rejected this access token');
    expect(html).not.toContain(WORKSPACE_A.revokedToken);
    expect(await tableCounts(app.runtime.deps.database)).toEqual(before);
  });

  it('revokes the grants of a revoked connection', async () => {
    const registered = await registerClient(app.url, {
      redirect_uris: ['http://localhost:9/cb'],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
    });
    const clientId = registered.body.client_id;
    const { verifier, challenge } = await pkce();
    const { code } = await authorizeWithToken(
      app.url,
      { clientId, redirectUri: 'http://localhost:9/cb', challenge },
      WORKSPACE_A.token,
    );
    const tokens = await tokenRequest(app.url, {
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      client_id: clientId,
    });
    expect((await mcpCall(app.url, tokens.body.access_token as string)).status).toBe(200);
    const { connections } = app.runtime.deps;
    const tenant = await app.runtime.deps.oauth.accessTokens.authenticate(tokens.body.access_token as string);
    expect(await connections.revoke(tenant?.connectionId as string)).toBe(true);
    expect((await mcpCall(app.url, tokens.body.access_token as string)).status).toBe(401);
    const refreshed = await tokenRequest(app.url, {
      grant_type: 'refresh_token',
      refresh_token: tokens.body.refresh_token as string,
      client_id: clientId,
    });
    expect(refreshed.body.error).toBe('invalid_grant');
  });
});
