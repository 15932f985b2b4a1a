import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKSPACE_A } from './fake-intercom/seed-a.js';
import { databaseKinds } from './support/databases.js';
import {
  authorizeUrl,
  authorizeWithToken,
  mcpCall,
  openConsent,
  pkce,
  tableCounts,
  tokenRequest,
} from './support/oauth.js';
import { useTestApp } from './support/use-test-app.js';

const REDIRECT = 'http://127.0.0.1:9/callback';

/** Serves client ID metadata documents from loopback (allowed only with the test-only setting). */
async function startDocumentServer() {
  const documents = new Map<string, { status?: number; type?: string; body: string; location?: string }>();
  const server: Server = createServer((req, res) => {
    const doc = documents.get(req.url ?? '');
    if (!doc) return res.writeHead(404).end();
    const headers: Record<string, string> = { 'Content-Type': doc.type ?? 'application/json' };
    if (doc.location) headers.Location = doc.location;
    res.writeHead(doc.status ?? 200, headers).end(doc.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, documents, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe.each(databaseKinds())('client ID metadata documents on %s', (kind) => {
  const { app } = useTestApp({ database: kind, env: { OAUTH_ALLOW_PRIVATE_METADATA_HOSTS: 'true' } });
  let docs: Awaited<ReturnType<typeof startDocumentServer>>;

  beforeAll(async () => {
    docs = await startDocumentServer();
  });

  afterAll(async () => {
    await docs?.close();
  });

  function publish(path: string, document: Record<string, unknown>, extra = {}) {
    const clientId = `${docs.base}${path}`;
    docs.documents.set(path, { body: JSON.stringify({ client_id: clientId, ...document }), ...extra });
    return clientId;
  }

  it('signs a client in by its metadata document URL, without registration', async () => {
    const clientId = publish('/oauth/client.json', {
      client_name: 'Document Client',
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_method: 'none',
    });
    const { verifier, challenge } = await pkce();
    const consent = await openConsent(authorizeUrl(app.url, { clientId, redirectUri: REDIRECT, challenge }));
    expect(consent.response.status).toBe(200);
    expect(consent.html).toContain('<span id="client-name"><bdi>Document Client</bdi></span>');
    expect(consent.html).toContain(`<strong id="client-host"><bdi>${new URL(docs.base).host}</bdi></strong>`);

    const { code } = await authorizeWithToken(
      app.url,
      { clientId, redirectUri: REDIRECT, challenge },
      WORKSPACE_A.token,
    );
    const tokens = await tokenRequest(app.url, {
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: REDIRECT,
      client_id: clientId,
    });
    expect(tokens.status).toBe(200);
    expect((await mcpCall(app.url, tokens.body.access_token as string)).status).toBe(200);
    const refreshed = await tokenRequest(app.url, {
      grant_type: 'refresh_token',
      refresh_token: tokens.body.refresh_token as string,
      client_id: clientId,
    });
    expect(refreshed.status).toBe(200);
  });

  it('refuses documents that do not name themselves, are too big, redirect or are not JSON', async () => {
    const { challenge } = await pkce();
    const bad = [
      publish('/wrong-id.json', { redirect_uris: [REDIRECT] }),
      publish('/big.json', { redirect_uris: [REDIRECT], padding: 'x'.repeat(6000) }),
      publish('/moved.json', { redirect_uris: [REDIRECT] }, { status: 302, location: '/oauth/client.json' }),
      publish('/html.json', { redirect_uris: [REDIRECT] }, { type: 'text/html' }),
      publish('/secret.json', { redirect_uris: [REDIRECT], client_secret: 'shh' }),
    ];
    docs.documents.set('/wrong-id.json', {
      body: JSON.stringify({ client_id: 'https://someone.else/client.json', redirect_uris: [REDIRECT] }),
    });
    const before = await tableCounts(app.runtime.deps.database);
    for (const clientId of bad) {
      const page = await fetch(authorizeUrl(app.url, { clientId, redirectUri: REDIRECT, challenge }), {
        redirect: 'manual',
      });
      expect(page.status, clientId).toBe(400);
      expect(await page.text()).toContain('<code id="error-code">invalid_client</code>');
    }
    // A redirect URI the document does not list is refused without redirecting.
    const listed = publish('/listed.json', { redirect_uris: [REDIRECT] });
    const other = await fetch(
      authorizeUrl(app.url, { clientId: listed, redirectUri: 'http://127.0.0.1:9/else', challenge }),
      {
        redirect: 'manual',
      },
    );
    expect(other.status).toBe(400);
    expect((await tableCounts(app.runtime.deps.database)).oauth_authorization_codes).toBe(
      before.oauth_authorization_codes,
    );
  });
});

describe('configuration of the metadata allowance', () => {
  it('is refused in production', async () => {
    const { loadConfig } = await import('../src/config.js');
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        ENCRYPTION_KEYS: `k1:${'A'.repeat(43)}=`,
        OAUTH_ALLOW_PRIVATE_METADATA_HOSTS: 'true',
      }),
    ).toThrow(/OAUTH_ALLOW_PRIVATE_METADATA_HOSTS/);
    expect(() => loadConfig({ INTERCOM_OAUTH_CLIENT_ID: 'abc' })).toThrow(/set both or neither/);
  });
});
