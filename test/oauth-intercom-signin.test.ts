import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { WORKSPACE_A } from './fake-intercom/seed-a.js';
import { databaseKinds } from './support/databases.js';
import { authorizeUrl, mcpCall, openConsent, pkce, registerClient, tokenRequest } from './support/oauth.js';
import { recordSecret } from './support/suite-log.js';
import { useTestApp } from './support/use-test-app.js';

const REDIRECT = 'http://127.0.0.1:9/callback';
const CLIENT_ID = 'intercom-app-id';
const CLIENT_SECRET = 'intercom-app-secret-for-tests';
const INTERCOM_CODE = 'intercom-auth-code-123';

/**
 * Intercom's OAuth endpoints in front of the fake REST API: POST /auth/eagle/token trades one known code
 * for WORKSPACE_A's token (checking the app credentials); everything else is passed to the fake.
 */
async function startIntercomOAuthStub(apiUrl: string) {
  const exchanges: URLSearchParams[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    if (req.method === 'POST' && req.url === '/auth/eagle/token') {
      const form = new URLSearchParams(body.toString());
      exchanges.push(form);
      const ok =
        form.get('code') === INTERCOM_CODE &&
        form.get('client_id') === CLIENT_ID &&
        form.get('client_secret') === CLIENT_SECRET;
      res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json' });
      return res.end(
        JSON.stringify(
          ok
            ? { token_type: 'Bearer', token: WORKSPACE_A.token, access_token: WORKSPACE_A.token }
            : { errors: [{ code: 'unauthorized' }] },
        ),
      );
    }
    const upstream = await fetch(`${apiUrl}${req.url}`, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: body.length > 0 ? body : undefined,
    });
    res.writeHead(upstream.status, Object.fromEntries(upstream.headers));
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    exchanges,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.each(databaseKinds().slice(0, 1))('Sign in with Intercom on %s', (kind) => {
  let stub: Awaited<ReturnType<typeof startIntercomOAuthStub>>;
  const { app } = useTestApp({
    database: kind,
    env: { INTERCOM_OAUTH_CLIENT_ID: CLIENT_ID, INTERCOM_OAUTH_CLIENT_SECRET: CLIENT_SECRET },
    // Intercom's OAuth endpoints in front of the fake: the app reaches Intercom through the stub.
    intercomUrl: async (fake) => {
      recordSecret(CLIENT_SECRET);
      recordSecret(INTERCOM_CODE);
      stub = await startIntercomOAuthStub(fake.url);
      return stub.url;
    },
  });

  afterAll(async () => {
    await stub?.close();
  });

  it('offers the button, goes through Intercom and finishes like a pasted token', async () => {
    const registered = await registerClient(app.url, {
      redirect_uris: [REDIRECT],
      token_endpoint_auth_method: 'none',
    });
    const clientId = registered.body.client_id;
    const { verifier, challenge } = await pkce();
    const consent = await openConsent(
      authorizeUrl(app.url, { clientId, redirectUri: REDIRECT, challenge, state: 'via-intercom' }),
    );
    expect(consent.html).toContain('id="intercom-signin-button"');
    expect(consent.response.headers.get('content-security-policy')).toContain(
      `form-action 'self' http://127.0.0.1:9 ${stub.url}`,
    );

    const start = await fetch(`${app.url}/oauth/intercom/start`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: consent.cookie },
      body: consent.fields,
    });
    expect(start.status).toBe(303);
    const toIntercom = new URL(start.headers.get('location') as string);
    expect(`${toIntercom.origin}${toIntercom.pathname}`).toBe(`${stub.url}/oauth`);
    expect(toIntercom.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(toIntercom.searchParams.get('redirect_uri')).toBe(`${app.url}/oauth/intercom/callback`);
    const state = toIntercom.searchParams.get('state') as string;
    const roundTrip = start.headers.get('set-cookie')?.split(';')[0] as string;

    // Without the cookie set by /start (another browser), the callback is refused.
    const stranger = await fetch(`${app.url}/oauth/intercom/callback?code=${INTERCOM_CODE}&state=${state}`, {
      redirect: 'manual',
    });
    expect(stranger.status).toBe(403);

    const back = await fetch(`${app.url}/oauth/intercom/callback?code=${INTERCOM_CODE}&state=${state}`, {
      redirect: 'manual',
      headers: { Cookie: roundTrip },
    });
    expect(back.status).toBe(303);
    const toClient = new URL(back.headers.get('location') as string);
    expect(toClient.searchParams.get('state')).toBe('via-intercom');
    const code = toClient.searchParams.get('code') as string;
    recordSecret(code);
    expect(stub.exchanges).toHaveLength(1);

    // The state is single use: the same callback replayed with the copied cookie is refused, and
    // Intercom's code is not traded again.
    const replay = await fetch(`${app.url}/oauth/intercom/callback?code=${INTERCOM_CODE}&state=${state}`, {
      redirect: 'manual',
      headers: { Cookie: roundTrip },
    });
    expect(replay.status).toBe(403);
    expect(stub.exchanges).toHaveLength(1);

    const tokens = await tokenRequest(app.url, {
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: REDIRECT,
      client_id: clientId,
    });
    expect(tokens.status).toBe(200);
    expect((await mcpCall(app.url, tokens.body.access_token as string)).status).toBe(200);
  });
});
