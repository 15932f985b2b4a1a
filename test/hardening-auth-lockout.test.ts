import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WORKSPACE_A } from './fake-intercom/seed-a.js';
import { bearer, createConnection } from './support/connections.js';
import {
  authorizeUrl,
  authorizeWithToken,
  mcpCall,
  openConsent,
  pkce,
  registerClient,
  tokenRequest,
} from './support/oauth.js';
import { useTestApp } from './support/use-test-app.js';

const list = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
const headers = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
const REDIRECT = 'http://127.0.0.1:9/callback';
const randomToken = () => `icm_${randomBytes(8).toString('hex')}_${randomBytes(32).toString('base64url')}`;

describe('an address past its failed authentications (issue 15 item 2)', () => {
  const { app } = useTestApp({ env: { AUTH_FAILURES_PER_IP_PER_15_MINUTES: '5' } });

  it('refuses further failed attempts but serves every credential that verifies', {
    timeout: 120_000,
  }, async () => {
    // Credentials obtained before the lockout: a static token used once, and an OAuth grant.
    const used = await createConnection(app.url, WORKSPACE_A.token);
    expect((await fetch(used.mcp_url, { method: 'POST', headers, body: list })).status).toBe(200);
    const client = await registerClient(app.url, {
      client_name: 'Shared egress',
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_method: 'none',
    });
    const resource = `${app.url}/mcp`;
    const { verifier, challenge } = await pkce();
    const { code } = await authorizeWithToken(
      app.url,
      { clientId: client.body.client_id, redirectUri: REDIRECT, challenge, resource },
      WORKSPACE_A.token,
    );
    const tokens = await tokenRequest(app.url, {
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: REDIRECT,
      client_id: client.body.client_id,
      resource,
    });
    expect(tokens.status).toBe(200);

    // A client with a stale URL (or someone else behind the same address) fails again and again.
    const stale = randomToken();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const url = i < 5 ? `${app.url}/mcp/${randomToken()}` : `${app.url}/mcp/${stale}`;
      statuses.push((await fetch(url, { method: 'POST', headers, body: list })).status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429, 429, 429, 429, 429]);

    // Everything that verifies is still served from this address:
    // a static token verified before (cached),
    expect((await fetch(used.mcp_url, { method: 'POST', headers, body: list })).status).toBe(200);
    // a static token never verified yet (argon2 runs for it),
    const fresh = await createConnection(app.url, WORKSPACE_A.token);
    expect((await fetch(fresh.mcp_url, { method: 'POST', headers, body: list })).status).toBe(200);
    expect((await fetch(`${app.url}/api/connections/self`, { headers: bearer(fresh.token) })).status).toBe(
      200,
    );
    // an OAuth access token, a refresh at /token, and a new consent at /authorize.
    expect((await mcpCall(app.url, tokens.body.access_token as string)).status).toBe(200);
    const refreshed = await tokenRequest(app.url, {
      grant_type: 'refresh_token',
      refresh_token: tokens.body.refresh_token as string,
      client_id: client.body.client_id,
    });
    expect(refreshed.status).toBe(200);
    const consent = await openConsent(
      authorizeUrl(app.url, { clientId: client.body.client_id, redirectUri: REDIRECT, challenge, resource }),
    );
    expect(consent.response.status).toBe(200);
    await authorizeWithToken(
      app.url,
      { clientId: client.body.client_id, redirectUri: REDIRECT, challenge, resource },
      WORKSPACE_A.token,
    );

    // The stale token is still refused, with a wait the client can act on.
    const refused = await fetch(`${app.url}/mcp/${stale}`, { method: 'POST', headers, body: list });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // So is an Intercom token that Intercom rejects, once the address is past its limit.
    const rejected = await fetch(`${app.url}/api/connections`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ intercom_token: 'not-a-real-intercom-token-000000000000' }),
    });
    expect(rejected.status).toBe(429);
    expect(app.logs.join('')).toContain('too many failed authentications');
  });
});
