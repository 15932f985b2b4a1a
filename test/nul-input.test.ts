import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKSPACE_A } from './fake-intercom/seed-a.js';
import { bearer } from './support/connections.js';
import { databaseKinds } from './support/databases.js';
import {
  authorizeUrl,
  openConsent,
  pkce,
  registerClient,
  submitConsent,
  tableCounts,
  tokenRequest,
} from './support/oauth.js';
import { useTestApp } from './support/use-test-app.js';

const NUL = '\u0000';
const REDIRECT = 'http://127.0.0.1:9/callback';

/**
 * Postgres refuses a NUL character in text and jsonb: an input that carries one to the database used to
 * answer 500. Every JSON or form input that reaches Postgres must answer 400 (or its protocol's error).
 */
describe.each(databaseKinds())('a NUL character in any input on %s', (kind) => {
  const { app, connection } = useTestApp({
    database: kind,
    env: { OAUTH_ALLOW_PRIVATE_METADATA_HOSTS: 'true' },
    workspaces: [WORKSPACE_A],
  });
  let documents: Server;
  let documentBase = '';
  const served = new Map<string, string>();

  beforeAll(async () => {
    documents = createServer((req, res) => {
      const body = served.get(req.url ?? '');
      if (body === undefined) return res.writeHead(404).end();
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => documents.listen(0, '127.0.0.1', resolve));
    documentBase = `http://127.0.0.1:${(documents.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => documents.close(() => resolve())));

  const unhandled = () => app.logs.filter((line) => line.includes('"msg":"unhandled"'));

  it('refuses /register metadata with a NUL anywhere: 400 invalid_client_metadata, nothing stored', async () => {
    const before = await tableCounts(app.runtime.deps.database);
    const good = { client_name: 'Client', redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none' };
    const bad: Record<string, unknown>[] = [
      { ...good, client_name: `Cli${NUL}ent` },
      { ...good, redirect_uris: [`${REDIRECT}${NUL}`] },
      { ...good, client_uri: `https://example.com/${NUL}` },
      { ...good, scope: `mcp${NUL}` },
      { ...good, software_id: `x${NUL}` },
      { ...good, [`key${NUL}`]: 'value' },
      { ...good, contacts: [`a${NUL}@example.com`] },
    ];
    for (const metadata of bad) {
      const { status, body } = await registerClient(app.url, metadata);
      expect(status, JSON.stringify(metadata)).toBe(400);
      expect(body.error).toBe('invalid_client_metadata');
    }
    expect(await tableCounts(app.runtime.deps.database)).toEqual(before);
    expect(unhandled()).toEqual([]);
  });

  it('refuses a metadata document with a NUL without a 5xx', async () => {
    const clientId = `${documentBase}/nul-client.json`;
    served.set(
      '/nul-client.json',
      JSON.stringify({ client_id: clientId, client_name: `Doc${NUL}`, redirect_uris: [REDIRECT] }),
    );
    const { challenge } = await pkce();
    const response = await fetch(authorizeUrl(app.url, { clientId, redirectUri: REDIRECT, challenge }), {
      redirect: 'manual',
    });
    expect(response.status).toBe(400);
    expect(unhandled()).toEqual([]);
  });

  it('answers NUL in authorization, consent, token and revocation inputs with a 4xx', async () => {
    const { body: client } = await registerClient(app.url, {
      client_name: 'Client',
      redirect_uris: [REDIRECT],
      token_endpoint_auth_method: 'none',
    });
    const { challenge } = await pkce();
    const valid = { clientId: client.client_id, redirectUri: REDIRECT, challenge };
    for (const p of [
      { ...valid, clientId: `${client.client_id}${NUL}` },
      { ...valid, redirectUri: `${REDIRECT}${NUL}` },
      { ...valid, state: `s${NUL}` },
      { ...valid, scope: `mcp${NUL}` },
      { ...valid, resource: `${app.url}/mcp${NUL}` },
    ]) {
      const response = await fetch(authorizeUrl(app.url, p), { redirect: 'manual' });
      expect(response.status, JSON.stringify(p)).toBeLessThan(500);
    }
    const consent = await openConsent(authorizeUrl(app.url, valid));
    for (const field of ['intercom_token', 'scope_access', 'toolsets', 'action', 'csrf_token']) {
      const fields = new URLSearchParams(consent.fields);
      fields.set('intercom_token', WORKSPACE_A.token);
      fields.set('action', 'approve');
      fields.set(field, `${fields.get(field) ?? ''}${NUL}`);
      const answer = await submitConsent(app.url, fields, consent.cookie);
      expect(answer.status, field).toBeLessThan(500);
    }
    for (const params of <Record<string, string>[]>[
      { grant_type: 'authorization_code', code: `c${NUL}`, client_id: client.client_id, code_verifier: 'v' },
      { grant_type: 'refresh_token', refresh_token: `icmrt_${NUL}`, client_id: client.client_id },
      { grant_type: 'authorization_code', code: 'c', client_id: `${client.client_id}${NUL}` },
    ]) {
      const { status } = await tokenRequest(app.url, params);
      expect(status).toBeLessThan(500);
    }
    const revoke = await fetch(`${app.url}/revoke`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: `icmat_${NUL}`, client_id: client.client_id }),
    });
    expect(revoke.status).toBeLessThan(500);
    expect(unhandled()).toEqual([]);
  });

  it('answers NUL in the connections API and in tool arguments without a 5xx', async () => {
    for (const body of [
      { intercom_token: `${WORKSPACE_A.token}${NUL}` },
      { intercom_token: WORKSPACE_A.token, region: `us${NUL}` },
      { intercom_token: WORKSPACE_A.token, scopes: { access: 'read', toolsets: [`contacts${NUL}`] } },
    ]) {
      const response = await fetch(`${app.url}/api/connections`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(400);
    }
    const patch = await fetch(`${app.url}/api/connections/self`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', ...bearer(connection.token) },
      body: JSON.stringify({ scopes: { access: `read${NUL}` } }),
    });
    expect(patch.status).toBe(400);
    // A bulk send stores its message (jsonb) before anything is sent.
    const call = await fetch(connection.mcp_url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: {
          name: 'send_intercom_message',
          arguments: { message_type: 'in_app', body: `Hello${NUL}`, segment: 'Active users' },
        },
      }),
    });
    expect(call.status).toBeLessThan(500);
    const answer = (await call.json()) as { result: { isError?: boolean; content: { text: string }[] } };
    expect(answer.result.isError).toBe(true);
    expect(answer.result.content[0]?.text).toContain('NUL');
    expect(unhandled()).toEqual([]);
  });
});
