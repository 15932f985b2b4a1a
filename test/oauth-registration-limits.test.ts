import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oauthClients } from '../src/db/schema.js';
import { WORKSPACE_A } from './fake-intercom/seed-a.js';
import { databaseKinds } from './support/databases.js';
import {
  authorizeUrl,
  authorizeWithToken,
  openConsent,
  pkce,
  registerClient,
  tokenRequest,
} from './support/oauth.js';
import { useTestApp } from './support/use-test-app.js';

const REDIRECT = 'http://127.0.0.1:9/callback';
const HOUR = 3_600_000;

/**
 * Open registration used to store any number of 45 KB clients from one address, forever. Now each client
 * is small, registrations are limited per address, and clients nobody signed in with are purged.
 */
describe.each(databaseKinds())('client registration limits on %s', (kind) => {
  const { app, restart } = useTestApp({
    database: kind,
    env: {
      REGISTRATIONS_PER_IP_PER_HOUR: '4',
      OAUTH_UNUSED_CLIENT_RETENTION_HOURS: '24',
      OAUTH_ALLOW_PRIVATE_METADATA_HOSTS: 'true',
    },
  });
  let documents: Server;
  let documentBase = '';

  beforeAll(async () => {
    documents = createServer((req, res) => {
      const clientId = `${documentBase}${req.url}`;
      res
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ client_id: clientId, client_name: 'Doc', redirect_uris: [REDIRECT] }));
    });
    await new Promise<void>((resolve) => documents.listen(0, '127.0.0.1', resolve));
    documentBase = `http://127.0.0.1:${(documents.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => documents.close(() => resolve())));

  const storedClients = async () =>
    (await app.runtime.deps.database.db.select({ id: oauthClients.clientId }).from(oauthClients))
      .map((r) => r.id)
      .sort();

  it('refuses oversized metadata: too many redirect URIs, long URIs, long names', async () => {
    const uris = (n: number) => Array.from({ length: n }, (_, i) => `http://127.0.0.1:9/cb${i}`);
    const tooMany = await registerClient(app.url, {
      redirect_uris: uris(11),
      token_endpoint_auth_method: 'none',
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error_description).toContain('at most 10');
    const longUri = `http://127.0.0.1:9/${'a'.repeat(1_000)}`;
    const long = await registerClient(app.url, {
      redirect_uris: [longUri],
      token_endpoint_auth_method: 'none',
    });
    expect(long.status).toBe(400);
    const name = await registerClient(app.url, {
      redirect_uris: [REDIRECT],
      client_name: 'n'.repeat(201),
      token_endpoint_auth_method: 'none',
    });
    expect(name.status).toBe(400);
    const uri = await registerClient(app.url, {
      redirect_uris: [REDIRECT],
      client_uri: `https://example.com/${'u'.repeat(1_000)}`,
      token_endpoint_auth_method: 'none',
    });
    expect(uri.status).toBe(400);
    expect(await storedClients()).toEqual([]);
  });

  it('limits registrations per address and hour (refused metadata does not count), with Retry-After', async () => {
    // The previous test's refusals stored nothing and count for nothing: four registrations still pass.
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const { status, body } = await registerClient(app.url, {
        redirect_uris: [REDIRECT],
        token_endpoint_auth_method: 'none',
      });
      expect(status).toBe(201);
      ids.push(body.client_id);
    }
    const response = await fetch(`${app.url}/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none' }),
    });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await response.json()) as { error_description: string }).error_description).toContain(
      'Too many client registrations',
    );
    expect(await storedClients()).toEqual(ids.sort());
  });

  it('purges clients that never completed an authorization, and stale metadata documents', async () => {
    // A new instance: a new registration window (the limit is in memory, per instance).
    await restart();
    const before = await storedClients();
    // A client that signs in (a grant), one that never does, and a client known by its metadata document.
    const used = await register();
    const { verifier, challenge } = await pkce();
    const { code } = await authorizeWithToken(
      app.url,
      { clientId: used, redirectUri: REDIRECT, challenge },
      WORKSPACE_A.token,
    );
    const tokens = await tokenRequest(app.url, {
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: REDIRECT,
      client_id: used,
    });
    expect(tokens.status).toBe(200);
    const abandoned = await register();
    const documentClient = `${documentBase}/client.json`;
    const consent = await openConsent(
      authorizeUrl(app.url, { clientId: documentClient, redirectUri: REDIRECT, challenge }),
    );
    expect(consent.response.status).toBe(200);
    expect(await storedClients()).toEqual([...before, abandoned, documentClient, used].sort());

    // Within the retention nothing goes; after it, only the client that completed an authorization stays.
    await app.runtime.deps.oauth.purgeNow(new Date(Date.now() + 23 * HOUR));
    expect(await storedClients()).toEqual([...before, abandoned, documentClient, used].sort());
    await app.runtime.deps.oauth.purgeNow(new Date(Date.now() + 25 * HOUR));
    expect(await storedClients()).toEqual([used]);
  });

  async function register(): Promise<string> {
    const { status, body } = await registerClient(app.url, {
      redirect_uris: [REDIRECT],
      token_endpoint_auth_method: 'none',
    });
    expect(status).toBe(201);
    return body.client_id;
  }
});
