import {
  discoverAuthorizationServerMetadata,
  refreshAuthorization,
  UnauthorizedError,
} from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InvalidGrantError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKSPACE_A } from './fake-intercom/seed-a.js';
import { launchChromium } from './support/chromium.js';
import { databaseKinds, dumpAllRows } from './support/databases.js';
import { MemoryOAuthProvider, mcpCall, startCallbackServer, tableCounts } from './support/oauth.js';
import { canRun } from './support/requirements.js';
import { useTestApp } from './support/use-test-app.js';

const SUITE = 'OAuth sign-in with the SDK client';

describe.runIf(canRun('chromium', SUITE)).each(databaseKinds())(`${SUITE} on %s`, (kind) => {
  const { app } = useTestApp({ database: kind });
  let browser: Browser;
  let callback: Awaited<ReturnType<typeof startCallbackServer>>;

  beforeAll(async () => {
    callback = await startCallbackServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await callback?.close();
  });

  function newProvider() {
    return new MemoryOAuthProvider(callback.url, {
      client_name: 'SDK test client',
      redirect_uris: [callback.url],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    });
  }

  /** What a user does: opens the authorization URL, pastes the Intercom token, allows; returns the code. */
  async function consentInBrowser(authorizationUrl: URL): Promise<string> {
    const context = await browser.newContext();
    const page = await context.newPage();
    const visited: string[] = [];
    page.on('request', (r) => visited.push(r.url()));
    const response = await page.goto(authorizationUrl.toString());
    expect(response?.status()).toBe(200);
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(await page.textContent('#client-name')).toBe('SDK test client');
    expect(await page.textContent('#redirect-host')).toBe(new URL(callback.url).host);
    expect(await page.getAttribute('#intercom-token', 'type')).toBe('password');
    await page.fill('#intercom-token', WORKSPACE_A.token);
    await Promise.all([page.waitForURL(`${callback.url}?**`), page.click('#approve-button')]);
    const landed = new URL(page.url());
    expect(landed.searchParams.get('state')).toBe(authorizationUrl.searchParams.get('state'));
    expect(landed.searchParams.get('iss')).toBe(app.url);
    const code = landed.searchParams.get('code') as string;
    // The Intercom token never went into a URL, and the consent page never echoed it.
    for (const url of visited) expect(url).not.toContain(WORKSPACE_A.token);
    await context.close();
    return code;
  }

  async function connect(provider: MemoryOAuthProvider, fetchLog?: string[]) {
    const client = new Client({ name: 'oauth-tests', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(`${app.url}/mcp`), {
      authProvider: provider,
      fetch: (url, init) => {
        fetchLog?.push(String(url));
        return fetch(url, init);
      },
    });
    return { client, transport, connected: client.connect(transport) };
  }

  /** Discovery from a 401, registration, consent in Chromium, code exchange: a working client. */
  async function signIn(provider: MemoryOAuthProvider, fetchLog?: string[]) {
    const first = await connect(provider, fetchLog);
    await expect(first.connected).rejects.toBeInstanceOf(UnauthorizedError);
    expect(provider.authorizationUrl).toBeDefined();
    const code = await consentInBrowser(provider.authorizationUrl as URL);
    await first.transport.finishAuth(code);
    const second = await connect(provider);
    await second.connected;
    return second.client;
  }

  it('discovers, registers, authorizes with PKCE in Chromium, exchanges the code and calls a tool', async () => {
    const provider = newProvider();
    const fetched: string[] = [];
    const client = await signIn(provider, fetched);
    try {
      const paths = fetched.map((u) => new URL(u).pathname);
      expect(paths).toContain('/.well-known/oauth-protected-resource/mcp');
      expect(paths).toContain('/.well-known/oauth-authorization-server');
      expect(paths).toContain('/register');
      expect(paths).toContain('/token');
      const authUrl = provider.authorizationUrl as URL;
      expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
      expect(authUrl.searchParams.get('resource')).toBe(`${app.url}/mcp`);
      expect(provider.saved?.access_token).toMatch(/^icmat_[A-Za-z0-9_-]{43}$/);
      expect(provider.saved?.refresh_token).toMatch(/^icmrt_[A-Za-z0-9_-]{43}$/);
      expect(provider.saved?.expires_in).toBe(3600);

      const result = await client.callTool({ name: 'list_admins', arguments: {} });
      expect(result.isError).toBeFalsy();
      expect((result.structuredContent as { acting_admin_id: string }).acting_admin_id).toBe(
        WORKSPACE_A.ownerAdminId,
      );
    } finally {
      await client.close();
    }
    // Stored only as hashes, and the Intercom key only encrypted.
    const dump = await dumpAllRows(app.runtime.deps.database);
    expect(dump).not.toContain(provider.saved?.access_token);
    expect(dump).not.toContain(provider.saved?.refresh_token);
    expect(dump).not.toContain(WORKSPACE_A.token);
  });

  it('rotates refresh tokens, and a reused refresh token revokes the grant', async () => {
    const provider = newProvider();
    const client = await signIn(provider);
    await client.close();
    const first = provider.saved as { access_token: string; refresh_token: string };
    const metadata = await discoverAuthorizationServerMetadata(app.url);
    const clientInformation = provider.info as NonNullable<typeof provider.info>;
    const resource = new URL(`${app.url}/mcp`);

    const second = await refreshAuthorization(app.url, {
      metadata,
      clientInformation,
      refreshToken: first.refresh_token,
      resource,
    });
    provider.saveTokens(second);
    expect(second.refresh_token).toMatch(/^icmrt_/);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    expect((await mcpCall(app.url, second.access_token)).status).toBe(200);

    // The first refresh token was used: presenting it again is treated as theft.
    await expect(
      refreshAuthorization(app.url, {
        metadata,
        clientInformation,
        refreshToken: first.refresh_token,
        resource,
      }),
    ).rejects.toBeInstanceOf(InvalidGrantError);
    for (const token of [first.access_token, second.access_token]) {
      const denied = await mcpCall(app.url, token);
      expect(denied.status).toBe(401);
      expect(denied.headers.get('www-authenticate')).toContain('error="invalid_token"');
    }
    await expect(
      refreshAuthorization(app.url, {
        metadata,
        clientInformation,
        refreshToken: second.refresh_token as string,
        resource,
      }),
    ).rejects.toBeInstanceOf(InvalidGrantError);
  });

  it('revokes a grant through /revoke (RFC 7009)', async () => {
    const provider = newProvider();
    const client = await signIn(provider);
    await client.close();
    const tokens = provider.saved as { access_token: string; refresh_token: string };
    expect((await mcpCall(app.url, tokens.access_token)).status).toBe(200);
    const before = await tableCounts(app.runtime.deps.database);

    const revoked = await fetch(`${app.url}/revoke`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: tokens.refresh_token,
        token_type_hint: 'refresh_token',
        client_id: provider.info?.client_id as string,
      }),
    });
    expect(revoked.status).toBe(200);
    // The access token was cached as verified a moment ago; revocation evicts it at once.
    const denied = await mcpCall(app.url, tokens.access_token);
    expect(denied.status).toBe(401);
    expect(denied.headers.get('www-authenticate')).toBe(
      `Bearer resource_metadata="${app.url}/.well-known/oauth-protected-resource/mcp", error="invalid_token"`,
    );
    expect(await tableCounts(app.runtime.deps.database)).toEqual(before);
  });
});
