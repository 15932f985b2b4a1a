import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { secretHash } from '../src/oauth/secrets.js';
import { WORKSPACE_A } from './fake-intercom/seed-a.js';
import { databaseKinds, rowsOf } from './support/databases.js';
import {
  authorizeUrl,
  authorizeWithToken,
  execute,
  mcpCall,
  openConsent,
  pkce,
  registerClient,
  submitConsent,
  tableCounts,
  tokenRequest,
} from './support/oauth.js';
import { useTestApp } from './support/use-test-app.js';

const REDIRECT = 'http://127.0.0.1:9/callback';

describe.each(databaseKinds())('OAuth failures on %s', (kind) => {
  const { app, fake } = useTestApp({ database: kind });
  let clientId: string;
  let resource: string;

  beforeAll(async () => {
    resource = `${app.url}/mcp`;
    const registered = await registerClient(app.url, {
      client_name: 'Negative tests',
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_method: 'none',
    });
    expect(registered.status).toBe(201);
    clientId = registered.body.client_id;
  });

  const counts = () => tableCounts(app.runtime.deps.database);

  async function approvedCode(state = 'st-1') {
    const { verifier, challenge } = await pkce();
    const { code, location } = await authorizeWithToken(
      app.url,
      { clientId, redirectUri: REDIRECT, challenge, state, resource },
      WORKSPACE_A.token,
    );
    return { code, location, verifier };
  }

  const exchange = (code: string, verifier: string, extra: Record<string, string> = {}) =>
    tokenRequest(app.url, {
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: REDIRECT,
      client_id: clientId,
      resource,
      ...extra,
    });

  it('refuses a wrong PKCE verifier with invalid_grant and issues nothing', async () => {
    const { code, verifier } = await approvedCode();
    const before = await counts();
    const wrong = await pkce();
    const answer = await exchange(code, wrong.verifier);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('invalid_grant');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(await counts()).toEqual(before);
    // The code was not burnt by the failed attempt: the right verifier still works.
    expect((await exchange(code, verifier)).status).toBe(200);
  });

  it('refuses a reused code with invalid_grant and revokes what the code issued', async () => {
    const { code, verifier } = await approvedCode();
    const first = await exchange(code, verifier);
    expect(first.status).toBe(200);
    expect((await mcpCall(app.url, first.body.access_token as string)).status).toBe(200);
    const before = await counts();
    const again = await exchange(code, verifier);
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_grant');
    expect(await counts()).toEqual(before);
    expect((await mcpCall(app.url, first.body.access_token as string)).status).toBe(401);
    const refreshed = await tokenRequest(app.url, {
      grant_type: 'refresh_token',
      refresh_token: first.body.refresh_token as string,
      client_id: clientId,
    });
    expect(refreshed.body.error).toBe('invalid_grant');
  });

  it('revokes the stored Intercom key of a sign-in whose code was never exchanged, once the code expires', async () => {
    const abandoned = await approvedCode();
    const completed = await approvedCode();
    expect((await exchange(completed.code, completed.verifier)).status).toBe(200);
    const { database } = app.runtime.deps;
    const connectionOf = async (code: string) =>
      (
        await rowsOf<{ connection_id: string }>(
          database,
          sql`select connection_id from oauth_authorization_codes where code_hash = ${secretHash(code)}`,
        )
      )[0]?.connection_id;
    const revoked = async (id: string | undefined) =>
      (
        await rowsOf<{ revoked: boolean }>(
          database,
          sql`select revoked_at is not null as revoked from connections where id = ${id}`,
        )
      )[0]?.revoked;
    const [abandonedConnection, completedConnection] = [
      await connectionOf(abandoned.code),
      await connectionOf(completed.code),
    ];
    expect(abandonedConnection).toBeDefined();
    // Eleven minutes later both codes have expired; only the abandoned one was never used.
    expect(await app.runtime.deps.oauth.purgeNow(new Date(Date.now() + 11 * 60_000))).toBeGreaterThan(0);
    expect(await revoked(abandonedConnection)).toBe(true);
    expect(await revoked(completedConnection)).toBe(false);
    expect((await exchange(abandoned.code, abandoned.verifier)).body.error).toBe('invalid_grant');
  });

  it('exchanges a code once when two requests race with it', async () => {
    const { code, verifier } = await approvedCode();
    const answers = await Promise.all(Array.from({ length: 5 }, () => exchange(code, verifier)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(1);
    expect(statuses.filter((s) => s === 400).length).toBeGreaterThanOrEqual(4);
    for (const answer of answers.filter((a) => a.status === 400))
      expect(answer.body.error).toBe('invalid_grant');
    // Whatever was issued from a code used twice no longer works.
    for (const answer of answers.filter((a) => a.status === 200)) {
      expect((await mcpCall(app.url, answer.body.access_token as string)).status).toBe(401);
    }
  });

  it('refuses a redirect URI that was not registered, without redirecting, and at the token endpoint', async () => {
    const { challenge } = await pkce();
    const before = await counts();
    const page = await fetch(
      authorizeUrl(app.url, { clientId, redirectUri: 'https://evil.example/callback', challenge, resource }),
      { redirect: 'manual' },
    );
    expect(page.status).toBe(400);
    expect(page.headers.get('location')).toBeNull();
    const html = await page.text();
    expect(html).toContain('<code id="error-code">invalid_request</code>');
    expect(html).toContain('redirect_uri is not one of the URIs this client registered');
    expect(await counts()).toEqual(before);

    const { code, verifier } = await approvedCode();
    const afterConsent = await counts();
    const answer = await exchange(code, verifier, { redirect_uri: 'http://127.0.0.1:9/other' });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('invalid_grant');
    expect(await counts()).toEqual(afterConsent);
  });

  it('refuses another resource: invalid_target at /authorize (redirected, with state) and at /token', async () => {
    const { challenge } = await pkce();
    const before = await counts();
    const answer = await fetch(
      authorizeUrl(app.url, {
        clientId,
        redirectUri: REDIRECT,
        challenge,
        state: 'keep-me',
        resource: 'https://other.example/mcp',
      }),
      { redirect: 'manual' },
    );
    expect(answer.status).toBe(303);
    const location = new URL(answer.headers.get('location') as string);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('error')).toBe('invalid_target');
    expect(location.searchParams.get('state')).toBe('keep-me');
    expect(await counts()).toEqual(before);

    const { code, verifier } = await approvedCode();
    const afterConsent = await counts();
    const exchanged = await exchange(code, verifier, { resource: 'https://other.example/mcp' });
    expect(exchanged.status).toBe(400);
    expect(exchanged.body.error).toBe('invalid_target');
    expect(await counts()).toEqual(afterConsent);
  });

  it('rejects at /mcp a token whose grant is for another resource (audience)', async () => {
    const { code, verifier } = await approvedCode();
    const tokens = await exchange(code, verifier);
    // As if PUBLIC_URL had changed since the grant was issued (the token was never used, so never cached).
    await execute(
      app.runtime.deps.database,
      `update oauth_grants set resource = 'https://old.example/mcp' where revoked_at is null`,
    );
    const denied = await mcpCall(app.url, tokens.body.access_token as string);
    expect(denied.status).toBe(401);
    expect(denied.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('rejects an expired access token with a 401 naming the resource metadata', async () => {
    const { code, verifier } = await approvedCode();
    const tokens = await exchange(code, verifier);
    await execute(
      app.runtime.deps.database,
      `update oauth_tokens set expires_at = now() - interval '1 second' where kind = 'access'`,
    );
    const denied = await mcpCall(app.url, tokens.body.access_token as string);
    expect(denied.status).toBe(401);
    expect(denied.headers.get('www-authenticate')).toBe(
      `Bearer resource_metadata="${app.url}/.well-known/oauth-protected-resource/mcp", error="invalid_token"`,
    );
    expect(((await denied.json()) as { error: { code: number } }).error.code).toBe(-32001);
  });

  it('refuses the consent form without its CSRF token (or cookie) and stores nothing', async () => {
    const { challenge } = await pkce();
    const consent = await openConsent(
      authorizeUrl(app.url, { clientId, redirectUri: REDIRECT, challenge, state: 's', resource }),
    );
    expect(consent.response.status).toBe(200);
    expect(consent.fields.get('csrf_token')).toBeTruthy();
    consent.fields.set('intercom_token', WORKSPACE_A.token);
    consent.fields.set('action', 'approve');
    const before = await counts();

    const withoutToken = new URLSearchParams(consent.fields);
    withoutToken.delete('csrf_token');
    const noCookie = await submitConsent(app.url, consent.fields, '');
    const noField = await submitConsent(app.url, withoutToken, consent.cookie);
    const tampered = new URLSearchParams(consent.fields);
    tampered.set('state', 'changed');
    const otherRequest = await submitConsent(app.url, tampered, consent.cookie);
    for (const answer of [noCookie, noField, otherRequest]) {
      expect(answer.status).toBe(403);
      expect(answer.headers.get('location')).toBeNull();
      expect(await answer.text()).toContain('<code id="error-code">invalid_request</code>');
    }
    expect(await counts()).toEqual(before);
    expect(fake.requestsFor(WORKSPACE_A.id).filter((r) => r.path === '/me')).toEqual([]);
  });

  it('refuses a client ID metadata document on a private address (the test allowance is off)', async () => {
    let connections = 0;
    const listener: Server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const { port } = listener.address() as AddressInfo;
    try {
      const { challenge } = await pkce();
      const before = await counts();
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::ffff:127.0.0.1]:${port}`]) {
        const url = `https://${host}/client.json`;
        const page = await fetch(authorizeUrl(app.url, { clientId: url, redirectUri: REDIRECT, challenge }), {
          redirect: 'manual',
        });
        expect(page.status).toBe(400);
        expect(page.headers.get('location')).toBeNull();
        const html = await page.text();
        expect(html).toContain('<code id="error-code">invalid_client</code>');
        expect(html).toMatch(/could not be fetched from a public https address/);
      }
      expect(connections).toBe(0);
      expect(await counts()).toEqual(before);
    } finally {
      await new Promise((resolve) => listener.close(resolve));
    }
  });

  it('answers bad token requests with OAuth JSON errors, never a 5xx', async () => {
    const cases: [Record<string, string>, number, string][] = [
      [{ grant_type: 'password', client_id: clientId }, 400, 'unsupported_grant_type'],
      [{ grant_type: 'authorization_code', client_id: clientId }, 400, 'invalid_request'],
      [
        { grant_type: 'authorization_code', code: 'x', code_verifier: 'y', client_id: 'nobody' },
        401,
        'invalid_client',
      ],
      [
        { grant_type: 'refresh_token', refresh_token: 'icmrt_nope', client_id: clientId },
        400,
        'invalid_grant',
      ],
    ];
    for (const [params, status, error] of cases) {
      const answer = await tokenRequest(app.url, params);
      expect(answer.status, JSON.stringify(params)).toBe(status);
      expect(answer.body.error).toBe(error);
      expect(typeof answer.body.error_description).toBe('string');
    }
    const json = await fetch(`${app.url}/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(400);
    expect(((await json.json()) as { error: string }).error).toBe('invalid_request');
  });

  it('redirects /authorize errors only after the client and redirect URI are known', async () => {
    const unknown = await fetch(
      authorizeUrl(app.url, { clientId: 'no-such-client', redirectUri: REDIRECT, challenge: 'x'.repeat(43) }),
      { redirect: 'manual' },
    );
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('invalid_client');

    const plain = new URL(
      authorizeUrl(app.url, { clientId, redirectUri: REDIRECT, challenge: 'x'.repeat(43) }),
    );
    plain.searchParams.set('code_challenge_method', 'plain');
    plain.searchParams.set('state', 'abc');
    const noS256 = await fetch(plain, { redirect: 'manual' });
    expect(noS256.status).toBe(303);
    const location = new URL(noS256.headers.get('location') as string);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('state')).toBe('abc');

    const token = new URL(plain);
    token.searchParams.set('response_type', 'token');
    const implicit = await fetch(token, { redirect: 'manual' });
    expect(new URL(implicit.headers.get('location') as string).searchParams.get('error')).toBe(
      'unsupported_response_type',
    );
  });
});
