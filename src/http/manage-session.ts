import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { ConnectionView } from '../tenancy/connection-view.js';
import { parseConnectionToken } from '../tenancy/tokens.js';
import type { RouteDeps } from './context.js';

/**
 * Who is signed in on /manage, in a signed cookie (HttpOnly, SameSite=Strict; the key is derived from
 * the keyring, so every instance reads it). It holds ids, never a secret:
 * - `connection`: proven with the connection's URL or token; bound to that token's lookup id, so a
 *   rotation (here or anywhere) ends the session at once;
 * - `workspace`: proven with an Intercom token of the workspace (GET /me); sees every live connection of it.
 */
export type ManageSession =
  | { kind: 'connection'; connectionId: string; lookupId: string }
  | { kind: 'workspace'; workspaceId: string };

const SESSION_TTL_MS = 15 * 60_000;

const sealedSession = z.object({
  purpose: z.literal('manage'),
  session: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('connection'), connectionId: z.string(), lookupId: z.string() }),
    z.object({ kind: z.literal('workspace'), workspaceId: z.string() }),
  ]),
});

function cookieName(deps: RouteDeps) {
  const secure = deps.config.publicUrl.startsWith('https:');
  return { name: secure ? '__Host-icm_manage' : 'icm_manage', secure };
}

export function readSession(c: Context, deps: RouteDeps): ManageSession | null {
  const parsed = sealedSession.safeParse(deps.oauth.cookies.open(getCookie(c, cookieName(deps).name)));
  return parsed.success ? parsed.data.session : null;
}

export function writeSession(c: Context, deps: RouteDeps, session: ManageSession): void {
  const { name, secure } = cookieName(deps);
  const value = deps.oauth.cookies.seal({ purpose: 'manage', session }, SESSION_TTL_MS);
  setCookie(c, name, value, {
    httpOnly: true,
    sameSite: 'Strict',
    secure,
    path: '/',
    maxAge: SESSION_TTL_MS / 1000,
  });
}

export function clearSession(c: Context, deps: RouteDeps): void {
  const { name, secure } = cookieName(deps);
  deleteCookie(c, name, { path: '/', secure });
}

/** The key CSRF tokens of a session's forms are bound to. */
export function sessionKey(session: ManageSession): string {
  return session.kind === 'connection'
    ? `connection:${session.connectionId}:${session.lookupId}`
    : `workspace:${session.workspaceId}`;
}

/** A connection token pasted alone or inside its MCP or SSE URL; null for anything else. */
export function connectionTokenIn(text: string): string | null {
  const trimmed = text.trim();
  const inUrl = /\/(?:mcp|sse)\/(icm_[0-9a-f]{16}_[A-Za-z0-9_-]{43})(?:[/?#]|$)/.exec(trimmed)?.[1];
  const token = inUrl ?? trimmed;
  return parseConnectionToken(token) ? token : null;
}

const INTERCOM_TOKEN_SHAPE = /^[A-Za-z0-9+/=_.:-]{20,512}$/;
/** Our own secrets (connection, OAuth, confirmation tokens): never sent to Intercom to be checked. */
const OUR_SECRET = /^icm[a-z]*_/i;

/** Text that may be an Intercom access token (and is none of ours). */
export function mayBeIntercomToken(text: string): boolean {
  return INTERCOM_TOKEN_SHAPE.test(text) && !OUR_SECRET.test(text);
}

/** Connections a session may see and act on: its own, or every live one of its workspace. */
export async function connectionsOf(deps: RouteDeps, session: ManageSession): Promise<ConnectionView[]> {
  if (session.kind === 'workspace') return deps.connections.listWorkspace(session.workspaceId);
  const view = await deps.connections.describeIfToken(session.connectionId, session.lookupId);
  return view ? [view] : [];
}
