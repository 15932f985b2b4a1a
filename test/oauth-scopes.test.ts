import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCOPES } from '../src/tenancy/scopes.js';
import { WORKSPACE_A } from './fake-intercom/seed-a.js';
import {
  authorizeUrl,
  openConsent,
  pkce,
  registerClient,
  submitConsent,
  tokenRequest,
} from './support/oauth.js';
import { recordSecret } from './support/suite-log.js';
import { useTestApp } from './support/use-test-app.js';

const REDIRECT = 'http://127.0.0.1:9/callback';

const { app } = useTestApp();
let clientId: string;

beforeAll(async () => {
  const registered = await registerClient(app.url, {
    client_name: 'Scoped client',
    redirect_uris: [REDIRECT],
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
  });
  clientId = registered.body.client_id;
});

/** Opens the consent page for `scope`, submits it with `choice` (form fields), trades the code. */
async function consentWith(scope: string | undefined, choice: [string, string][]) {
  const { verifier, challenge } = await pkce();
  const consent = await openConsent(
    authorizeUrl(app.url, { clientId, redirectUri: REDIRECT, challenge, scope }),
  );
  expect(consent.response.status).toBe(200);
  consent.fields.set('intercom_token', WORKSPACE_A.token);
  consent.fields.set('action', 'approve');
  for (const [name, value] of choice) consent.fields.append(name, value);
  const answer = await submitConsent(app.url, consent.fields, consent.cookie);
  if (answer.status !== 303) return { consent, answer, tokens: undefined };
  const code = new URL(answer.headers.get('location') as string).searchParams.get('code') as string;
  recordSecret(code);
  const tokens = await tokenRequest(app.url, {
    grant_type: 'authorization_code',
    code,
    code_verifier: verifier,
    redirect_uri: REDIRECT,
    client_id: clientId,
  });
  expect(tokens.status).toBe(200);
  return { consent, answer, tokens: tokens.body };
}

async function listTools(accessToken: string): Promise<string[]> {
  const response = await fetch(`${app.url}/mcp`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${accessToken}`,
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
  });
  const body = (await response.json()) as { result: { tools: { name: string }[] } };
  return body.result.tools.map((t) => t.name).sort();
}

describe('OAuth scopes', () => {
  it('advertises the scopes in both metadata documents', async () => {
    for (const path of [
      '/.well-known/oauth-authorization-server',
      '/.well-known/oauth-protected-resource/mcp',
    ]) {
      const document = (await (await fetch(`${app.url}${path}`)).json()) as { scopes_supported: string[] };
      expect(document.scopes_supported).toEqual(
        expect.arrayContaining([
          'intercom:read',
          'intercom:write',
          'intercom:conversations',
          'intercom:deletion',
        ]),
      );
    }
  });

  it('shows what a client asks for and grants no more, even to a tampered form', async () => {
    const { consent, tokens } = await consentWith('intercom:read intercom:conversations claudeai', [
      ['access', 'write'],
      ['toolset', 'conversations'],
      ['toolset', 'deletion'],
    ]);
    expect(consent.html).toContain('read-only access');
    expect(consent.html).toContain('<code>intercom:read intercom:conversations</code>');
    // Only what was asked is offered: no write option, no other toolset.
    expect(consent.html).not.toContain('value="write"');
    expect(consent.html).toContain('name="toolset" value="conversations"');
    expect(consent.html).not.toContain('name="toolset" value="contacts"');
    expect(tokens?.scope).toBe('intercom:read intercom:conversations');
    const tools = await listTools(tokens?.access_token as string);
    expect(tools).toEqual(['get_conversation', 'list_conversations', 'search_conversations']);
  });

  it('lets the owner narrow on the consent page', async () => {
    const { consent, tokens } = await consentWith(undefined, [
      ['access', 'read'],
      ['toolset', 'knowledge'],
    ]);
    // Nothing named: everything is offered, with bulk messaging and deletion unticked.
    expect(consent.html).toMatch(/name="toolset" value="deletion"(?! checked)/);
    expect(consent.html).toMatch(/name="toolset" value="bulk_messaging"(?! checked)/);
    expect(consent.html).toMatch(/name="toolset" value="conversations" checked/);
    expect(tokens?.scope).toBe('intercom:read intercom:knowledge');
    expect(await listTools(tokens?.access_token as string)).toEqual(['get_article', 'search_articles']);
  });

  it('grants the safe defaults when the form carries no choice', async () => {
    const { tokens } = await consentWith('intercom', []);
    expect(tokens?.scope).toBe(DEFAULT_SCOPES.key);
    const tools = await listTools(tokens?.access_token as string);
    expect(tools).toContain('reply_to_conversation');
    expect(tools).not.toContain('delete_contact');
  });

  it('asks again when no toolset was ticked, keeping the choice', async () => {
    const { answer } = await consentWith(undefined, [['access', 'read']]);
    expect(answer.status).toBe(400);
    const page = await answer.text();
    expect(page).toContain('Choose at least one kind of tool');
    expect(page).toMatch(/name="access" value="read" checked/);
    expect(page).not.toContain(WORKSPACE_A.token);
  });

  it('refreshes with the granted scopes, and refuses a refresh asking for more', async () => {
    const { tokens } = await consentWith('intercom:write intercom:contacts', [
      ['access', 'write'],
      ['toolset', 'contacts'],
    ]);
    const refreshed = await tokenRequest(app.url, {
      grant_type: 'refresh_token',
      refresh_token: tokens?.refresh_token as string,
      client_id: clientId,
      scope: 'intercom:read intercom:contacts claudeai',
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.scope).toBe('intercom:write intercom:contacts');
    const more = await tokenRequest(app.url, {
      grant_type: 'refresh_token',
      refresh_token: refreshed.body.refresh_token as string,
      client_id: clientId,
      scope: 'intercom:deletion',
    });
    expect(more.status).toBe(400);
  });
});
