import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import { sql } from 'drizzle-orm';
import pkceChallenge from 'pkce-challenge';
import { expect } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { rowsOf } from './databases.js';
import { recordSecret } from './suite-log.js';

/** An OAuthClientProvider for the SDK's client, keeping everything in memory and recording secrets. */
export class MemoryOAuthProvider implements OAuthClientProvider {
  info: OAuthClientInformationMixed | undefined;
  saved: OAuthTokens | undefined;
  verifier = '';
  authorizationUrl: URL | undefined;

  constructor(
    readonly redirectUrl: string,
    readonly clientMetadata: OAuthClientMetadata,
  ) {}

  clientInformation() {
    return this.info;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    if (info.client_secret) recordSecret(info.client_secret);
    this.info = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    recordSecret(tokens.access_token);
    if (tokens.refresh_token) recordSecret(tokens.refresh_token);
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    recordSecret(verifier);
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
}

/** A loopback "redirect URI" server: answers 200 to anything and remembers what it was called with. */
export async function startCallbackServer(): Promise<{ url: string; hits: URL[]; close(): Promise<void> }> {
  const hits: URL[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    hits.push(url);
    const code = url.searchParams.get('code');
    if (code) recordSecret(code);
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('signed in; you can close this window');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/callback`,
    hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export async function pkce(): Promise<{ verifier: string; challenge: string }> {
  const pair = await pkceChallenge();
  recordSecret(pair.code_verifier);
  return { verifier: pair.code_verifier, challenge: pair.code_challenge };
}

export async function registerClient(appUrl: string, metadata: Record<string, unknown>) {
  const response = await fetch(`${appUrl}/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(metadata),
  });
  const body = (await response.json()) as Record<string, unknown> & {
    client_id: string;
    client_secret?: string;
  };
  if (body.client_secret) recordSecret(body.client_secret);
  return { status: response.status, body };
}

export interface AuthorizeParams {
  clientId: string;
  redirectUri: string;
  challenge: string;
  state?: string;
  resource?: string;
  scope?: string;
}

export function authorizeUrl(appUrl: string, p: AuthorizeParams): string {
  const url = new URL(`${appUrl}/authorize`);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', p.clientId);
  url.searchParams.set('redirect_uri', p.redirectUri);
  url.searchParams.set('code_challenge', p.challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  if (p.state) url.searchParams.set('state', p.state);
  if (p.resource) url.searchParams.set('resource', p.resource);
  if (p.scope) url.searchParams.set('scope', p.scope);
  return url.toString();
}

/** GET /authorize as a browser would: the consent page's form fields and the CSRF cookie. */
export async function openConsent(url: string) {
  const response = await fetch(url, { redirect: 'manual' });
  const html = await response.text();
  const fields = new URLSearchParams();
  const form = /<form id="consent-form"[\s\S]*?<\/form>/.exec(html)?.[0] ?? '';
  for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields.append(m[1] as string, decodeEntities(m[2] as string));
  }
  const cookie = response.headers.get('set-cookie')?.split(';')[0] ?? '';
  return { response, html, fields, cookie };
}

function decodeEntities(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Submits the consent form without a browser; returns the answer (a 303 to the client on success). */
export async function submitConsent(appUrl: string, fields: URLSearchParams, cookie: string) {
  return fetch(`${appUrl}/authorize`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) },
    body: fields,
  });
}

/** The whole consent step for a valid request: returns the code from the redirect. */
export async function authorizeWithToken(appUrl: string, p: AuthorizeParams, intercomToken: string) {
  const consent = await openConsent(authorizeUrl(appUrl, p));
  expect(consent.response.status).toBe(200);
  consent.fields.set('intercom_token', intercomToken);
  consent.fields.set('action', 'approve');
  const answer = await submitConsent(appUrl, consent.fields, consent.cookie);
  expect(answer.status).toBe(303);
  const location = new URL(answer.headers.get('location') as string);
  const code = location.searchParams.get('code') as string;
  recordSecret(code);
  return { code, location };
}

export async function tokenRequest(appUrl: string, params: Record<string, string>) {
  const response = await fetch(`${appUrl}/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params),
  });
  const body = (await response.json()) as Record<string, string>;
  for (const key of ['access_token', 'refresh_token']) if (body[key]) recordSecret(body[key] as string);
  return { status: response.status, body, headers: response.headers };
}

/** A tools/list call with a bearer token, as raw HTTP (to see the status and headers). */
export function mcpCall(appUrl: string, token: string) {
  return fetch(`${appUrl}/mcp`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
  });
}

const TABLES = [
  'connections',
  'oauth_clients',
  'oauth_authorization_codes',
  'oauth_grants',
  'oauth_tokens',
] as const;

/** Row counts of the tables the OAuth flow writes, to prove a failure stored nothing. */
export async function tableCounts(database: Database): Promise<Record<(typeof TABLES)[number], number>> {
  const counts = {} as Record<(typeof TABLES)[number], number>;
  for (const table of TABLES) {
    const rows = await rowsOf<{ n: number }>(database, sql.raw(`select count(*)::int as n from ${table}`));
    counts[table] = (rows[0] as { n: number }).n;
  }
  return counts;
}

/** Runs a raw statement (tests adjust expiry or audience rows directly). */
export async function execute(database: Database, statement: string): Promise<void> {
  await database.db.execute(sql.raw(statement));
}
